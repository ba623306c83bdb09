import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { Checkpoint } from './checkpoint.entity.js';

/** Every statement on checkpoints, and the reads of the audit log the tree is built from. */
@Injectable()
export class CheckpointsRepository {
  /** The stored leaf hashes of the first `size` entries (all of them when unset), in log order. */
  async leafHashes(tx: EntityManager, size?: number): Promise<Buffer[]> {
    const rows: Array<{ leaf_hash: string }> = await tx.query(
      `SELECT leaf_hash FROM audit_entries ${size === undefined ? '' : 'WHERE seq <= $1'} ORDER BY seq`,
      size === undefined ? [] : [size],
    );
    return rows.map((row) => Buffer.from(row.leaf_hash, 'hex'));
  }

  /** Inserted unless a checkpoint of that size exists already (one made at the same moment by another instance). */
  async insert(tx: EntityManager, checkpoint: Checkpoint): Promise<boolean> {
    const inserted: unknown[] = await tx.query(
      `INSERT INTO audit_checkpoints (tree_size, root_hash, created_at, note) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tree_size) DO NOTHING RETURNING tree_size`,
      [checkpoint.treeSize, checkpoint.rootHash, checkpoint.createdAt, checkpoint.note],
    );
    return inserted.length > 0;
  }

  latest(tx: EntityManager): Promise<Checkpoint | null> {
    return tx.getRepository(Checkpoint).createQueryBuilder('c').orderBy('c.tree_size', 'DESC').limit(1).getOne();
  }

  bySize(tx: EntityManager, treeSize: number): Promise<Checkpoint | null> {
    return tx.getRepository(Checkpoint).findOneBy({ treeSize: String(treeSize) });
  }

  all(tx: EntityManager): Promise<Checkpoint[]> {
    return tx.getRepository(Checkpoint).find({ order: { treeSize: 'ASC' } });
  }

  entry(tx: EntityManager, seq: number): Promise<AuditEntry | null> {
    return tx.getRepository(AuditEntry).findOneBy({ seq: String(seq) });
  }

  /** For each subject, the note of the first checkpoint covering its newest entry (its publication), in one statement. */
  async coveringEach(tx: EntityManager, subjectIds: readonly string[]): Promise<Map<string, string>> {
    const rows: Array<{ subject_id: string; note: string | null }> = await tx.query(
      `SELECT e.subject_id,
              (SELECT c.note FROM audit_checkpoints c WHERE c.tree_size >= e.seq ORDER BY c.tree_size LIMIT 1) AS note
         FROM (SELECT subject_id, max(seq) AS seq FROM audit_entries WHERE subject_id = ANY($1::uuid[]) GROUP BY subject_id) e`,
      [subjectIds],
    );
    return new Map(rows.flatMap((row) => (row.note ? [[row.subject_id, row.note] as const] : [])));
  }

  /**
   * The first checkpoint that covers the newest entry about any of `subjectIds`: the one made at
   * their publication (or, when it was lost with a failed witness, the next one).
   */
  async covering(tx: EntityManager, subjectIds: string[]): Promise<Checkpoint | null> {
    const rows: Array<{ tree_size: string; root_hash: string; created_at: Date; note: string }> = await tx.query(
      `SELECT tree_size, root_hash, created_at, note FROM audit_checkpoints
        WHERE tree_size >= (SELECT max(seq) FROM audit_entries WHERE subject_id = ANY($1::uuid[]))
        ORDER BY tree_size LIMIT 1`,
      [subjectIds],
    );
    return rows[0]
      ? Object.assign(new Checkpoint(), { treeSize: rows[0].tree_size, rootHash: rows[0].root_hash, createdAt: rows[0].created_at, note: rows[0].note })
      : null;
  }
}
