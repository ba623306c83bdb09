import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { ContactsModule } from '../contacts/contacts.module.js';
import { FindingsModule } from '../findings/findings.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { ClassificationSettings } from './classification-settings.service.js';
import { ComplaintReceiptController } from './complaint-receipt.controller.js';
import { ComplaintReceipts } from './complaint-receipts.service.js';
import { ComplainantDesk } from './complainant-desk.service.js';
import { ComplaintCasesResolver } from './complaint-cases.resolver.js';
import { ComplaintHandling } from './complaint-handling.service.js';
import { ComplaintIntake } from './complaint-intake.service.js';
import { ComplaintNotifier } from './complaint-notifier.js';
import { ComplaintRecords } from './complaint-records.service.js';
import { ComplaintsResolver } from './complaints.resolver.js';
import { ComplaintsService } from './complaints.service.js';
import { DeadlineSweep } from './deadline-sweep.service.js';
import { ReferralDesk } from './referral-desk.js';
import { ReferralSettings } from './referral-settings.service.js';
import { ReferralSettingsResolver } from './referral-settings.resolver.js';

@Module({
  imports: [AccountsModule, ContactsModule, FindingsModule, NotificationsModule],
  providers: [
    ComplaintsService,
    ComplaintRecords,
    ComplaintNotifier,
    ReferralDesk,
    ComplaintIntake,
    ComplaintHandling,
    ComplainantDesk,
    ComplaintsResolver,
    ComplaintCasesResolver,
    ReferralSettings,
    ClassificationSettings,
    ReferralSettingsResolver,
    DeadlineSweep,
    ComplaintReceipts,
  ],
  controllers: [ComplaintReceiptController],
  exports: [ContactsModule, ReferralSettings, DeadlineSweep, ComplaintsService, ComplaintIntake, ComplainantDesk, ComplaintNotifier, ReferralDesk, ComplaintRecords],
})
export class ComplaintsModule {}
