import { randomBytes } from 'node:crypto';
import { ContactCipher, contactContext } from './contact-cipher.js';

describe('contact cipher', () => {
  const cipher = new ContactCipher(randomBytes(32).toString('base64'));
  const context = contactContext('7a6c0d3e-0000-4000-8000-000000000001', 'phone');

  it('gives back what it encrypted, and the plaintext is not in the stored value', () => {
    const stored = cipher.encrypt('+254712345678', context);
    expect(stored.toString('latin1')).not.toContain('254712345678');
    expect(cipher.decrypt(stored, context)).toBe('+254712345678');
    expect(cipher.decrypt(cipher.encrypt('Akinyi Wanjiru — Lodwar', context), context)).toBe('Akinyi Wanjiru — Lodwar');
  });

  it('uses a new IV each time, so equal values do not look equal', () => {
    const a = cipher.encrypt('+254712345678', context);
    const b = cipher.encrypt('+254712345678', context);
    expect(a.subarray(0, 12).equals(b.subarray(0, 12))).toBe(false);
    expect(a.equals(b)).toBe(false);
  });

  it('detects tampering with any part of the stored value', () => {
    const stored = cipher.encrypt('+254712345678', context);
    for (const index of [0, 12, 28, stored.length - 1]) {
      const tampered = Buffer.from(stored);
      tampered[index] ^= 0x01;
      expect(() => cipher.decrypt(tampered, context)).toThrow();
    }
  });

  it('refuses a value moved to another complaint or field, or read with another key', () => {
    const stored = cipher.encrypt('+254712345678', context);
    expect(() => cipher.decrypt(stored, contactContext('7a6c0d3e-0000-4000-8000-000000000002', 'phone'))).toThrow();
    expect(() => cipher.decrypt(stored, contactContext('7a6c0d3e-0000-4000-8000-000000000001', 'email'))).toThrow();
    expect(() => new ContactCipher(randomBytes(32).toString('base64')).decrypt(stored, context)).toThrow();
  });

  it('refuses a key of the wrong size', () => {
    expect(() => new ContactCipher(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
  });
});
