import { Module } from '@nestjs/common';
import { PactsModule } from '../pacts/pacts.module.js';
import { SignaturesModule } from '../signatures/signatures.module.js';
import { ReportsModule } from '../reports/reports.module.js';
import { WebModule } from '../web/web.module.js';
import { DocumentCheckPagesController } from './document-check-pages.controller.js';
import { PublicRecordController } from './public-record.controller.js';
import { PublicRecordPagesController } from './public-record-pages.controller.js';
import { PublicRecordResolver } from './public-record.resolver.js';
import { PublicRecordRepository } from './public-record.repository.js';
import { PublicRecordService } from './public-record.service.js';

@Module({
  imports: [PactsModule, ReportsModule, SignaturesModule, WebModule],
  controllers: [PublicRecordController, PublicRecordPagesController, DocumentCheckPagesController],
  providers: [PublicRecordService, PublicRecordRepository, PublicRecordResolver],
})
export class PublicRecordModule {}
