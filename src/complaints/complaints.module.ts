import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { ContactsModule } from '../contacts/contacts.module.js';
import { FindingsModule } from '../findings/findings.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { ClassificationSettingsService } from './referral/classification-settings.service.js';
import { ComplaintReportPagesController } from './intake/complaint-report-pages.controller.js';
import { ComplaintTrackPagesController } from './intake/complaint-track-pages.controller.js';
import { ComplaintReceiptController } from './records/complaint-receipt.controller.js';
import { WebModule } from '../web/web.module.js';
import { ComplaintReceiptsService } from './records/complaint-receipts.service.js';
import { ComplainantDeskService } from './intake/complainant-desk.service.js';
import { ComplaintCasesResolver } from './cases/complaint-cases.resolver.js';
import { ComplaintHandlingService } from './cases/complaint-handling.service.js';
import { ComplaintCasesPagesController } from './cases/complaint-cases-pages.controller.js';
import { PartnerDeskService } from './cases/partner-desk.service.js';
import { ConvenerDeskService } from './cases/convener-desk.service.js';
import { ConvenerPagesController } from './cases/convener-pages.controller.js';
import { ConvenerSettingsService } from './referral/convener-settings.service.js';
import { ReferralSettingsPagesController } from './referral/referral-settings-pages.controller.js';
import { ComplaintIntakeService } from './intake/complaint-intake.service.js';
import { ComplaintNotifierService } from './complaint-notifier.service.js';
import { ComplaintRecordsService } from './records/complaint-records.service.js';
import { ComplaintIntakeResolver } from './intake/complaint-intake.resolver.js';
import { CasesRepository } from './cases/cases.repository.js';
import { ComplaintsRepository } from './complaints.repository.js';
import { ComplaintsService } from './complaints.service.js';
import { ComplainantProofsService } from './proofs/complainant-proofs.service.js';
import { ProofsRepository } from './proofs/proofs.repository.js';
import { IntakeRepository } from './intake/intake.repository.js';
import { RecordsRepository } from './records/records.repository.js';
import { ReferralRepository } from './referral/referral.repository.js';
import { DeadlineSweepService } from './referral/deadline-sweep.service.js';
import { ReferralDeskService } from './referral/referral-desk.service.js';
import { ReferralSettingsService } from './referral/referral-settings.service.js';
import { ReferralSettingsResolver } from './referral/referral-settings.resolver.js';

@Module({
  imports: [AccountsModule, ContactsModule, FindingsModule, NotificationsModule, WebModule],
  providers: [
    ComplaintsRepository,
    ReferralRepository,
    RecordsRepository,
    IntakeRepository,
    CasesRepository,
    ProofsRepository,
    ComplainantProofsService,
    ComplaintsService,
    ComplaintRecordsService,
    ComplaintNotifierService,
    ReferralDeskService,
    ComplaintIntakeService,
    ComplaintHandlingService,
    ComplainantDeskService,
    ComplaintIntakeResolver,
    ComplaintCasesResolver,
    ReferralSettingsService,
    ClassificationSettingsService,
    ReferralSettingsResolver,
    DeadlineSweepService,
    ComplaintReceiptsService,
    PartnerDeskService,
    ConvenerDeskService,
    ConvenerSettingsService,
  ],
  controllers: [
    ComplaintReceiptController,
    ComplaintReportPagesController,
    ComplaintTrackPagesController,
    ComplaintCasesPagesController,
    ConvenerPagesController,
    ReferralSettingsPagesController,
  ],
  exports: [
    ContactsModule,
    ReferralSettingsService,
    DeadlineSweepService,
    ComplaintsService,
    ComplainantProofsService,
    ComplaintIntakeService,
    ComplainantDeskService,
    ComplaintNotifierService,
    ReferralDeskService,
    ComplaintRecordsService,
    PartnerDeskService,
    ConvenerDeskService,
  ],
})
export class ComplaintsModule {}
