import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Action, SubjectType } from '../authorization/ability.factory.js';
import { requireAbility } from '../authorization/require.js';
import type { Viewer } from '../authorization/viewer.js';
import { TransactionService } from '../database/transaction.service.js';
import { notFound } from '../errors/domain-error.js';
import { ProcurementsRepository, type ProcurementScope } from './procurements.repository.js';

export type { ProcurementScope };

/** Loads who the parties of procurements are, the facts every procurement-scoped rule is decided on. */
@Injectable()
export class ProcurementAccessService {
  constructor(
    private readonly transactions: TransactionService,
    private readonly procurements: ProcurementsRepository,
  ) {}

  /** Pass the transaction's manager when the scope feeds a decision inside it. */
  scopes(ids: readonly string[], tx: EntityManager = this.transactions.reader): Promise<Map<string, ProcurementScope>> {
    return this.procurements.scopesOf(tx, ids);
  }

  /** The procurement's scope if the viewer may do `action` to `subject` within it; NOT_FOUND or FORBIDDEN otherwise. */
  async require(viewer: Viewer, action: Action, subject: Exclude<SubjectType, 'all'>, procurementId: string, extra: object = {}): Promise<ProcurementScope> {
    const scope = (await this.scopes([procurementId])).get(procurementId);
    if (!scope) throw notFound('Procurement', procurementId);
    requireAbility(viewer, action, subject, { ...scope, ...extra });
    return scope;
  }
}
