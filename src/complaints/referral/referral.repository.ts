import { Injectable } from '@nestjs/common';
import { IsNull, type EntityManager } from 'typeorm';
import { Area } from '../area.entity.js';
import { ComplaintSector } from '../complaint-sector.entity.js';
import { ComplaintType } from '../complaint-type.entity.js';
import { Complaint, type ComplaintStatus } from '../complaint.entity.js';
import { ComplaintDeadline } from './complaint-deadline.entity.js';
import { DeadlineKind } from './complaint-reminder.entity.js';
import { ReferralRule } from './referral-rule.entity.js';

/** Per sweep, so a backlog after downtime is worked through in bounded transactions. */
const LAPSED_BATCH = 200;

/** The column each deadline runs on. */
const DEADLINE_COLUMNS: Record<DeadlineKind, string> = {
  [DeadlineKind.ACKNOWLEDGE]: 'acknowledge_due_at',
  [DeadlineKind.RESOLVE]: 'resolve_due_at',
};

export type ClassificationEntity = typeof ComplaintSector | typeof ComplaintType | typeof Area;

/** The scope a routing rule or deadline applies to; null for "any". */
export interface RuleScope {
  sectorId: string | null;
  areaId: string | null;
  typeId: string | null;
}

/** A reminder about to be sent: unique per complaint, organisation, deadline and level. */
export interface ReminderClaim {
  complaintId: string;
  organisationId: string;
  deadline: DeadlineKind;
  level: number;
  sentAt: Date;
}

/**
 * The SQL of referral: routing rules and deadlines, the classification lists the convener
 * extends, and the deadline sweep's lapsed complaints and reminder claims.
 */
@Injectable()
export class ReferralRepository {
  rules(tx: EntityManager): Promise<ReferralRule[]> {
    return tx.find(ReferralRule, { order: { createdAt: 'ASC' } });
  }

  /** Every deadline, the defaults (no organisation, no type) first. */
  deadlines(tx: EntityManager): Promise<ComplaintDeadline[]> {
    return tx.find(ComplaintDeadline, { order: { organisationId: { direction: 'ASC', nulls: 'FIRST' }, typeId: { direction: 'ASC', nulls: 'FIRST' } } });
  }

  /** The county of each area (null for a county itself), by area id. */
  async countiesOf(tx: EntityManager, areaIds: string[]): Promise<Map<string, string | null>> {
    if (!areaIds.length) return new Map();
    const rows: Array<{ id: string; parent_id: string | null }> = await tx.query('SELECT id, parent_id FROM areas WHERE id = ANY($1)', [areaIds]);
    return new Map(rows.map((row) => [row.id, row.parent_id]));
  }

  ruleById(tx: EntityManager, id: string): Promise<ReferralRule | null> {
    return tx.findOneBy(ReferralRule, { id });
  }

  /** The rule for exactly this scope (null parts matching only null). */
  ruleFor(tx: EntityManager, scope: RuleScope): Promise<ReferralRule | null> {
    return tx.findOneBy(ReferralRule, { sectorId: nullable(scope.sectorId), areaId: nullable(scope.areaId), typeId: nullable(scope.typeId) });
  }

  saveRule(tx: EntityManager, rule: Partial<ReferralRule>): Promise<ReferralRule> {
    return tx.save(ReferralRule, rule);
  }

  async removeRule(tx: EntityManager, id: string): Promise<void> {
    await tx.delete(ReferralRule, { id });
  }

  /** The deadline for exactly this organisation and type (null matching only null). */
  deadlineFor(tx: EntityManager, organisationId: string | null, typeId: string | null): Promise<ComplaintDeadline | null> {
    return tx.findOneBy(ComplaintDeadline, { organisationId: nullable(organisationId), typeId: nullable(typeId) });
  }

  saveDeadline(tx: EntityManager, deadline: Partial<ComplaintDeadline>): Promise<ComplaintDeadline> {
    return tx.save(ComplaintDeadline, deadline);
  }

  codeTaken(tx: EntityManager, list: ClassificationEntity, code: string): Promise<boolean> {
    return tx.existsBy(list, { code });
  }

  async addClassification<E extends ClassificationEntity>(
    tx: EntityManager,
    list: E,
    entry: { code: string; name: string; parentId?: string | null },
  ): Promise<InstanceType<E>> {
    return (await tx.save(list, entry as never)) as InstanceType<E>;
  }

  /**
   * Complaints in one of `statuses` whose `deadline` lapsed `level` times its length ago (the
   * second lapse: as long again after the deadline) and that have no reminder of that level for
   * their current organisation; the most overdue first, a bounded batch.
   */
  async lapsed(tx: EntityManager, deadline: DeadlineKind, level: number, statuses: ComplaintStatus[], now: Date): Promise<string[]> {
    const column = DEADLINE_COLUMNS[deadline];
    const rows: Array<{ id: string }> = await tx.query(
      `SELECT c.id FROM complaints c
        WHERE c.status = ANY($1::complaint_status[]) AND c.${column} + (c.${column} - c.referred_at) * ($2 - 1) < $3
          AND NOT EXISTS (SELECT 1 FROM complaint_reminders r
                           WHERE r.complaint_id = c.id AND r.organisation_id = c.handling_organisation_id AND r.deadline = $4 AND r.level = $2)
        ORDER BY c.${column}
        LIMIT ${LAPSED_BATCH}`,
      [statuses, level, now, deadline],
    );
    return rows.map((row) => row.id);
  }

  /** Inserts the reminder's row; false when it exists already (another instance claimed it). */
  async claimReminder(tx: EntityManager, claim: ReminderClaim): Promise<boolean> {
    const claimed: unknown[] = await tx.query(
      `INSERT INTO complaint_reminders (complaint_id, organisation_id, deadline, level, sent_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ON CONSTRAINT complaint_reminders_once_key DO NOTHING RETURNING id`,
      [claim.complaintId, claim.organisationId, claim.deadline, claim.level, claim.sentAt],
    );
    return claimed.length > 0;
  }

  async setEscalatedTo(tx: EntityManager, complaintId: string, organisationId: string): Promise<void> {
    await tx.update(Complaint, { id: complaintId }, { escalatedToId: organisationId });
  }
}

/** TypeORM matches NULL only through IsNull(); a plain null in `where` would match everything. */
function nullable(value: string | null) {
  return value === null ? IsNull() : value;
}
