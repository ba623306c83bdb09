import { Global, Module } from '@nestjs/common';
import { PlatformKeyService } from './platform-key.service.js';

/** The platform's one signing key, shared by signature records (signatures) and audit log checkpoints (checkpoints). */
@Global()
@Module({ providers: [PlatformKeyService], exports: [PlatformKeyService] })
export class SigningModule {}
