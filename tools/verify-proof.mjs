#!/usr/bin/env node
// Checks Pactwatch audit log checkpoints and proofs with nothing but Node.js: no database, no
// Pactwatch code, no dependency. Anyone holding the platform's public key can run it.
//
//   node tools/verify-proof.mjs --key KEY.pem --checkpoint CHECKPOINT.txt
//       [--inclusion PROOF.json]
//       [--consistency PROOF.json --old-checkpoint OLD.txt]
//
// KEY.pem is /.well-known/pactwatch-signing-key.pem; CHECKPOINT.txt a signed note from
// /audit-log/checkpoint(s); PROOF.json an answer of /audit-log/entries/N/inclusion-proof or
// /audit-log/consistency-proof. Exit status 0 when everything checks, 1 otherwise.
import { Buffer } from 'node:buffer';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

const sha256 = (...parts) => createHash('sha256').update(Buffer.concat(parts)).digest();
export const leafHash = (bytes) => sha256(Buffer.from([0]), bytes);
const nodeHash = (left, right) => sha256(Buffer.from([1]), left, right);
const isOdd = (n) => n % 2 === 1;
const half = (n) => Math.floor(n / 2);

class VerificationError extends Error {}
const fail = (message) => {
  throw new VerificationError(message);
};

/** The checkpoint's fields once its Ed25519 signature (C2SP signed-note) checks with `publicKeyPem`. */
export function verifyCheckpoint(note, publicKeyPem) {
  const split = note.lastIndexOf('\n\n');
  if (split < 0) fail('the checkpoint has no signature block (a blank line, then signature lines)');
  const text = note.slice(0, split + 1);
  const [origin, size, root, ...extensions] = text.split('\n').slice(0, -1);
  if (!/^[1-9]\d*$/.test(size ?? '') || !/^[A-Za-z0-9+/]{43}=$/.test(root ?? ''))
    fail('the checkpoint is not origin, tree size and base64 root hash, one per line');
  const rawKey = Buffer.from(createPublicKey(publicKeyPem).export({ format: 'jwk' }).x, 'base64url');
  const keyId = sha256(Buffer.from(origin, 'utf8'), Buffer.from([0x0a, 0x01]), rawKey).subarray(0, 4);
  const signed = note
    .slice(split + 2)
    .split('\n')
    .map((line) => /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line))
    .filter((match) => match && match[1] === origin)
    .map((match) => Buffer.from(match[2], 'base64'))
    .find((raw) => raw.length === 68 && raw.subarray(0, 4).equals(keyId));
  if (!signed) fail(`no signature by the key "${origin}" with key id ${keyId.toString('hex')} (is this the right public key?)`);
  if (!verify(null, Buffer.from(text, 'utf8'), createPublicKey(publicKeyPem), signed.subarray(4)))
    fail('the checkpoint signature does not verify: the checkpoint was changed');
  return { origin, treeSize: Number(size), rootHash: Buffer.from(root, 'base64'), extensions };
}

/** RFC 9162 §2.1.3.2: the root an audit path leads to from leaf `index` of a tree of `size`. */
export function rootFromInclusionProof(index, size, leaf, proof) {
  if (index >= size) fail(`leaf ${index} cannot be in a tree of ${size}`);
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) fail('the inclusion proof is longer than the tree allows');
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!isOdd(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else {
      r = nodeHash(r, p);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  if (sn !== 0) fail('the inclusion proof is shorter than the tree needs');
  return r;
}

/** RFC 9162 §2.1.4.2: checks that the tree (firstSize, firstRoot) is a prefix of (secondSize, secondRoot). */
export function verifyConsistency(firstSize, secondSize, firstRoot, secondRoot, proof) {
  if (firstSize > secondSize) fail(`a tree of ${firstSize} cannot be a prefix of one of ${secondSize}`);
  if (firstSize === secondSize) {
    if (proof.length || !firstRoot.equals(secondRoot)) fail('two checkpoints of the same size have different roots: the log was rewritten');
    return;
  }
  const path = (firstSize & (firstSize - 1)) === 0 ? [firstRoot, ...proof] : [...proof];
  if (!path.length) fail('the consistency proof is empty');
  let fn = firstSize - 1;
  let sn = secondSize - 1;
  while (isOdd(fn)) [fn, sn] = [half(fn), half(sn)];
  let [fr, sr] = [path[0], path[0]];
  for (const c of path.slice(1)) {
    if (sn === 0) fail('the consistency proof is longer than the trees allow');
    if (isOdd(fn) || fn === sn) {
      [fr, sr] = [nodeHash(c, fr), nodeHash(c, sr)];
      while (!isOdd(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else {
      sr = nodeHash(sr, c);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  if (sn !== 0) fail('the consistency proof is shorter than the trees need');
  if (!fr.equals(firstRoot)) fail(`the older checkpoint's root is not a prefix of the newer tree: the first ${firstSize} entries were rewritten`);
  if (!sr.equals(secondRoot)) fail(`the proof does not lead to the newer checkpoint's root`);
}

const hashes = (list) => list.map((item) => Buffer.from(item, 'base64'));

function main() {
  const { values } = parseArgs({
    options: {
      key: { type: 'string' },
      checkpoint: { type: 'string' },
      inclusion: { type: 'string' },
      consistency: { type: 'string' },
      'old-checkpoint': { type: 'string' },
    },
  });
  if (!values.key || !values.checkpoint || (values.consistency && !values['old-checkpoint'])) {
    console.error(
      'usage: verify-proof.mjs --key KEY.pem --checkpoint CHECKPOINT.txt [--inclusion PROOF.json] [--consistency PROOF.json --old-checkpoint OLD.txt]',
    );
    process.exit(2);
  }
  const key = readFileSync(values.key, 'utf8');
  const checkpoint = verifyCheckpoint(readFileSync(values.checkpoint, 'utf8'), key);
  console.log(`checkpoint signature OK: ${checkpoint.origin}, ${checkpoint.treeSize} entries`);
  if (values.inclusion) {
    const proof = JSON.parse(readFileSync(values.inclusion, 'utf8'));
    if (proof.treeSize !== checkpoint.treeSize) fail(`the proof is for a tree of ${proof.treeSize} entries, the checkpoint has ${checkpoint.treeSize}`);
    const root = rootFromInclusionProof(proof.leafIndex, proof.treeSize, leafHash(Buffer.from(proof.entry, 'utf8')), hashes(proof.proof));
    if (!root.equals(checkpoint.rootHash)) fail(`entry ${proof.leafIndex + 1} as given is not in the signed tree: the entry or the log was changed`);
    console.log(`inclusion OK: entry ${proof.leafIndex + 1} is in the signed tree: ${proof.entry}`);
  }
  if (values.consistency) {
    const old = verifyCheckpoint(readFileSync(values['old-checkpoint'], 'utf8'), key);
    const proof = JSON.parse(readFileSync(values.consistency, 'utf8'));
    if (proof.from !== old.treeSize || proof.to !== checkpoint.treeSize)
      fail(`the proof goes from ${proof.from} to ${proof.to}, the checkpoints are of ${old.treeSize} and ${checkpoint.treeSize}`);
    verifyConsistency(old.treeSize, checkpoint.treeSize, old.rootHash, checkpoint.rootHash, hashes(proof.proof));
    console.log(`consistency OK: the log of ${old.treeSize} entries is a prefix of the log of ${checkpoint.treeSize}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    main();
  } catch (error) {
    console.log(`FAILED: ${error instanceof VerificationError ? error.message : error}`);
    process.exit(1);
  }
}
