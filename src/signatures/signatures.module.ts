import { Module } from '@nestjs/common';
import { PactsModule } from '../pacts/pacts.module.js';
import { ProcurementsModule } from '../procurements/procurements.module.js';
import { WebModule } from '../web/web.module.js';
import { PactPdfController } from './pact-pdf.controller.js';
import { PactPdfService } from './pact-pdf.service.js';
import { SigningKeyController } from './signing-key.controller.js';
import { SignaturesPagesController } from './signatures-pages.controller.js';
import { PactVersionSignaturesResolver, SignaturesResolver } from './signatures.resolver.js';
import { SignaturesRepository } from './signatures.repository.js';
import { SignaturesService } from './signatures.service.js';

@Module({
  imports: [PactsModule, ProcurementsModule, WebModule],
  controllers: [SigningKeyController, PactPdfController, SignaturesPagesController],
  providers: [PactPdfService, SignaturesService, SignaturesRepository, SignaturesResolver, PactVersionSignaturesResolver],
  exports: [SignaturesService, PactPdfService],
})
export class SignaturesModule {}
