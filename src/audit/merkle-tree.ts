import { createHash } from 'node:crypto';

/**
 * The audit log as a Merkle tree in the manner of Certificate Transparency (RFC 9162, §2.1):
 * leaves and inner nodes are hashed with different prefixes, so no leaf can pass for a node.
 * Sizes are plain numbers: a log of 2^53 entries is far beyond this platform.
 */
const LEAF_PREFIX = Buffer.from([0]);
const NODE_PREFIX = Buffer.from([1]);

export function leafHash(entryBytes: Buffer): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(entryBytes).digest();
}

export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** The largest power of two smaller than `n` (n > 1): where RFC 9162 splits a tree. */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[from:to]), the root of the tree over those leaves. */
export function rootHash(leaves: Buffer[], from = 0, to = leaves.length): Buffer {
  const n = to - from;
  if (n === 0) return createHash('sha256').digest();
  if (n === 1) return leaves[from];
  const k = split(n);
  return nodeHash(rootHash(leaves, from, from + k), rootHash(leaves, from + k, to));
}

/** PATH(index, D[0:size]): the audit path proving that leaf `index` is in the tree of the first `size` leaves. */
export function inclusionProof(leaves: Buffer[], index: number, size: number): Buffer[] {
  if (index < 0 || index >= size || size > leaves.length) throw new RangeError(`no leaf ${index} in a tree of ${size}`);
  const path = (m: number, from: number, to: number): Buffer[] => {
    if (to - from === 1) return [];
    const k = split(to - from);
    return m < k ? [...path(m, from, from + k), rootHash(leaves, from + k, to)] : [...path(m - k, from + k, to), rootHash(leaves, from, from + k)];
  };
  return path(index, 0, size);
}

/** PROOF(first, D[0:second]): proves that the tree of `first` leaves is a prefix of the tree of `second`. */
export function consistencyProof(leaves: Buffer[], first: number, second: number): Buffer[] {
  if (first <= 0 || first > second || second > leaves.length) throw new RangeError(`no consistency proof from ${first} to ${second}`);
  const subproof = (m: number, from: number, to: number, whole: boolean): Buffer[] => {
    if (m === to - from) return whole ? [] : [rootHash(leaves, from, to)];
    const k = split(to - from);
    return m <= k
      ? [...subproof(m, from, from + k, whole), rootHash(leaves, from + k, to)]
      : [...subproof(m - k, from + k, to, false), rootHash(leaves, from, from + k)];
  };
  return subproof(first, 0, second, true);
}
