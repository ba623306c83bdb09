import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { ClockService } from '../clock/clock.service.js';
import { insertRows } from '../database/insert-rows.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { AuditEntry } from './audit-entry.entity.js';

export const GENESIS_HASH = '0'.repeat(64);
/** Arbitrary constant naming the advisory lock that serialises appends to the one chain. */
const CHAIN_LOCK = 0x70616374;
const LOCK_AND_READ_LAST = `SELECT pg_advisory_xact_lock(${CHAIN_LOCK}); SELECT seq, hash FROM audit_entries ORDER BY seq DESC LIMIT 1`;

export interface AuditRecord {
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  procurementId?: string | null;
  data?: Record<string, unknown>;
}

/** The hash of an entry covers its content and its predecessor's hash. */
export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const content = canonicalize({
    seq: String(entry.seq),
    occurredAt: entry.occurredAt.toISOString(),
    actorId: entry.actorId,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    procurementId: entry.procurementId,
    data: entry.data,
  });
  return createHash('sha256').update(entry.previousHash).update(content!).digest('hex');
}

@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: ClockService,
    private readonly metrics: MetricsService,
  ) {}

  /** Appends inside the caller's transaction, so the change and its audit entry commit together or not at all. */
  async append(manager: EntityManager, record: AuditRecord): Promise<AuditEntry> {
    const [entry] = await this.appendAll(manager, [record]);
    return entry;
  }

  /** Several entries, in order, for changes made together in one transaction: the chain's lock is taken once for all. */
  async appendAll(manager: EntityManager, records: AuditRecord[]): Promise<AuditEntry[]> {
    if (!manager.queryRunner?.isTransactionActive) throw new Error('audit entries are appended inside the transaction of the change');
    if (!records.length) return [];
    let last = await this.lockChain(manager);
    const entries = records.map((record) => {
      const entry: Omit<AuditEntry, 'hash'> = {
        seq: String(last ? BigInt(last.seq) + 1n : 1n),
        occurredAt: this.clock.now(),
        actorId: record.actorId,
        action: record.action,
        subjectType: record.subjectType,
        subjectId: record.subjectId,
        procurementId: record.procurementId ?? null,
        // Stored as jsonb: normalise now so the hashed form is the form read back.
        data: JSON.parse(JSON.stringify(record.data ?? {})),
        previousHash: last?.hash ?? GENESIS_HASH,
      };
      const stored = manager.create(AuditEntry, { ...entry, hash: entryHash(entry) });
      last = stored;
      return stored;
    });
    await insertRows(manager, AuditEntry, entries);
    this.metrics.auditAppendedIn(manager, records.map((record) => record.action));
    return entries;
  }

  /**
   * Takes the chain's lock and reads the last entry in one round trip: every other append waits
   * from here to the commit, so no time is spent going back and forth while holding it. Sent as
   * one simple-protocol query of two statements, which TypeORM's `query` cannot return: in READ
   * COMMITTED each statement takes its own snapshot, so the SELECT, run once the lock is granted,
   * sees the entry the previous holder committed.
   */
  private async lockChain(manager: EntityManager): Promise<{ seq: string; hash: string } | undefined> {
    // The transaction's own connection: connect() hands back the one the runner already holds.
    const connection: pg.PoolClient = await manager.queryRunner!.connect();
    const results = (await connection.query(LOCK_AND_READ_LAST)) as unknown as pg.QueryResult[];
    return results[1].rows[0];
  }

  /**
   * A page of the trail. `readable` says which subject types the reader may see: an entry about a
   * subject the reader may not read (a red flag, for the authority) says too much by existing.
   */
  async trail(where: { procurementId: string } | { subjectType: string; subjectId: string }, limit: number, offset: number, readable: (subjectType: string) => boolean = () => true) {
    const subjectTypes: Array<{ subject_type: string }> = await this.db.query(
      'procurementId' in where
        ? 'SELECT DISTINCT subject_type FROM audit_entries WHERE procurement_id = $1'
        : 'SELECT DISTINCT subject_type FROM audit_entries WHERE subject_type = $1 AND subject_id = $2',
      'procurementId' in where ? [where.procurementId] : [where.subjectType, where.subjectId],
    );
    const shown = subjectTypes.map((row) => row.subject_type).filter(readable);
    const query = this.db
      .getRepository(AuditEntry)
      .createQueryBuilder('a')
      .where('a.subject_type = ANY(:shown)', { shown })
      .orderBy('a.seq', 'ASC')
      .take(limit)
      .skip(offset);
    if ('procurementId' in where) query.andWhere('a.procurement_id = :procurementId', where);
    else query.andWhere('a.subject_type = :subjectType AND a.subject_id = :subjectId', where);
    return query.getManyAndCount();
  }
}
