import { Injectable } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuditEntry } from '../audit/audit-entry.entity.js';
import type { ChainReport } from '../audit/audit.service.js';
import type { Viewer } from '../authorization/viewer.js';
import type { PageInput } from '../pagination/page.js';
import type { Procurement } from './procurement.entity.js';
import { ProcurementsService } from './procurements.service.js';

export interface ProcurementAuditPage {
  procurement: Procurement;
  entries: Array<AuditEntry & { actorName: string | null }>;
  totalCount: number;
  /** The links of the chain under the entries shown: their hashes, and the entries before them in the whole log. */
  chain: ChainReport;
}

/**
 * A procurement's audit trail as a person reads it (issue 12, item 8): newest first, each entry
 * with the name of who did it, and whether the chain under the entries shown still holds. The
 * entries are GraphQL's `auditTrail`, under the same rules; a constant number of statements.
 */
@Injectable()
export class ProcurementAuditService {
  constructor(
    private readonly procurements: ProcurementsService,
    private readonly accounts: AccountsService,
    private readonly audit: AuditService,
  ) {}

  async trailPage(viewer: Viewer, procurementId: string, page: PageInput): Promise<ProcurementAuditPage> {
    const trail = await this.procurements.auditTrail(viewer, procurementId, { ...page, newestFirst: true });
    const actorIds = trail.items.flatMap((entry) => (entry.actorId ? [entry.actorId] : []));
    const [procurement, names, chain] = await Promise.all([
      this.procurements.get(viewer, procurementId),
      this.accounts.userNames(actorIds),
      this.audit.verifyEntries(trail.items),
    ]);
    const entries = trail.items.map((entry) => Object.assign(entry, { actorName: entry.actorId ? (names.get(entry.actorId) ?? null) : null }));
    return { procurement, entries, totalCount: trail.totalCount, chain };
  }
}
