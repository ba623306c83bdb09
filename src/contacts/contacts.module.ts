import { Module } from '@nestjs/common';
import { ContactVaultService } from './contact-vault.service.js';

/** Complainants' contact details, sealed at rest; read by complaints (to answer) and notifications (to deliver). */
@Module({
  providers: [ContactVaultService],
  exports: [ContactVaultService],
})
export class ContactsModule {}
