import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { QueryFailedError, type EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { ClockService } from '../../clock/clock.service.js';
import { InsertBatch } from '../../database/insert-rows.js';
import { TransactionService } from '../../database/transaction.service.js';
import { ProcurementEventsService } from '../../events/procurement-events.service.js';
import { ComplaintEventKind } from '../complaint-event.entity.js';
import { ComplaintNotifierService } from '../complaint-notifier.service.js';
import { hashComplaintSecret, newComplaintSecret } from '../complaint-secret.js';
import { ComplainantAgeGroup, ComplainantGender, Complaint, ComplaintChannel, ComplaintStatus, ContactChannel } from '../complaint.entity.js';
import { ContactVaultService, type ComplainantContact } from '../../contacts/contact-vault.service.js';
import { ReferralDeskService } from '../referral/referral-desk.service.js';
import { formatTrackingNumber, newTrackingNumber } from '../tracking-number.js';
import { MetricsService } from '../../metrics/metrics.service.js';
import { IntakeRepository } from './intake.repository.js';

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
  /** For every complaint but an SMS one (whose sender's number proves it), and only now: it is stored hashed. */
  secret: string | null;
}

/**
 * One way in for every channel: the complaint, its first history, its referral, the
 * acknowledgement to the complainant and the note to the organisation it went to commit
 * together, so nothing accepted is lost and nothing is announced that was not stored.
 */
@Injectable()
export class ComplaintIntakeService {
  constructor(
    private readonly transactions: TransactionService,
    private readonly repository: IntakeRepository,
    private readonly audit: AuditService,
    private readonly clock: ClockService,
    private readonly vault: ContactVaultService,
    private readonly referrals: ReferralDeskService,
    private readonly notifier: ComplaintNotifierService,
    private readonly procurementEvents: ProcurementEventsService,
    private readonly metrics: MetricsService,
  ) {}

  async lodge(input: NewComplaint): Promise<LodgedComplaint> {
    const [lodged] = await this.lodgeAll([input]);
    return lodged;
  }

  /**
   * Several complaints in one transaction, as messages arriving together by SMS are lodged:
   * each statement and the audit chain's lock serve them all. `alongside` adds rows of its own
   * to the complaints' (the gateways' message records, for one), inserted with them.
   */
  async lodgeAll(inputs: NewComplaint[], alongside?: (lodged: LodgedComplaint[], rows: InsertBatch) => void): Promise<LodgedComplaint[]> {
    // An SMS complainant proves themselves by the number the gateway vouches for; everyone else by the secret.
    const secrets = inputs.map((input) => (input.channel === ComplaintChannel.SMS ? null : newComplaintSecret()));
    for (let attempt = 1; ; attempt++) {
      try {
        const committed = await this.transactions.run(async (tx) => {
          const rows = new InsertBatch();
          const complaints = await this.store(tx, rows, inputs, secrets);
          const lodged = complaints.map((complaint, index) => ({ complaint, secret: secrets[index] }));
          alongside?.(lodged, rows);
          // Last, the rows in one statement with the audit entries: from the chain's lock and the
          // complaints' insert (which takes the day's statistics cells) to the commit, every other
          // intake waits, so everything that can be done before is.
          await this.audit.appendAll(
            tx,
            complaints.map((complaint, index) => ({
              actorId: inputs[index].actorId,
              action: 'complaint.lodged',
              subjectType: 'Complaint',
              subjectId: complaint.id,
              procurementId: complaint.procurementId,
              // Codes only: who complained and what they wrote stay out of the trail.
              data: {
                trackingNumber: formatTrackingNumber(complaint.trackingNumber),
                channel: complaint.channel,
                anonymous: complaint.anonymous,
                referredTo: complaint.handlingOrganisationId ?? null,
              },
            })),
            rows,
          );
          return lodged;
        });
        this.metrics.complaintsLodgedBy(committed.map(({ complaint }) => complaint.channel));
        return committed;
      } catch (error) {
        if (attempt >= TRACKING_NUMBER_ATTEMPTS || !isTrackingNumberCollision(error)) throw error;
      }
    }
  }

  /** The complaints with their first history and acknowledgement added to `rows`; inserted already if more had to follow them. */
  private async store(tx: EntityManager, rows: InsertBatch, inputs: NewComplaint[], secrets: Array<string | null>): Promise<Complaint[]> {
    const now = this.clock.now();
    const complaints = inputs.map((input, index) => this.newComplaint(input, secrets[index], now));
    const routes = await this.referrals.routeAll(tx, complaints);
    for (const [index, route] of routes.entries()) if (route) Object.assign(complaints[index], this.referrals.referralFields(route, now));
    this.repository.addComplaints(
      rows,
      complaints,
      complaints.flatMap((complaint, index) => firstSteps(complaint, inputs[index].actorId, now)),
    );
    await this.notifier.complainants(
      tx,
      'complaint-received',
      complaints.map((complaint, index) => ({
        complaint,
        values: { trackingNumber: formatTrackingNumber(complaint.trackingNumber), status: complaint.status },
        secret: secrets[index],
      })),
      rows,
    );
    // What follows reads the stored complaints or points to them from statements of its own: they go in first.
    if (complaints.some((complaint, index) => routes[index] || complaint.procurementId)) await rows.insert(tx);
    for (const [index, complaint] of complaints.entries()) {
      const route = routes[index];
      if (route) await this.referrals.announce(tx, complaint, route);
      if (complaint.procurementId) {
        await this.notifier.monitor(tx, complaint);
        await this.procurementEvents.factsChanged(tx, complaint.procurementId);
      }
    }
    return complaints;
  }

  /** The complaint as received, its contact details sealed under its own id. */
  private newComplaint(input: NewComplaint, secret: string | null, now: Date): Complaint {
    const id = randomUUID();
    return Object.assign(new Complaint(), {
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
      anonymous: isAnonymous(input.contact),
      ...this.vault.seal(id, input.contact),
      secretHash: secret ? hashComplaintSecret(secret) : null,
      walkInOffice: input.walkIn?.office ?? null,
      recordedById: input.walkIn?.recordedById ?? null,
      createdAt: now,
      updatedAt: now,
    });
  }
}

/** Lodged, and referred at once when a routing rule matched. */
function firstSteps(complaint: Complaint, actorId: string | null, now: Date) {
  const lodged = { complaintId: complaint.id, kind: ComplaintEventKind.LODGED, status: ComplaintStatus.RECEIVED, actorId, occurredAt: now };
  if (!complaint.handlingOrganisationId) return [lodged];
  const referred = {
    complaintId: complaint.id,
    kind: ComplaintEventKind.REFERRED,
    status: ComplaintStatus.REFERRED,
    organisationId: complaint.handlingOrganisationId,
    occurredAt: now,
  };
  return [lodged, referred];
}

function isAnonymous(contact: ComplainantContact): boolean {
  return !contact.name && !contact.phone && !contact.email;
}

function isTrackingNumberCollision(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { constraint?: string }).constraint === 'complaints_tracking_number_key';
}
