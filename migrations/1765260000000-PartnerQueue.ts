import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The referral partner's complaint queue (issue 12, the focal person's journey) lists an
 * organisation's complaints by the deadline that runs now, overdue first: acknowledging while
 * REFERRED, resolving while ACKNOWLEDGED or IN_PROGRESS, none once the complaint is settled; then
 * newest first. This index holds exactly that order per organisation, so a page of the queue is
 * read from its start (or its offset) and stops after the page, however many complaints the
 * organisation has had. The expression must stay word for word the one in CasesRepository
 * (DESK_DUE_AT), or the planner no longer recognises it.
 */
export class PartnerQueue1765260000000 implements MigrationInterface {
  name = 'PartnerQueue1765260000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE INDEX complaints_desk_queue_idx ON complaints (
        handling_organisation_id,
        (CASE status WHEN 'REFERRED' THEN acknowledge_due_at WHEN 'ACKNOWLEDGED' THEN resolve_due_at WHEN 'IN_PROGRESS' THEN resolve_due_at END) ASC NULLS LAST,
        created_at DESC,
        id
      )
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX complaints_desk_queue_idx');
  }
}
