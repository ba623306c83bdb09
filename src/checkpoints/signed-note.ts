import { createHash, verify, type KeyObject } from 'node:crypto';

/**
 * Checkpoints in the C2SP `tlog-checkpoint` format, signed as C2SP `signed-note`s: the body is
 * the origin, the tree size and the base64 root hash, one per line; a blank line; then one line
 * per signature, `— <key name> <base64(key id ‖ signature)>`. Any tool that reads these formats
 * (Go's golang.org/x/mod/sumdb/note, witnesses of the transparency-log ecosystem) can check them.
 */
const ED25519_SIGNATURE_TYPE = 0x01;
const EM_DASH = '\u2014';

export interface CheckpointBody {
  origin: string;
  treeSize: number;
  rootHash: Buffer;
  /** Optional extension lines after the root hash: this log writes the time the checkpoint was made. */
  extensions: string[];
}

export function checkpointText(body: CheckpointBody): string {
  return [body.origin, String(body.treeSize), body.rootHash.toString('base64'), ...body.extensions].map((line) => `${line}\n`).join('');
}

/** The signed-note key id of an Ed25519 key: the first 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key). */
export function noteKeyId(keyName: string, rawPublicKey: Buffer): Buffer {
  return createHash('sha256')
    .update(keyName, 'utf8')
    .update(Buffer.from([0x0a, ED25519_SIGNATURE_TYPE]))
    .update(rawPublicKey)
    .digest()
    .subarray(0, 4);
}

/** The verifier key in the one-line form Go's `note.NewVerifier` reads: `<name>+<hex key id>+<base64(0x01 ‖ public key)>`. */
export function verifierKey(keyName: string, rawPublicKey: Buffer): string {
  const encoded = Buffer.concat([Buffer.from([ED25519_SIGNATURE_TYPE]), rawPublicKey]).toString('base64');
  return `${keyName}+${noteKeyId(keyName, rawPublicKey).toString('hex')}+${encoded}`;
}

/** The signed note: `text`, a blank line, and the signature line over exactly the bytes of `text`. */
export function signNote(text: string, keyName: string, rawPublicKey: Buffer, sign: (message: Buffer) => Buffer): string {
  const signature = sign(Buffer.from(text, 'utf8'));
  const line = `${EM_DASH} ${keyName} ${Buffer.concat([noteKeyId(keyName, rawPublicKey), signature]).toString('base64')}\n`;
  return `${text}\n${line}`;
}

export interface ParsedNote {
  text: string;
  body: CheckpointBody;
  signatures: Array<{ keyName: string; keyId: Buffer; signature: Buffer }>;
}

/** Reads a signed checkpoint; null when the text is not one (the caller says what it expected). */
export function parseCheckpointNote(note: string): ParsedNote | null {
  const split = note.lastIndexOf('\n\n');
  if (split < 0) return null;
  const text = note.slice(0, split + 1);
  const lines = text.split('\n').slice(0, -1);
  if (lines.length < 3 || !/^[1-9]\d*$/.test(lines[1]) || !/^[A-Za-z0-9+/]{43}=$/.test(lines[2])) return null;
  const signatures = note
    .slice(split + 2)
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line))
    .map((match) => match && { keyName: match[1], raw: Buffer.from(match[2], 'base64') });
  if (!signatures.length || signatures.some((s) => !s || s.raw.length < 5)) return null;
  return {
    text,
    body: { origin: lines[0], treeSize: Number(lines[1]), rootHash: Buffer.from(lines[2], 'base64'), extensions: lines.slice(3) },
    signatures: signatures.map((s) => ({ keyName: s!.keyName, keyId: s!.raw.subarray(0, 4), signature: s!.raw.subarray(4) })),
  };
}

/** Whether `note` carries a valid signature by the Ed25519 key named `keyName`. */
export function noteSignedBy(note: ParsedNote, keyName: string, publicKey: KeyObject): boolean {
  const rawPublicKey = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
  const keyId = noteKeyId(keyName, rawPublicKey);
  return note.signatures.some((s) => s.keyName === keyName && s.keyId.equals(keyId) && verify(null, Buffer.from(note.text, 'utf8'), publicKey, s.signature));
}
