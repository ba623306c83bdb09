import { Module } from '@nestjs/common';
import { AccountsResolver } from './accounts.resolver.js';
import { AccountsRepository } from './accounts.repository.js';
import { AccountsService } from './accounts.service.js';

@Module({ providers: [AccountsService, AccountsRepository, AccountsResolver], exports: [AccountsService] })
export class AccountsModule {}
