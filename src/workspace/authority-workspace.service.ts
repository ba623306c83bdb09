import { Injectable } from '@nestjs/common';
import type { Viewer } from '../authorization/viewer.js';
import { TransactionService } from '../database/transaction.service.js';
import { nextStage, type ProcurementStage } from '../procurements/procurement-stage.js';
import { failedGates, type Gate } from '../stages/stage-gates.js';
import { AuthorityWorkspaceRepository, type AuthorityProcurementRow } from './authority-workspace.repository.js';

export interface AuthorityProcurement extends Omit<AuthorityProcurementRow, 'total' | 'bidderIds' | 'signers'> {
  nextStage: ProcurementStage | null;
  /** The first gate that stops the move to the next stage, null when the authority may advance. */
  gate: Gate | null;
  /** Published but not yet signed by the authority: the tender cannot open. */
  toSign: boolean;
}

export interface AuthorityHome {
  procurements: AuthorityProcurement[];
  totalCount: number;
}

/** How many of its procurements the authority's home shows; the rest are on its list of procurements. */
export const AUTHORITY_HOME_SIZE = 10;

/**
 * What waits on a contracting authority (issue 12, item 1): drafts to publish, comments to answer,
 * findings awaiting its response, and the stage it may move each procurement to, with the gate
 * that stops it (the same pure rules StagesService applies, so the home never promises a move the
 * service refuses).
 */
@Injectable()
export class AuthorityWorkspaceService {
  constructor(
    private readonly transactions: TransactionService,
    private readonly repository: AuthorityWorkspaceRepository,
  ) {}

  /** Null for a viewer the rules let advance no procurement: not an authority, no section, no query. */
  async home(viewer: Viewer): Promise<AuthorityHome | null> {
    if (!viewer.ability.can('advance', 'Procurement')) return null;
    const [rows, totalCount] = await this.repository.procurementsWaiting(this.transactions.reader, viewer.ability, { limit: AUTHORITY_HOME_SIZE, offset: 0 });
    return { procurements: rows.map(withGate), totalCount };
  }
}

function withGate({ total: _total, bidderIds, signers, ...row }: AuthorityProcurementRow): AuthorityProcurement {
  const next = nextStage(row.stage);
  const signed = new Set(signers);
  const [failed] = next
    ? failedGates({
        current: row.stage,
        target: next,
        authorityId: row.authorityId,
        bidderIds,
        currentPactVersion: row.currentVersion,
        signedCurrentVersion: signed,
        awardedBidderId: null,
      })
    : [];
  return { ...row, nextStage: next, gate: failed?.gate ?? null, toSign: row.currentVersion !== null && !signed.has(row.authorityId) };
}
