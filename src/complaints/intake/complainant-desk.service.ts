import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { actorId, requireAbility } from '../../authorization/require.js';
import type { Viewer } from '../../authorization/viewer.js';
import { ClockService } from '../../clock/clock.service.js';
import { APP_CONFIG } from '../../config/app-config.js';
import type { ResolvedConfig } from '../../config/secrets.js';
import { TransactionService } from '../../database/transaction.service.js';
import { invalidField } from '../../errors/domain-error.js';
import { NotificationTemplatesService } from '../../notifications/notification-templates.service.js';
import { ComplaintEventKind } from '../complaint-event.entity.js';
import { ComplaintIntakeService, type LodgedComplaint } from './complaint-intake.service.js';
import { ComplaintNotifierService } from '../complaint-notifier.service.js';
import { Complaint, ComplaintChannel, ContactChannel } from '../complaint.entity.js';
import { ratingRefused, tooManyComplaints } from '../complaints.errors.js';
import { ComplaintsRepository } from '../complaints.repository.js';
import { ComplaintsService, type IntakeCodes } from '../complaints.service.js';
import { IntakeRepository } from './intake.repository.js';
import { ComplainantProofsService } from '../proofs/complainant-proofs.service.js';
import type { AddComplaintInformationInput, RateComplaintInput } from './inputs/complainant-proof.input.js';
import type { LodgeComplaintInput } from './inputs/lodge-complaint.input.js';
import type { WalkInComplaintInput } from './inputs/walk-in-complaint.input.js';
import { formatTrackingNumber } from '../tracking-number.js';

/** A complaint as lodged on the web: as the GraphQL input, but the sector and type may be left out. */
export type WebComplaint = Omit<LodgeComplaintInput, 'sectorCode' | 'typeCode'> & IntakeCodes;

/**
 * What complainants do, whatever the channel: lodge, add information, rate the response.
 * Walk-in complaints are lodged here too, by the partner's staff on the complainant's behalf.
 */
@Injectable()
export class ComplainantDeskService {
  private readonly lodgings: RateLimiterMemory;

  constructor(
    private readonly transactions: TransactionService,
    private readonly repository: IntakeRepository,
    private readonly history: ComplaintsRepository,
    private readonly audit: AuditService,
    private readonly clock: ClockService,
    private readonly intake: ComplaintIntakeService,
    private readonly complaints: ComplaintsService,
    private readonly proofs: ComplainantProofsService,
    private readonly notifier: ComplaintNotifierService,
    private readonly templates: NotificationTemplatesService,
    @Inject(APP_CONFIG) config: ResolvedConfig,
  ) {
    this.lodgings = new RateLimiterMemory({ points: config.complaintsPerHourPerClient, duration: 3600 });
  }

  /** Web intake (GraphQL and the /report form, which may leave the sector and type to the convener), rate limited per client address. */
  async lodgeOnWeb(viewer: Viewer, input: WebComplaint, clientIp: string): Promise<LodgedComplaint> {
    await this.consumeLodging(clientIp);
    const contact = contactOf(input);
    return this.lodgeForm(
      viewer,
      input,
      ComplaintChannel.WEB,
      contact.phone ? ContactChannel.SMS : contact.email ? ContactChannel.EMAIL : ContactChannel.NONE,
      null,
    );
  }

  /** The complaint log form, filled in by a partner's staff member at their office. */
  async lodgeWalkIn(viewer: Viewer, input: WalkInComplaintInput): Promise<LodgedComplaint> {
    requireAbility(viewer, 'create', 'Complaint', { recordingOrganisationId: input.organisationId });
    const contact = contactOf(input);
    if (input.contactBy === ContactChannel.SMS && !contact.phone)
      throw invalidField('phone', 'give the phone number to send SMS updates to, or choose another contactBy');
    if (input.contactBy === ContactChannel.EMAIL && !contact.email)
      throw invalidField('email', 'give the email address to send updates to, or choose another contactBy');
    return this.lodgeForm(viewer, input, ComplaintChannel.WALK_IN, input.contactBy, { office: input.office.trim(), recordedById: actorId(viewer) });
  }

  private async lodgeForm(
    viewer: Viewer,
    input: WebComplaint,
    channel: ComplaintChannel,
    contactBy: ContactChannel,
    walkIn: { office: string; recordedById: string } | null,
  ) {
    const language = input.language ?? 'en';
    if (!this.templates.languages().includes(language)) {
      throw invalidField('language', `we cannot answer in ${language} yet; see complaintLanguages (${this.templates.languages().join(', ')})`);
    }
    const refs = await this.complaints.resolveIntakeCodes(input);
    return this.intake.lodge({
      channel,
      description: input.description.trim(),
      ...refs,
      gender: input.gender ?? null,
      ageGroup: input.ageGroup ?? null,
      language,
      contact: contactOf(input),
      contactBy,
      walkIn,
      actorId: viewer.user?.id ?? null,
    });
  }

  /** On the web, proven with the complaint's secret; messages prove their sender and call addInformationWithin. */
  async addInformation(input: AddComplaintInformationInput, client: string): Promise<Complaint> {
    const proven = await this.proofs.prove({ ...input, client });
    return this.transactions.run(async (tx) => {
      const complaint = (await this.history.lockForUpdate(tx, proven.id))!;
      await this.addInformationWithin(tx, complaint, input.information, ComplaintChannel.WEB);
      return complaint;
    });
  }

  /** Stores the addition and tells the complainant it arrived; the handling organisation sees it on the complaint. */
  async addInformationWithin(tx: EntityManager, complaint: Complaint, information: string, channel: ComplaintChannel): Promise<void> {
    await this.repository.addAddition(tx, { complaintId: complaint.id, channel, body: information.trim() });
    await this.history.addHistoryStep(tx, complaint, ComplaintEventKind.INFORMATION_ADDED, { at: this.clock.now() });
    await this.notifier.complainant(tx, complaint, 'information-added', { trackingNumber: formatTrackingNumber(complaint.trackingNumber) });
    await this.audit.append(tx, {
      actorId: null,
      action: 'complaint.information_added',
      subjectType: 'Complaint',
      subjectId: complaint.id,
      procurementId: complaint.procurementId,
      data: { trackingNumber: formatTrackingNumber(complaint.trackingNumber), channel },
    });
  }

  async rate(input: RateComplaintInput, client: string): Promise<Complaint> {
    const proven = await this.proofs.prove({ ...input, client });
    return this.transactions.run(async (tx) => {
      const complaint = (await this.history.lockForUpdate(tx, proven.id))!;
      await this.rateWithin(tx, complaint, input.rating, input.comment?.trim() || null);
      return complaint;
    });
  }

  /** Once, after the complaint was resolved. */
  async rateWithin(tx: EntityManager, complaint: Complaint, rating: number, comment: string | null): Promise<void> {
    if (!complaint.resolvedAt) throw ratingRefused('Only a resolved complaint can be rated');
    if (complaint.rating !== null) throw ratingRefused('This complaint has already been rated');
    Object.assign(complaint, { rating, ratingComment: comment });
    await this.repository.setRating(tx, complaint.id, rating, comment);
    await this.history.addHistoryStep(tx, complaint, ComplaintEventKind.RATED, { at: this.clock.now() });
    await this.notifier.complainant(tx, complaint, 'rating-thanks', { trackingNumber: formatTrackingNumber(complaint.trackingNumber), rating });
    await this.audit.append(tx, {
      actorId: null,
      action: 'complaint.rated',
      subjectType: 'Complaint',
      subjectId: complaint.id,
      procurementId: complaint.procurementId,
      data: { trackingNumber: formatTrackingNumber(complaint.trackingNumber), rating },
    });
  }

  private async consumeLodging(clientIp: string): Promise<void> {
    try {
      await this.lodgings.consume(clientIp);
    } catch (refusal) {
      if (refusal instanceof RateLimiterRes) throw tooManyComplaints(Math.ceil(refusal.msBeforeNext / 1000));
      throw refusal;
    }
  }
}

function contactOf(input: Pick<LodgeComplaintInput, 'name' | 'phone' | 'email'>) {
  return { name: input.name?.trim() || null, phone: input.phone ?? null, email: input.email?.trim() || null };
}
