import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource, IsNull, QueryFailedError } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Viewer } from '../authorization/viewer.js';
import { APP_CONFIG } from '../config/app-config.js';
import type { ResolvedConfig } from '../config/secrets.js';
import type { FieldProblem } from '../errors/domain-error.js';
import { Area } from './area.entity.js';
import { ContactCipher, contactContext, type ContactField } from './contact-cipher.js';
import { complaintSecretMatches, hashComplaintSecret, newComplaintSecret } from './complaint-secret.js';
import { ComplaintSector } from './complaint-sector.entity.js';
import { ComplaintType } from './complaint-type.entity.js';
import type { ComplaintStatusView, LodgedComplaint } from './complaint-views.js';
import { Complaint, ComplaintChannel, ComplaintStatus, ContactChannel } from './complaint.entity.js';
import { complaintNotFound, countyNotFound, invalidTrackingNumber, tooManyComplaints, unknownCodes } from './complaints.errors.js';
import type { LodgeComplaintInput } from './inputs/lodge-complaint.input.js';
import { formatTrackingNumber, isValidTrackingNumber, newTrackingNumber, normaliseTrackingNumber } from './tracking-number.js';

/** A fresh number colliding is a one-in-billions event; a few tries make it a non-event. */
const TRACKING_NUMBER_ATTEMPTS = 5;

export interface ComplainantContact {
  name: string | null;
  phone: string | null;
  email: string | null;
}

@Injectable()
export class ComplaintsService {
  /** Null in command-line tools, which boot the modules without the key: they must fail rather than encrypt with a throwaway one. */
  private readonly contactCipher: ContactCipher | null;
  private readonly lodgings: RateLimiterMemory;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) config: ResolvedConfig,
  ) {
    this.contactCipher = config.contactEncryptionKey ? new ContactCipher(config.contactEncryptionKey) : null;
    this.lodgings = new RateLimiterMemory({ points: config.complaintsPerHourPerClient, duration: 3600 });
  }

  sectors(): Promise<ComplaintSector[]> {
    return this.db.getRepository(ComplaintSector).find({ order: { name: 'ASC' } });
  }

  types(): Promise<ComplaintType[]> {
    return this.db.getRepository(ComplaintType).find({ order: { name: 'ASC' } });
  }

  /** Every county and sub-county, or with a county code that county's sub-counties. */
  async areas(countyCode?: string | null): Promise<Area[]> {
    const areas = this.db.getRepository(Area);
    if (!countyCode) return areas.createQueryBuilder('a').orderBy('a.parent_id IS NOT NULL').addOrderBy('a.name').getMany();
    const county = await areas.findOne({ where: { code: countyCode, parentId: IsNull() } });
    if (!county) throw countyNotFound(countyCode);
    return areas.find({ where: { parentId: county.id }, order: { name: 'ASC' } });
  }

  /** Web intake. Nothing personal goes to the audit trail or the log: only codes and the tracking number. */
  async lodgeOnWeb(viewer: Viewer, input: LodgeComplaintInput, clientIp: string): Promise<LodgedComplaint> {
    await this.consumeLodging(clientIp);
    const refs = await this.resolveCodes(input);
    const contact: ComplainantContact = { name: input.name?.trim() || null, phone: input.phone ?? null, email: input.email?.trim() || null };
    const anonymous = !contact.name && !contact.phone && !contact.email;
    const secret = anonymous ? newComplaintSecret() : null;
    for (let attempt = 1; ; attempt++) {
      const id = randomUUID();
      const trackingNumber = newTrackingNumber();
      try {
        await this.db.transaction(async (tx) => {
          await tx.insert(Complaint, {
            id,
            trackingNumber,
            channel: ComplaintChannel.WEB,
            description: input.description.trim(),
            ...refs,
            gender: input.gender ?? null,
            ageGroup: input.ageGroup ?? null,
            language: input.language ?? 'en',
            contactBy: contact.phone ? ContactChannel.SMS : contact.email ? ContactChannel.EMAIL : ContactChannel.NONE,
            anonymous,
            nameEncrypted: this.seal(contact.name, id, 'name'),
            phoneEncrypted: this.seal(contact.phone, id, 'phone'),
            emailEncrypted: this.seal(contact.email, id, 'email'),
            secretHash: secret ? hashComplaintSecret(secret) : null,
          });
          await this.audit.append(tx, {
            actorId: viewer.user?.id ?? null,
            action: 'complaint.lodged',
            subjectType: 'Complaint',
            subjectId: id,
            procurementId: refs.procurementId,
            data: { trackingNumber, channel: ComplaintChannel.WEB, sector: input.sectorCode, type: input.typeCode, area: input.areaCode, anonymous },
          });
        });
        return { trackingNumber: formatTrackingNumber(trackingNumber), secret, status: ComplaintStatus.RECEIVED };
      } catch (error) {
        if (attempt >= TRACKING_NUMBER_ATTEMPTS || !isTrackingNumberCollision(error)) throw error;
      }
    }
  }

  /**
   * The status of a complaint for whoever holds its tracking number — and, for an anonymous
   * complaint, its secret. A wrong secret gets the answer of an unknown number.
   */
  async track(trackingNumber: string, secret?: string | null): Promise<ComplaintStatusView> {
    if (!isValidTrackingNumber(trackingNumber)) throw invalidTrackingNumber();
    const [row]: Array<Record<string, any>> = await this.db.query(
      `SELECT c.tracking_number, c.status, c.channel, c.created_at, c.anonymous, c.secret_hash,
              s.id AS sector_id, s.code AS sector_code, s.name AS sector_name,
              t.id AS type_id, t.code AS type_code, t.name AS type_name,
              a.id AS area_id, a.code AS area_code, a.name AS area_name, a.parent_id AS area_parent_id
         FROM complaints c
         JOIN complaint_sectors s ON s.id = c.sector_id
         JOIN complaint_types t ON t.id = c.type_id
         JOIN areas a ON a.id = c.area_id
        WHERE c.tracking_number = $1`,
      [normaliseTrackingNumber(trackingNumber)],
    );
    if (!row || (row.anonymous && !(secret && complaintSecretMatches(row.secret_hash, secret)))) throw complaintNotFound();
    return {
      trackingNumber: formatTrackingNumber(row.tracking_number),
      status: row.status,
      channel: row.channel,
      lodgedAt: row.created_at,
      sector: { id: row.sector_id, code: row.sector_code, name: row.sector_name },
      type: { id: row.type_id, code: row.type_code, name: row.type_name },
      area: { id: row.area_id, code: row.area_code, name: row.area_name, parentId: row.area_parent_id },
    };
  }

  /**
   * The decrypted contact details of one complaint. For the referral partners and the
   * convener, whose access rules come with referral; no GraphQL field reads it yet.
   */
  async contactOf(complaintId: string): Promise<ComplainantContact> {
    const complaint = await this.db.getRepository(Complaint).findOneOrFail({
      select: { id: true, nameEncrypted: true, phoneEncrypted: true, emailEncrypted: true },
      where: { id: complaintId },
    });
    return {
      name: this.open(complaint.nameEncrypted, complaintId, 'name'),
      phone: this.open(complaint.phoneEncrypted, complaintId, 'phone'),
      email: this.open(complaint.emailEncrypted, complaintId, 'email'),
    };
  }

  private async consumeLodging(clientIp: string): Promise<void> {
    try {
      await this.lodgings.consume(clientIp);
    } catch (refusal) {
      if (refusal instanceof RateLimiterRes) throw tooManyComplaints(Math.ceil(refusal.msBeforeNext / 1000));
      throw refusal;
    }
  }

  /** The ids behind the codes, naming every code that matches nothing. */
  private async resolveCodes(input: LodgeComplaintInput) {
    const [ids]: Array<{ sector_id: string | null; type_id: string | null; area_id: string | null; procurement_id: string | null }> = await this.db.query(
      `SELECT (SELECT id FROM complaint_sectors WHERE code = $1) AS sector_id,
              (SELECT id FROM complaint_types WHERE code = $2) AS type_id,
              (SELECT id FROM areas WHERE code = $3) AS area_id,
              (SELECT id FROM procurements WHERE reference = $4) AS procurement_id`,
      [input.sectorCode, input.typeCode, input.areaCode, input.procurementReference ?? null],
    );
    const problems: FieldProblem[] = [];
    if (!ids.sector_id) problems.push({ field: 'sectorCode', messages: [`no sector has the code ${input.sectorCode}; see complaintSectors`] });
    if (!ids.type_id) problems.push({ field: 'typeCode', messages: [`no complaint type has the code ${input.typeCode}; see complaintTypes`] });
    if (!ids.area_id) problems.push({ field: 'areaCode', messages: [`no county or sub-county has the code ${input.areaCode}; see areas`] });
    if (input.procurementReference && !ids.procurement_id) {
      problems.push({ field: 'procurementReference', messages: ['no procurement has this reference'] });
    }
    if (problems.length) throw unknownCodes(problems);
    return { sectorId: ids.sector_id!, typeId: ids.type_id!, areaId: ids.area_id!, procurementId: ids.procurement_id };
  }

  private get cipher(): ContactCipher {
    if (!this.contactCipher) throw new Error('no contact encryption key configured (CONTACT_ENCRYPTION_KEY)');
    return this.contactCipher;
  }

  private seal(value: string | null, complaintId: string, field: ContactField): Buffer | null {
    return value === null ? null : this.cipher.encrypt(value, contactContext(complaintId, field));
  }

  private open(stored: Buffer | null, complaintId: string, field: ContactField): string | null {
    return stored === null ? null : this.cipher.decrypt(stored, contactContext(complaintId, field));
  }
}

function isTrackingNumberCollision(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { constraint?: string }).constraint === 'complaints_tracking_number_key';
}
