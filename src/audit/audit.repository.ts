import { Injectable } from '@nestjs/common';
import type pg from 'pg';
import type { EntityManager } from 'typeorm';
import type { InsertBatch } from '../database/insert-rows.js';
import { AuditEntry } from './audit-entry.entity.js';

/** Arbitrary constant naming the advisory lock that serialises appends to the one chain. */
const CHAIN_LOCK = 0x70616374;
const LOCK_AND_READ_LAST = `SELECT pg_advisory_xact_lock(${CHAIN_LOCK}); SELECT seq, hash FROM audit_entries ORDER BY seq DESC LIMIT 1`;

/** Which entries a trail shows: those about one procurement, or about one subject. */
export type TrailScope = { procurementId: string } | { subjectType: string; subjectId: string };

/** Which page of a trail, and in which order: oldest first unless `newestFirst`. */
export interface TrailPage {
  limit: number;
  offset: number;
  newestFirst?: boolean;
}

/**
 * Every statement on the audit chain. Shared infrastructure like the audit service itself: it
 * imports no feature, and the chain's CLI verifier uses it without the application.
 */
@Injectable()
export class AuditRepository {
  /**
   * Takes the chain's lock and reads the last entry in one round trip: every other append waits
   * from here to the commit, so no time is spent going back and forth while holding it. Sent as
   * one simple-protocol query of two statements, which TypeORM's `query` cannot return: in READ
   * COMMITTED each statement takes its own snapshot, so the SELECT, run once the lock is granted,
   * sees the entry the previous holder committed.
   */
  async lockChainAndReadLast(tx: EntityManager): Promise<{ seq: string; hash: string } | undefined> {
    // The transaction's own connection: connect() hands back the one the runner already holds.
    const connection = (await tx.queryRunner!.connect()) as pg.PoolClient;
    const results = (await connection.query(LOCK_AND_READ_LAST)) as unknown as pg.QueryResult<{ seq: string; hash: string }>[];
    return results[1].rows[0];
  }

  /** Inserted with `rows`, in one statement. */
  add(rows: InsertBatch, entries: AuditEntry[]): void {
    rows.add(AuditEntry, entries);
  }

  /** The subject types the trail's entries are about, so a reader's rules can pick those it may see. */
  async subjectTypesIn(tx: EntityManager, scope: TrailScope): Promise<string[]> {
    const rows: Array<{ subject_type: string }> = await tx.query(
      'procurementId' in scope
        ? 'SELECT DISTINCT subject_type FROM audit_entries WHERE procurement_id = $1'
        : 'SELECT DISTINCT subject_type FROM audit_entries WHERE subject_type = $1 AND subject_id = $2',
      'procurementId' in scope ? [scope.procurementId] : [scope.subjectType, scope.subjectId],
    );
    return rows.map((row) => row.subject_type);
  }

  /** A page of the trail, oldest first (or newest first), of entries about the `shown` subject types only; with the count of all of them. */
  trailPage(tx: EntityManager, scope: TrailScope, shown: string[], page: TrailPage): Promise<[AuditEntry[], number]> {
    const query = tx
      .createQueryBuilder(AuditEntry, 'a')
      .where('a.subject_type = ANY(:shown)', { shown })
      .orderBy('a.seq', page.newestFirst ? 'DESC' : 'ASC')
      .take(page.limit)
      .skip(page.offset);
    if ('procurementId' in scope) query.andWhere('a.procurement_id = :procurementId', scope);
    else query.andWhere('a.subject_type = :subjectType AND a.subject_id = :subjectId', scope);
    return query.getManyAndCount();
  }

  /** The hashes of the entries at these positions, in one statement: what entries elsewhere in the chain link to. */
  async hashesAt(tx: EntityManager, seqs: readonly string[]): Promise<Map<string, string>> {
    if (!seqs.length) return new Map();
    const rows: Array<{ seq: string; hash: string }> = await tx.query('SELECT seq::text AS seq, hash FROM audit_entries WHERE seq = ANY($1::bigint[])', [seqs]);
    return new Map(rows.map((row) => [row.seq, row.hash]));
  }

  async count(tx: EntityManager): Promise<number> {
    const [{ total }]: Array<{ total: number }> = await tx.query('SELECT count(*)::int AS total FROM audit_entries');
    return total;
  }

  /** Up to `size` entries from `seq` on, in chain order. */
  batchFrom(tx: EntityManager, seq: bigint, size: number): Promise<AuditEntry[]> {
    return tx
      .createQueryBuilder(AuditEntry, 'a')
      .where('a.seq >= :from', { from: String(seq) })
      .orderBy('a.seq', 'ASC')
      .take(size)
      .getMany();
  }
}
