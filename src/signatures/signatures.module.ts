import { Module } from '@nestjs/common';
import { ProcurementsModule } from '../procurements/procurements.module.js';
import { RedFlagsModule } from '../red-flags/red-flags.module.js';
import { PlatformKeyService } from './platform-key.service.js';
import { SigningKeyController } from './signing-key.controller.js';
import { PactVersionSignaturesResolver, SignaturesResolver } from './signatures.resolver.js';
import { SignaturesService } from './signatures.service.js';

@Module({
  imports: [ProcurementsModule, RedFlagsModule],
  controllers: [SigningKeyController],
  providers: [PlatformKeyService, SignaturesService, SignaturesResolver, PactVersionSignaturesResolver],
  exports: [SignaturesService],
})
export class SignaturesModule {}
