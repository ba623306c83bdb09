import { Module } from '@nestjs/common';
import { AccountsResolver } from './accounts.resolver.js';
import { AccountsService } from './accounts.service.js';

@Module({ providers: [AccountsService, AccountsResolver], exports: [AccountsService] })
export class AccountsModule {}
