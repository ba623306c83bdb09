import { Module } from '@nestjs/common';
import { ComplaintsModule } from '../complaints/complaints.module.js';
import { FindingsModule } from '../findings/findings.module.js';
import { PactsModule } from '../pacts/pacts.module.js';
import { RedFlagsModule } from '../red-flags/red-flags.module.js';
import { ReportsModule } from '../reports/reports.module.js';
import { SignOffsModule } from '../sign-offs/sign-offs.module.js';
import { SignaturesModule } from '../signatures/signatures.module.js';
import { TenderingModule } from '../tendering/tendering.module.js';
import { WebModule } from '../web/web.module.js';
import { AuthorityWorkspaceRepository } from './authority-workspace.repository.js';
import { AuthorityWorkspaceService } from './authority-workspace.service.js';
import { BidderWorkspaceService } from './bidder-workspace.service.js';
import { MonitorWorkspaceService } from './monitor-workspace.service.js';
import { WorkspacePagesController } from './workspace-pages.controller.js';
import { WorkspaceRepository } from './workspace.repository.js';

/** The staff workspace on the website: pages only, over the services of the features it shows. */
@Module({
  imports: [ComplaintsModule, PactsModule, SignaturesModule, TenderingModule, WebModule, FindingsModule, RedFlagsModule, SignOffsModule, ReportsModule],
  controllers: [WorkspacePagesController],
  providers: [BidderWorkspaceService, WorkspaceRepository, MonitorWorkspaceService, AuthorityWorkspaceService, AuthorityWorkspaceRepository],
})
export class WorkspaceModule {}
