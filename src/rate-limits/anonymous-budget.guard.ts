import { Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AnonymousBudgetService, type BudgetedRequest } from './anonymous-budget.service.js';

const ANONYMOUS_COST = 'pactwatch:anonymous-cost';

/** Marks an HTTP route as spending `cost` of an anonymous caller's budget (see AnonymousBudgetService). */
export const AnonymousCost = (cost: number) => SetMetadata(ANONYMOUS_COST, cost);

/** Charges the routes marked with @AnonymousCost; GraphQL is charged by its own plugin, by the operation's computed cost. */
@Injectable()
export class AnonymousBudgetGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly budget: AnonymousBudgetService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<string>() !== 'http') return true;
    const cost = this.reflector.get<number | undefined>(ANONYMOUS_COST, context.getHandler());
    if (cost === undefined) return true;
    await this.budget.spend(context.switchToHttp().getRequest<BudgetedRequest>(), cost);
    return true;
  }
}
