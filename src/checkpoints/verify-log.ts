import type { KeyObject } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AuditRepository } from '../audit/audit.repository.js';
import { entryBytes } from '../audit/audit.service.js';
import { leafHash, nodeHash } from '../audit/merkle-tree.js';
import { CheckpointsRepository } from './checkpoints.repository.js';
import { noteSignedBy, parseCheckpointNote } from './signed-note.js';

export interface TreeReport {
  entries: number;
  checkpoints: number;
  /** Each names what differs: which checkpoint, which entries. */
  problems: string[];
}

interface Claim {
  /** Where the checkpoint comes from, as the report names it. */
  source: string;
  note: string;
}

interface SignedRoot {
  source: string;
  root: string;
}

const BATCH = 2000;

/**
 * The right edge of a growing RFC 9162 tree: the roots of its perfect subtrees, largest first.
 * Folding them from the right gives the root of the tree so far, so every checkpoint is checked
 * in one pass over the log, whatever their number.
 */
class CompactRange {
  private readonly subtrees: Array<{ size: number; hash: Buffer }> = [];

  append(leaf: Buffer): void {
    let node = { size: 1, hash: leaf };
    while (this.subtrees.length && this.subtrees[this.subtrees.length - 1].size === node.size) {
      const left = this.subtrees.pop()!;
      node = { size: left.size * 2, hash: nodeHash(left.hash, node.hash) };
    }
    this.subtrees.push(node);
  }

  root(): Buffer {
    return this.subtrees.reduceRight<Buffer | null>((right, { hash }) => (right ? nodeHash(hash, right) : hash), null)!;
  }
}

/**
 * Rebuilds the Merkle tree from the entries' content (not from the stored leaf hashes, which a
 * tamperer can recompute as easily) and checks it against every stored checkpoint and any given
 * one: each must be signed by the platform's key and name the root of the log's first entries.
 * Runs without the application, on the CLI's bare connection.
 */
export async function verifyAuditTree(db: DataSource, origin: string, publicKey: KeyObject, extra: Claim[] = []): Promise<TreeReport> {
  const stored = await new CheckpointsRepository().all(db.manager);
  const claims = [...stored.map((c) => ({ source: `stored checkpoint of ${c.treeSize} entries`, note: c.note })), ...extra];
  const problems: string[] = [];
  const bySize = new Map<number, SignedRoot[]>();
  for (const claim of claims) {
    const parsed = parseCheckpointNote(claim.note);
    if (!parsed) problems.push(`${claim.source}: not a signed checkpoint note`);
    else if (parsed.body.origin !== origin) problems.push(`${claim.source}: it is a checkpoint of the log "${parsed.body.origin}", not of "${origin}"`);
    else if (!noteSignedBy(parsed, origin, publicKey)) problems.push(`${claim.source}: its signature does not verify with the platform's key`);
    else bySize.set(parsed.body.treeSize, [...(bySize.get(parsed.body.treeSize) ?? []), { source: claim.source, root: parsed.body.rootHash.toString('hex') }]);
  }
  const entries = await compareAlongTheLog(db, bySize, problems);
  for (const [size, pending] of bySize) {
    for (const claim of pending) problems.push(`${claim.source}: the log has only ${entries} entries, so entries ${entries + 1} to ${size} were deleted`);
  }
  return { entries, checkpoints: claims.length, problems };
}

/** One pass over the log in order; each signed root is checked when the tree reaches its size, then removed from `bySize`. */
async function compareAlongTheLog(db: DataSource, bySize: Map<number, SignedRoot[]>, problems: string[]): Promise<number> {
  const audit = new AuditRepository();
  const tree = new CompactRange();
  let size = 0;
  let lastMatched = 0;
  let next = 1n;
  for (;;) {
    const rows = await audit.batchFrom(db.manager, next, BATCH);
    for (const row of rows) {
      next = BigInt(row.seq) + 1n;
      const leaf = leafHash(entryBytes(row));
      if (leaf.toString('hex') !== row.leafHash) problems.push(`entry ${row.seq}: its stored leaf hash does not match its content`);
      tree.append(leaf);
      size++;
      const claims = bySize.get(size);
      if (!claims) continue;
      const root = tree.root().toString('hex');
      for (const claim of claims) {
        if (claim.root === root) continue;
        problems.push(
          `${claim.source}: the first ${size} entries no longer have the root it signed (${claim.root}, now ${root}): ` +
            `an entry from ${lastMatched + 1} to ${size} was changed, inserted or removed`,
        );
      }
      if (claims.every((claim) => claim.root === root)) lastMatched = size;
      bySize.delete(size);
    }
    if (rows.length < BATCH) return size;
  }
}
