import { randomInt } from 'node:crypto';

/**
 * Digits and capitals without 0/O, 1/I/L: nothing a complainant copying from an SMS or a
 * paper receipt can mistake for something else. 31 symbols: a prime, which the check needs.
 */
export const TRACKING_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const BASE = TRACKING_ALPHABET.length;
const PAYLOAD_LENGTH = 8;
const PREFIX = 'PW';

/**
 * The check character makes Σ (position × value) ≡ 0 (mod 31), positions counted from 1.
 * Because 31 is prime and every weight (1..9) and every difference of two adjacent weights
 * (1) is non-zero modulo 31, any single wrong character and any swap of two adjacent
 * characters changes the sum, so the number no longer checks out (the ISBN-10 scheme).
 */
export function checkCharacter(payload: string): string {
  const sum = weightedSum(payload);
  // The check sits at position n + 1: solve (n + 1) × c ≡ −sum (mod 31).
  const c = mod(-sum * inverse(payload.length + 1), BASE);
  return TRACKING_ALPHABET[c];
}

/** A fresh tracking number in its canonical form (9 characters, no dashes). */
export function newTrackingNumber(): string {
  let payload = '';
  for (let i = 0; i < PAYLOAD_LENGTH; i++) payload += TRACKING_ALPHABET[randomInt(BASE)];
  return payload + checkCharacter(payload);
}

/**
 * What a person typed, in canonical form: any case, with or without dashes, spaces and the
 * `PW` prefix. Null when it cannot be a tracking number at all.
 */
export function normaliseTrackingNumber(input: string): string | null {
  let compact = input.toUpperCase().replace(/[\s-]/g, '');
  if (compact.length === PAYLOAD_LENGTH + 1 + PREFIX.length && compact.startsWith(PREFIX)) compact = compact.slice(PREFIX.length);
  if (compact.length !== PAYLOAD_LENGTH + 1 || [...compact].some((ch) => !TRACKING_ALPHABET.includes(ch))) return null;
  return compact;
}

export function isValidTrackingNumber(input: string): boolean {
  const canonical = normaliseTrackingNumber(input);
  return canonical !== null && mod(weightedSum(canonical), BASE) === 0;
}

/** `PW-XXXX-XXXX-C`, the form printed and sent to complainants. */
export function formatTrackingNumber(canonical: string): string {
  return `${PREFIX}-${canonical.slice(0, 4)}-${canonical.slice(4, 8)}-${canonical.slice(8)}`;
}

function weightedSum(symbols: string): number {
  return [...symbols].reduce((sum, ch, i) => sum + (i + 1) * TRACKING_ALPHABET.indexOf(ch), 0);
}

function mod(value: number, m: number): number {
  return ((value % m) + m) % m;
}

/** Multiplicative inverse modulo the (prime) base, by Fermat: a^(p−2). */
function inverse(a: number): number {
  let result = 1;
  for (let i = 0; i < BASE - 2; i++) result = (result * a) % BASE;
  return result;
}
