import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;
export const CONTACT_KEY_BYTES = 32;

/**
 * AES-256-GCM for the complainant's name, phone and email. Each value gets its own random IV
 * and is bound (as associated data) to its complaint and field, so a ciphertext copied into
 * another row or column no longer decrypts. Stored as IV ‖ tag ‖ ciphertext.
 */
export class ContactCipher {
  private readonly key: Buffer;

  constructor(keyBase64: string) {
    this.key = Buffer.from(keyBase64, 'base64');
    if (this.key.length !== CONTACT_KEY_BYTES) throw new Error(`the contact encryption key must be ${CONTACT_KEY_BYTES} bytes, base64-encoded`);
  }

  encrypt(plaintext: string, context: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]);
  }

  /** Throws when the value was altered, or belongs to another complaint or field. */
  decrypt(stored: Buffer, context: string): string {
    const iv = stored.subarray(0, IV_BYTES);
    const tag = stored.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(stored.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }
}

export type ContactField = 'name' | 'phone' | 'email';

/** The associated data of one contact field of one complaint. */
export const contactContext = (complaintId: string, field: ContactField) => `complaint:${complaintId}:${field}`;
