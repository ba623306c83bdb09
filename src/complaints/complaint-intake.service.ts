import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../clock/clock.js';
import { RedFlagsService } from '../red-flags/red-flags.service.js';
import { ComplaintEvent, ComplaintEventKind } from './complaint-event.entity.js';
import { ComplaintNotifier } from './complaint-notifier.js';
import { hashComplaintSecret, newComplaintSecret } from './complaint-secret.js';
import { ComplainantAgeGroup, ComplainantGender, Complaint, ComplaintChannel, ComplaintStatus, ContactChannel } from './complaint.entity.js';
import { ContactVault, type ComplainantContact } from './contact-vault.js';
import { ReferralDesk } from './referral-desk.js';
import { formatTrackingNumber, newTrackingNumber } from './tracking-number.js';

/** A fresh number colliding is a one-in-billions event; a few tries make it a non-event. */
const TRACKING_NUMBER_ATTEMPTS = 5;

export interface NewComplaint {
  channel: ComplaintChannel;
  description: string;
  sectorId: string | null;
  typeId: string | null;
  areaId: string | null;
  procurementId: string | null;
  gender: ComplainantGender | null;
  ageGroup: ComplainantAgeGroup | null;
  language: string;
  contact: ComplainantContact;
  /** How the complainant wants to hear back; must name a channel whose detail was given. */
  contactBy: ContactChannel;
  walkIn: { office: string; recordedById: string } | null;
  /** The signed-in person lodging it (walk-in staff, a signed-in member of the public), if any. */
  actorId: string | null;
}

export interface LodgedComplaint {
  complaint: Complaint;
  /** Only for an anonymous complaint, and only now: it is stored hashed. */
  secret: string | null;
}

/**
 * One way in for every channel: the complaint, its first history, its referral, the
 * acknowledgement to the complainant and the note to the organisation it went to commit
 * together, so nothing accepted is lost and nothing is announced that was not stored.
 */
@Injectable()
export class ComplaintIntake {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly vault: ContactVault,
    private readonly referrals: ReferralDesk,
    private readonly notifier: ComplaintNotifier,
    private readonly redFlags: RedFlagsService,
  ) {}

  /** `alongside` runs in the same transaction, after the complaint is stored (the gateway's message record, for one). */
  async lodge(input: NewComplaint, alongside?: (tx: EntityManager, lodged: LodgedComplaint) => Promise<void>): Promise<LodgedComplaint> {
    const anonymous = !input.contact.name && !input.contact.phone && !input.contact.email;
    const secret = anonymous ? newComplaintSecret() : null;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction(async (tx) => {
          const lodged = { complaint: await this.store(tx, input, anonymous, secret), secret };
          await alongside?.(tx, lodged);
          // Last: from the audit append to the commit, every other intake waits for the chain's lock.
          await this.audit.append(tx, {
            actorId: input.actorId,
            action: 'complaint.lodged',
            subjectType: 'Complaint',
            subjectId: lodged.complaint.id,
            procurementId: input.procurementId,
            // Codes only: who complained and what they wrote stay out of the trail.
            data: {
              trackingNumber: formatTrackingNumber(lodged.complaint.trackingNumber),
              channel: input.channel,
              anonymous,
              referredTo: lodged.complaint.handlingOrganisationId ?? null,
            },
          });
          return lodged;
        });
      } catch (error) {
        if (attempt >= TRACKING_NUMBER_ATTEMPTS || !isTrackingNumberCollision(error)) throw error;
      }
    }
  }

  private async store(tx: EntityManager, input: NewComplaint, anonymous: boolean, secret: string | null): Promise<Complaint> {
    const id = randomUUID();
    const now = this.clock.now();
    const complaint = tx.create(Complaint, {
      id,
      trackingNumber: newTrackingNumber(),
      channel: input.channel,
      status: ComplaintStatus.RECEIVED,
      description: input.description,
      sectorId: input.sectorId,
      typeId: input.typeId,
      areaId: input.areaId,
      procurementId: input.procurementId,
      gender: input.gender,
      ageGroup: input.ageGroup,
      language: input.language,
      contactBy: input.contactBy,
      anonymous,
      ...this.vault.seal(id, input.contact),
      secretHash: secret ? hashComplaintSecret(secret) : null,
      walkInOffice: input.walkIn?.office ?? null,
      recordedById: input.walkIn?.recordedById ?? null,
      createdAt: now,
      updatedAt: now,
    });
    const route = await this.referrals.route(tx, complaint);
    if (route) Object.assign(complaint, this.referrals.referralFields(route, now));
    await tx.insert(Complaint, complaint);
    await tx.insert(ComplaintEvent, [
      { complaintId: id, kind: ComplaintEventKind.LODGED, status: ComplaintStatus.RECEIVED, actorId: input.actorId, occurredAt: now },
      ...(route ? [{ complaintId: id, kind: ComplaintEventKind.REFERRED, status: ComplaintStatus.REFERRED, organisationId: route.organisationId, occurredAt: now }] : []),
    ]);
    const trackingNumber = formatTrackingNumber(complaint.trackingNumber);
    await this.notifier.complainant(tx, complaint, 'complaint-received', { trackingNumber, status: complaint.status });
    if (route) await this.referrals.announce(tx, complaint, route);
    if (input.procurementId) {
      await this.notifier.monitor(tx, complaint);
      await this.redFlags.recompute(tx, input.procurementId);
    }
    return complaint;
  }
}

function isTrackingNumberCollision(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { constraint?: string }).constraint === 'complaints_tracking_number_key';
}
