import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { TRACKING_ALPHABET } from './tracking-number.js';

const SECRET_LENGTH = 20;

/**
 * The secret an anonymous complainant follows their complaint with. It is 20 random symbols
 * of the tracking alphabet (31^20 ≈ 2^99), so unlike a password it cannot be guessed, and a
 * plain SHA-256 protects it as well as a slow hash would: Argon2 exists to make guessing
 * low-entropy human choices expensive, and would only cost every public intake ~20 MiB and
 * tens of milliseconds.
 */
export function newComplaintSecret(): string {
  let secret = '';
  for (let i = 0; i < SECRET_LENGTH; i++) secret += TRACKING_ALPHABET[randomInt(TRACKING_ALPHABET.length)];
  return secret.match(/.{5}/g)!.join('-');
}

/** Hex SHA-256 of the secret as typed, ignoring case, dashes and spaces. */
export function hashComplaintSecret(secret: string): string {
  return createHash('sha256').update(secret.toUpperCase().replace(/[\s-]/g, '')).digest('hex');
}

export function complaintSecretMatches(secretHash: string, secret: string): boolean {
  return timingSafeEqual(Buffer.from(secretHash, 'hex'), Buffer.from(hashComplaintSecret(secret), 'hex'));
}
