import { Global, Module } from '@nestjs/common';
import { AnonymousBudgetService } from './anonymous-budget.service.js';
import { RateLimitsService } from './rate-limits.service.js';

@Global()
@Module({ providers: [RateLimitsService, AnonymousBudgetService], exports: [RateLimitsService, AnonymousBudgetService] })
export class RateLimitsModule {}
