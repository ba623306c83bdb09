import { Injectable } from '@nestjs/common';
import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { afterCommit } from '../database/after-commit.js';
import { InsertBatch } from '../database/insert-rows.js';
import { ClockService } from '../clock/clock.service.js';
import { TransactionService } from '../database/transaction.service.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { AuditEntry } from './audit-entry.entity.js';
import { AuditRepository, type TrailScope } from './audit.repository.js';
import { leafHash } from './merkle-tree.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditRecord {
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  procurementId?: string | null;
  data?: Record<string, unknown>;
}

/**
 * An entry's content as RFC 8785 canonical JSON: the bytes its Merkle leaf hash covers, and
 * what an inclusion proof hands out, so anyone can recompute the leaf.
 */
export function entryBytes(entry: Omit<AuditEntry, 'hash' | 'previousHash' | 'leafHash'>): Buffer {
  return Buffer.from(
    canonicalize({
      seq: String(entry.seq),
      occurredAt: entry.occurredAt.toISOString(),
      actorId: entry.actorId,
      action: entry.action,
      subjectType: entry.subjectType,
      subjectId: entry.subjectId,
      procurementId: entry.procurementId,
      data: entry.data,
    })!,
    'utf8',
  );
}

/** The hash of an entry covers its content and its predecessor's hash. */
export function entryHash(entry: Omit<AuditEntry, 'hash' | 'leafHash'>): string {
  return createHash('sha256').update(entry.previousHash).update(entryBytes(entry)).digest('hex');
}

@Injectable()
export class AuditService {
  /** Changes committed through this instance: what a cache of the public record compares, to notice a change at once. */
  private committedHere = 0;

  constructor(
    private readonly transactions: TransactionService,
    private readonly repository: AuditRepository,
    private readonly clock: ClockService,
    private readonly metrics: MetricsService,
  ) {}

  /** How many audited changes this instance has committed since it started; every change to the record is audited. */
  get changesCommittedHere(): number {
    return this.committedHere;
  }

  /** Appends inside the caller's transaction, so the change and its audit entry commit together or not at all. */
  async append(manager: EntityManager, record: AuditRecord): Promise<AuditEntry> {
    const [entry] = await this.appendAll(manager, [record]);
    return entry;
  }

  /**
   * Several entries, in order, for changes made together in one transaction: the chain's lock is
   * taken once for all. Given `together`, the rows of the change not inserted yet, they go in the
   * same statement as the entries: one round trip less while every other append waits.
   */
  async appendAll(manager: EntityManager, records: AuditRecord[], together?: InsertBatch): Promise<AuditEntry[]> {
    if (!manager.queryRunner?.isTransactionActive) throw new Error('audit entries are appended inside the transaction of the change');
    if (!records.length) {
      await together?.insert(manager);
      return [];
    }
    let last: { seq: string; hash: string } | undefined = await this.repository.lockChainAndReadLast(manager);
    const entries = records.map((record) => {
      const entry: Omit<AuditEntry, 'hash' | 'leafHash'> = {
        seq: String(last ? BigInt(last.seq) + 1n : 1n),
        occurredAt: this.clock.now(),
        actorId: record.actorId,
        action: record.action,
        subjectType: record.subjectType,
        subjectId: record.subjectId,
        procurementId: record.procurementId ?? null,
        // Stored as jsonb: normalise now so the hashed form is the form read back.
        data: JSON.parse(JSON.stringify(record.data ?? {})) as Record<string, unknown>,
        previousHash: last?.hash ?? GENESIS_HASH,
      };
      const stored = Object.assign(new AuditEntry(), { ...entry, hash: entryHash(entry), leafHash: leafHash(entryBytes(entry)).toString('hex') });
      last = stored;
      return stored;
    });
    const rows = together ?? new InsertBatch();
    this.repository.add(rows, entries);
    await rows.insert(manager);
    afterCommit(manager, () => this.committedHere++);
    this.metrics.auditAppendedIn(
      manager,
      records.map((record) => record.action),
    );
    return entries;
  }

  /**
   * A page of the trail. `readable` says which subject types the reader may see: an entry about a
   * subject the reader may not read (a red flag, for the authority) says too much by existing.
   */
  async trail(where: TrailScope, limit: number, offset: number, readable: (subjectType: string) => boolean = () => true): Promise<[AuditEntry[], number]> {
    const shown = (await this.repository.subjectTypesIn(this.transactions.reader, where)).filter(readable);
    return this.repository.trailPage(this.transactions.reader, where, shown, limit, offset);
  }
}
