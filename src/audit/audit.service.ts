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
import { AuditRepository, type TrailPage, type TrailScope } from './audit.repository.js';
import { leafHash } from './merkle-tree.js';

export const GENESIS_HASH = '0'.repeat(64);

/** What a check of the chain found: how many entries held, and the first that did not. */
export interface ChainReport {
  checked: number;
  firstBroken: { seq: string; problem: string } | null;
}

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

/**
 * Checks entries taken from anywhere in the chain (a procurement's trail skips the entries of
 * others): each one's content against its hash, and its link to the entry just before it, whose
 * hash `hashesBefore` gives by position. The first broken one is reported, as the walk does.
 */
export function verifyEntries(entries: readonly AuditEntry[], hashesBefore: ReadonlyMap<string, string>): ChainReport {
  let checked = 0;
  for (const entry of [...entries].sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1))) {
    const seq = BigInt(entry.seq);
    const expected = seq === 1n ? GENESIS_HASH : hashesBefore.get(String(seq - 1n));
    const problem =
      expected === undefined
        ? `entry ${seq - 1n} is missing`
        : entry.previousHash !== expected
          ? 'previous_hash does not match the hash of the entry before it'
          : entryHash(entry) !== entry.hash
            ? 'content does not match its hash (the entry was altered)'
            : null;
    if (problem) return { checked, firstBroken: { seq: String(expected === undefined ? seq - 1n : seq), problem } };
    checked++;
  }
  return { checked, firstBroken: null };
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
  async trail(where: TrailScope, page: TrailPage, readable: (subjectType: string) => boolean = () => true): Promise<[AuditEntry[], number]> {
    const shown = (await this.repository.subjectTypesIn(this.transactions.reader, where)).filter(readable);
    return this.repository.trailPage(this.transactions.reader, where, shown, page);
  }

  /**
   * Checks the links of the chain these entries sit on, wherever they are in it: each entry's hash
   * covers its content, and its `previousHash` is the hash of the entry before it in the whole log.
   * One statement however many entries: what a page showing a trail can afford on every view.
   */
  async verifyEntries(entries: readonly AuditEntry[]): Promise<ChainReport> {
    const before = entries.map((entry) => BigInt(entry.seq) - 1n).filter((seq) => seq > 0n);
    const hashes = await this.repository.hashesAt(this.transactions.reader, [...new Set(before.map(String))]);
    return verifyEntries(entries, hashes);
  }
}
