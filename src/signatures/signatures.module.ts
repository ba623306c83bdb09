import { Module } from '@nestjs/common';
import { PactsModule } from '../pacts/pacts.module.js';
import { ProcurementsModule } from '../procurements/procurements.module.js';
import { PactPdfController } from './pact-pdf.controller.js';
import { PactPdfService } from './pact-pdf.service.js';
import { SigningKeyController } from './signing-key.controller.js';
import { PactVersionSignaturesResolver, SignaturesResolver } from './signatures.resolver.js';
import { SignaturesRepository } from './signatures.repository.js';
import { SignaturesService } from './signatures.service.js';

@Module({
  imports: [PactsModule, ProcurementsModule],
  controllers: [SigningKeyController, PactPdfController],
  providers: [PactPdfService, SignaturesService, SignaturesRepository, SignaturesResolver, PactVersionSignaturesResolver],
  exports: [SignaturesService, PactPdfService],
})
export class SignaturesModule {}
