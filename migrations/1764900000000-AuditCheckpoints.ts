import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import type { MigrationInterface, QueryRunner } from 'typeorm';

interface StoredEntry {
  seq: string;
  occurred_at: Date;
  actor_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string;
  procurement_id: string | null;
  data: unknown;
}

/**
 * The audit log as a Merkle tree with signed checkpoints (src/checkpoints). Each entry gets its
 * leaf hash; the entries written before this migration get theirs here, computed as
 * `entryBytes` in src/audit/audit.service.ts does. A migration never changes once landed, so it
 * keeps its own copy of that definition rather than importing code that may move on.
 * Checkpoints are insert-only like the log they sign.
 */
export class AuditCheckpoints1764900000000 implements MigrationInterface {
  name = 'AuditCheckpoints1764900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE audit_entries ADD COLUMN leaf_hash char(64)');
    const entries: StoredEntry[] = await db.query(
      'SELECT seq, occurred_at, actor_id, action, subject_type, subject_id, procurement_id, data FROM audit_entries ORDER BY seq',
    );
    // Filling a column is no rewrite of the record, but the insert-only trigger cannot tell.
    await db.query('ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_insert_only');
    for (const entry of entries) {
      await db.query('UPDATE audit_entries SET leaf_hash = $2 WHERE seq = $1', [entry.seq, leafHashOf(entry)]);
    }
    await db.query(`
      ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_insert_only;
      ALTER TABLE audit_entries ALTER COLUMN leaf_hash SET NOT NULL;

      CREATE TABLE audit_checkpoints (
        tree_size bigint PRIMARY KEY CHECK (tree_size > 0),
        root_hash char(64) NOT NULL,
        created_at timestamptz NOT NULL,
        note text NOT NULL
      );
      CREATE TRIGGER audit_checkpoints_insert_only BEFORE UPDATE OR DELETE ON audit_checkpoints
        FOR EACH ROW EXECUTE FUNCTION refuse_change();
      CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE audit_checkpoints;
      ALTER TABLE audit_entries DROP COLUMN leaf_hash;
    `);
  }
}

function leafHashOf(entry: StoredEntry): string {
  const bytes = canonicalize({
    seq: entry.seq,
    occurredAt: entry.occurred_at.toISOString(),
    actorId: entry.actor_id,
    action: entry.action,
    subjectType: entry.subject_type,
    subjectId: entry.subject_id,
    procurementId: entry.procurement_id,
    data: entry.data,
  })!;
  return createHash('sha256')
    .update(Buffer.from([0]))
    .update(bytes, 'utf8')
    .digest('hex');
}
