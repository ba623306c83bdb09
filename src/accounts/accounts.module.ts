import { Module } from '@nestjs/common';
import { AccountsPagesController } from './accounts-pages.controller.js';
import { AccountsResolver } from './accounts.resolver.js';
import { WebModule } from '../web/web.module.js';
import { AccountsRepository } from './accounts.repository.js';
import { AccountsService } from './accounts.service.js';

@Module({
  imports: [WebModule],
  controllers: [AccountsPagesController],
  providers: [AccountsService, AccountsRepository, AccountsResolver],
  exports: [AccountsService],
})
export class AccountsModule {}
