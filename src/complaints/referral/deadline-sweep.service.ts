import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { ClockService } from '../../clock/clock.service.js';
import { APP_CONFIG } from '../../config/app-config.js';
import type { ResolvedConfig } from '../../config/secrets.js';
import { TransactionService } from '../../database/transaction.service.js';
import { QueueService } from '../../queue/queue.service.js';
import { ComplaintEventKind } from '../complaint-event.entity.js';
import { ComplaintNotifierService } from '../complaint-notifier.service.js';
import { MetricsService } from '../../metrics/metrics.service.js';
import { Complaint, ComplaintStatus } from '../complaint.entity.js';
import { ComplaintsRepository } from '../complaints.repository.js';
import { formatTrackingNumber } from '../tracking-number.js';
import { DeadlineKind } from './complaint-reminder.entity.js';
import { periodCron } from '../../queue/period-cron.js';
import { ReferralRepository } from './referral.repository.js';

/** The pg-boss queue (and schedule) of deadline sweeps, one for all instances. */
export const DEADLINE_SWEEP_QUEUE = 'complaint-deadline-sweep';

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

/** A sweep still running after this long is taken as lost with its process; the next scheduled one carries on. */
const SWEEP_EXPIRE_SECONDS = 15 * 60;

export interface SweepOutcome {
  reminders: number;
  escalations: number;
}

/**
 * Reminds and escalates when a referred complaint's deadline lapses. The sweep runs on one
 * pg-boss schedule shared by every instance (pg-boss sends each scheduled job once, and one
 * instance works it), every DEADLINE_SWEEP_SECONDS rounded up to whole minutes. Each reminder
 * is still claimed by inserting its row (unique per complaint, organisation, deadline and
 * level) in the same transaction as its messages, so a sweep started by hand, or one retried
 * after a crash, never sends a reminder twice.
 */
@Injectable()
export class DeadlineSweepService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('DeadlineSweepService');

  constructor(
    private readonly transactions: TransactionService,
    private readonly complaints: ComplaintsRepository,
    private readonly referral: ReferralRepository,
    private readonly queue: QueueService,
    private readonly audit: AuditService,
    private readonly clock: ClockService,
    private readonly notifier: ComplaintNotifierService,
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {}

  /** Command-line tools boot without the contact key, and leave reminders (and their schedule) to the server. */
  private get serving(): boolean {
    return Boolean(this.config.contactEncryptionKey);
  }

  onModuleInit(): void {
    if (!this.serving || !periodCron(this.config.deadlineSweepSeconds)) return;
    this.queue.work(
      DEADLINE_SWEEP_QUEUE,
      { retryLimit: 0, retryDelaySeconds: 0, retryBackoff: false, expireInSeconds: SWEEP_EXPIRE_SECONDS, batchSize: 1 },
      async () => {
        await this.sweep();
      },
    );
  }

  /**
   * Sets the one schedule (after the queue module has created the queue: it is global, so its
   * hooks run first). Every instance writes the same schedule, so the last started wins; 0 removes it.
   */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.serving) return;
    const cron = periodCron(this.config.deadlineSweepSeconds);
    if (cron) await this.queue.boss.schedule(DEADLINE_SWEEP_QUEUE, cron);
    else await this.queue.boss.unschedule(DEADLINE_SWEEP_QUEUE);
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
    this.metrics.deadlineSweepDone(outcome);
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
      const claimed = await this.referral.claimReminder(tx, {
        complaintId: complaint.id,
        organisationId: complaint.handlingOrganisationId,
        deadline,
        level,
        sentAt: now,
      });
      if (!claimed) return false;
      await this.notify(tx, complaint, deadline, level, now);
      await this.audit.append(tx, {
        actorId: null,
        action: level === ReminderLevel.REMINDER ? 'complaint.reminded' : 'complaint.escalated',
        subjectType: 'Complaint',
        subjectId: complaint.id,
        procurementId: complaint.procurementId,
        data: {
          trackingNumber: formatTrackingNumber(complaint.trackingNumber),
          deadline,
          organisationId: complaint.handlingOrganisationId,
          escalatedTo: complaint.escalatedToId,
        },
      });
      return true;
    });
  }

  private async notify(tx: EntityManager, complaint: Complaint, deadline: DeadlineKind, level: ReminderLevel, now: Date): Promise<void> {
    const name = (await this.complaints.organisationNames(tx, [complaint.handlingOrganisationId!])).get(complaint.handlingOrganisationId!);
    const dueAt = (deadline === DeadlineKind.ACKNOWLEDGE ? complaint.acknowledgeDueAt : complaint.resolveDueAt)!;
    const values = {
      trackingNumber: formatTrackingNumber(complaint.trackingNumber),
      organisationName: name,
      deadline: deadline.toLowerCase(),
      dueAt: dueAt.toISOString(),
    };
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
