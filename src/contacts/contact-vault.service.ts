import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/app-config.js';
import type { ResolvedConfig } from '../config/secrets.js';
import { ContactCipher, contactContext, type ContactField } from './contact-cipher.js';

export interface ComplainantContact {
  name: string | null;
  phone: string | null;
  email: string | null;
}

export interface SealedContact {
  nameEncrypted: Buffer | null;
  phoneEncrypted: Buffer | null;
  emailEncrypted: Buffer | null;
}

/** Seals and opens a complainant's contact details with the configured key (contact-cipher.ts). */
@Injectable()
export class ContactVaultService {
  /** Null in command-line tools, which boot the modules without the key: they must fail rather than encrypt with a throwaway one. */
  private readonly contactCipher: ContactCipher | null;

  constructor(@Inject(APP_CONFIG) config: ResolvedConfig) {
    this.contactCipher = config.contactEncryptionKey ? new ContactCipher(config.contactEncryptionKey) : null;
  }

  seal(complaintId: string, contact: ComplainantContact): SealedContact {
    return {
      nameEncrypted: this.sealField(contact.name, complaintId, 'name'),
      phoneEncrypted: this.sealField(contact.phone, complaintId, 'phone'),
      emailEncrypted: this.sealField(contact.email, complaintId, 'email'),
    };
  }

  open(complaintId: string, sealed: SealedContact): ComplainantContact {
    return {
      name: this.openField(sealed.nameEncrypted, complaintId, 'name'),
      phone: this.openField(sealed.phoneEncrypted, complaintId, 'phone'),
      email: this.openField(sealed.emailEncrypted, complaintId, 'email'),
    };
  }

  private get cipher(): ContactCipher {
    if (!this.contactCipher) throw new Error('no contact encryption key configured (CONTACT_ENCRYPTION_KEY)');
    return this.contactCipher;
  }

  private sealField(value: string | null, complaintId: string, field: ContactField): Buffer | null {
    return value === null ? null : this.cipher.encrypt(value, contactContext(complaintId, field));
  }

  private openField(stored: Buffer | null, complaintId: string, field: ContactField): string | null {
    return stored === null ? null : this.cipher.decrypt(stored, contactContext(complaintId, field));
  }
}
