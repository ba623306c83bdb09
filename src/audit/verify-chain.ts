import type { DataSource } from 'typeorm';
import { AuditRepository } from './audit.repository.js';
import { GENESIS_HASH, entryHash, type ChainReport } from './audit.service.js';

export type { ChainReport };

const BATCH = 2000;

/**
 * Walks the whole chain in order, recomputing every hash; stops at the first broken link. Runs
 * without the application (the CLI opens a bare data source), so it makes its own repository.
 */
export async function verifyAuditChain(db: DataSource, onProgress?: (checked: number, total: number) => void): Promise<ChainReport> {
  const entries = new AuditRepository();
  const manager = db.manager;
  const total = await entries.count(manager);
  let previousHash = GENESIS_HASH;
  let expectedSeq = 1n;
  let checked = 0;
  for (;;) {
    const rows = await entries.batchFrom(manager, expectedSeq, BATCH);
    for (const row of rows) {
      const seq = BigInt(row.seq);
      const problem =
        seq !== expectedSeq
          ? `entry ${expectedSeq} is missing`
          : row.previousHash !== previousHash
            ? 'previous_hash does not match the hash of the entry before it'
            : entryHash(row) !== row.hash
              ? 'content does not match its hash (the entry was altered)'
              : null;
      if (problem) return { checked, firstBroken: { seq: String(seq !== expectedSeq ? expectedSeq : seq), problem } };
      previousHash = row.hash;
      expectedSeq = seq + 1n;
      checked++;
    }
    onProgress?.(checked, total);
    if (rows.length < BATCH) return { checked, firstBroken: null };
  }
}
