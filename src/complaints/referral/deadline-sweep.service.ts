import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { ClockService } from '../../clock/clock.service.js';
import { APP_CONFIG } from '../../config/app-config.js';
import type { ResolvedConfig } from '../../config/secrets.js';
import { ComplaintEventKind } from '../complaint-event.entity.js';
import { recordStep } from '../complaint-history.js';
import { ComplaintNotifierService } from '../complaint-notifier.service.js';
import { MetricsService } from '../../metrics/metrics.service.js';
import { DeadlineKind } from './complaint-reminder.entity.js';
import { Complaint, ComplaintStatus } from '../complaint.entity.js';
import { formatTrackingNumber } from '../tracking-number.js';

/** A first lapse reminds; a second, as long again after the deadline, escalates. */
export enum ReminderLevel {
  REMINDER = 1,
  ESCALATION = 2,
}

/** Per sweep, so a backlog after downtime is worked through in bounded transactions. */
const BATCH = 200;

/** Which complaints each deadline watches, and the column it runs on. */
const DEADLINES: Record<DeadlineKind, { column: string; statuses: ComplaintStatus[] }> = {
  [DeadlineKind.ACKNOWLEDGE]: { column: 'acknowledge_due_at', statuses: [ComplaintStatus.REFERRED] },
  [DeadlineKind.RESOLVE]: { column: 'resolve_due_at', statuses: [ComplaintStatus.REFERRED, ComplaintStatus.ACKNOWLEDGED, ComplaintStatus.IN_PROGRESS] },
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
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: ClockService,
    private readonly notifier: ComplaintNotifierService,
    private readonly metrics: MetricsService,
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
    this.metrics.deadlineSweepDone(outcome);
    if (outcome.reminders || outcome.escalations) this.logger.log(`${outcome.reminders} reminder(s) and ${outcome.escalations} escalation(s) sent`);
    return outcome;
  }

  private async lapsed(deadline: DeadlineKind, level: ReminderLevel, now: Date): Promise<string[]> {
    const { column, statuses } = DEADLINES[deadline];
    const rows: Array<{ id: string }> = await this.db.query(
      `SELECT c.id FROM complaints c
        WHERE c.status = ANY($1::complaint_status[]) AND c.${column} + (c.${column} - c.referred_at) * ($2 - 1) < $3
          AND NOT EXISTS (SELECT 1 FROM complaint_reminders r
                           WHERE r.complaint_id = c.id AND r.organisation_id = c.handling_organisation_id AND r.deadline = $4 AND r.level = $2)
        ORDER BY c.${column}
        LIMIT ${BATCH}`,
      [statuses, level, now, deadline],
    );
    return rows.map((row) => row.id);
  }

  /** False when another instance got there first, or the complaint moved on meanwhile. */
  private async remind(complaintId: string, deadline: DeadlineKind, level: ReminderLevel, now: Date): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const complaint = await tx.findOne(Complaint, { where: { id: complaintId }, lock: { mode: 'pessimistic_write' } });
      if (!complaint || !complaint.handlingOrganisationId || !DEADLINES[deadline].statuses.includes(complaint.status)) return false;
      const claimed: unknown[] = await tx.query(
        `INSERT INTO complaint_reminders (complaint_id, organisation_id, deadline, level, sent_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT ON CONSTRAINT complaint_reminders_once_key DO NOTHING RETURNING id`,
        [complaint.id, complaint.handlingOrganisationId, deadline, level, now],
      );
      if (!claimed.length) return false;
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
    const [{ name }]: Array<{ name: string }> = await tx.query('SELECT name FROM organisations WHERE id = $1', [complaint.handlingOrganisationId]);
    const dueAt = (deadline === DeadlineKind.ACKNOWLEDGE ? complaint.acknowledgeDueAt : complaint.resolveDueAt)!;
    const values = { trackingNumber: formatTrackingNumber(complaint.trackingNumber), organisationName: name, deadline: deadline.toLowerCase(), dueAt: dueAt.toISOString() };
    if (level === ReminderLevel.REMINDER) {
      await this.notifier.organisation(tx, complaint.id, complaint.handlingOrganisationId!, 'deadline-reminder', values);
      await this.notifier.conveners(tx, complaint.id, 'convener-follow-up', values);
    } else {
      complaint.escalatedToId = await this.notifier.implementers(tx, complaint, 'complaint-escalated', values);
      if (complaint.escalatedToId) await tx.update(Complaint, { id: complaint.id }, { escalatedToId: complaint.escalatedToId });
    }
    await recordStep(tx, complaint, level === ReminderLevel.REMINDER ? ComplaintEventKind.REMINDED : ComplaintEventKind.ESCALATED, {
      organisationId: level === ReminderLevel.REMINDER ? complaint.handlingOrganisationId : complaint.escalatedToId,
      reason: `${deadline.toLowerCase()} deadline ${dueAt.toISOString()} lapsed`,
      at: now,
    });
  }
}
