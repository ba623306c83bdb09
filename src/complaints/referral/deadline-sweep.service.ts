import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { ClockService } from '../../clock/clock.service.js';
import { APP_CONFIG } from '../../config/app-config.js';
import type { ResolvedConfig } from '../../config/secrets.js';
import { TransactionService } from '../../database/transaction.service.js';
import { ComplaintEventKind } from '../complaint-event.entity.js';
import { ComplaintNotifierService } from '../complaint-notifier.service.js';
import { Complaint, ComplaintStatus } from '../complaint.entity.js';
import { ComplaintsRepository } from '../complaints.repository.js';
import { formatTrackingNumber } from '../tracking-number.js';
import { DeadlineKind } from './complaint-reminder.entity.js';
import { ReferralRepository } from './referral.repository.js';

/** A first lapse reminds; a second, as long again after the deadline, escalates. */
export enum ReminderLevel {
  REMINDER = 1,
  ESCALATION = 2,
}

/** Which complaints each deadline watches. */
const WATCHED: Record<DeadlineKind, ComplaintStatus[]> = {
  [DeadlineKind.ACKNOWLEDGE]: [ComplaintStatus.REFERRED],
  [DeadlineKind.RESOLVE]: [ComplaintStatus.REFERRED, ComplaintStatus.ACKNOWLEDGED, ComplaintStatus.IN_PROGRESS],
};

export interface SweepOutcome {
  reminders: number;
  escalations: number;
}

/**
 * Reminds and escalates when a referred complaint's deadline lapses. Each reminder is claimed
 * by inserting its row (unique per complaint, organisation, deadline and level) in the same
 * transaction as its messages: several instances may sweep at once, and only one sends it.
 */
@Injectable()
export class DeadlineSweepService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('DeadlineSweepService');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly transactions: TransactionService,
    private readonly complaints: ComplaintsRepository,
    private readonly referral: ReferralRepository,
    private readonly audit: AuditService,
    private readonly clock: ClockService,
    private readonly notifier: ComplaintNotifierService,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {}

  /** Every instance sweeps on its own timer: the claims make that safe, and no instance is special. */
  onApplicationBootstrap(): void {
    // Command-line tools boot without the contact key, and leave reminders to the server.
    if (this.config.deadlineSweepSeconds && this.config.contactEncryptionKey) this.scheduleNext();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** The next sweep starts a full period after the last one ended, so sweeps never overlap. */
  private scheduleNext(): void {
    this.timer = setTimeout(async () => {
      this.running = this.sweep().catch((error: Error) => this.logger.error(`deadline sweep failed: ${error.message}`));
      await this.running;
      if (this.timer) this.scheduleNext();
    }, this.config.deadlineSweepSeconds * 1000);
    this.timer.unref();
  }

  async sweep(): Promise<SweepOutcome> {
    const outcome: SweepOutcome = { reminders: 0, escalations: 0 };
    const now = this.clock.now();
    for (const deadline of Object.values(DeadlineKind)) {
      for (const level of [ReminderLevel.REMINDER, ReminderLevel.ESCALATION]) {
        for (const complaintId of await this.lapsed(deadline, level, now)) {
          if (await this.remind(complaintId, deadline, level, now)) outcome[level === ReminderLevel.REMINDER ? 'reminders' : 'escalations']++;
        }
      }
    }
    if (outcome.reminders || outcome.escalations) this.logger.log(`${outcome.reminders} reminder(s) and ${outcome.escalations} escalation(s) sent`);
    return outcome;
  }

  private lapsed(deadline: DeadlineKind, level: ReminderLevel, now: Date): Promise<string[]> {
    return this.referral.lapsed(this.transactions.reader, deadline, level, WATCHED[deadline], now);
  }

  /** False when another instance got there first, or the complaint moved on meanwhile. */
  private async remind(complaintId: string, deadline: DeadlineKind, level: ReminderLevel, now: Date): Promise<boolean> {
    return this.transactions.run(async (tx) => {
      const complaint = await this.complaints.lockForUpdate(tx, complaintId);
      if (!complaint || !complaint.handlingOrganisationId || !WATCHED[deadline].includes(complaint.status)) return false;
      const claimed = await this.referral.claimReminder(tx, { complaintId: complaint.id, organisationId: complaint.handlingOrganisationId, deadline, level, sentAt: now });
      if (!claimed) return false;
      await this.notify(tx, complaint, deadline, level, now);
      await this.audit.append(tx, {
        actorId: null,
        action: level === ReminderLevel.REMINDER ? 'complaint.reminded' : 'complaint.escalated',
        subjectType: 'Complaint',
        subjectId: complaint.id,
        procurementId: complaint.procurementId,
        data: { trackingNumber: formatTrackingNumber(complaint.trackingNumber), deadline, organisationId: complaint.handlingOrganisationId, escalatedTo: complaint.escalatedToId },
      });
      return true;
    });
  }

  private async notify(tx: EntityManager, complaint: Complaint, deadline: DeadlineKind, level: ReminderLevel, now: Date): Promise<void> {
    const name = (await this.complaints.organisationNames(tx, [complaint.handlingOrganisationId!])).get(complaint.handlingOrganisationId!);
    const dueAt = (deadline === DeadlineKind.ACKNOWLEDGE ? complaint.acknowledgeDueAt : complaint.resolveDueAt)!;
    const values = { trackingNumber: formatTrackingNumber(complaint.trackingNumber), organisationName: name, deadline: deadline.toLowerCase(), dueAt: dueAt.toISOString() };
    if (level === ReminderLevel.REMINDER) {
      await this.notifier.organisation(tx, complaint.id, complaint.handlingOrganisationId!, 'deadline-reminder', values);
      await this.notifier.conveners(tx, complaint.id, 'convener-follow-up', values);
    } else {
      complaint.escalatedToId = await this.notifier.implementers(tx, complaint, 'complaint-escalated', values);
      if (complaint.escalatedToId) await this.referral.setEscalatedTo(tx, complaint.id, complaint.escalatedToId);
    }
    await this.complaints.addHistoryStep(tx, complaint, level === ReminderLevel.REMINDER ? ComplaintEventKind.REMINDED : ComplaintEventKind.ESCALATED, {
      organisationId: level === ReminderLevel.REMINDER ? complaint.handlingOrganisationId : complaint.escalatedToId,
      reason: `${deadline.toLowerCase()} deadline ${dueAt.toISOString()} lapsed`,
      at: now,
    });
  }
}
