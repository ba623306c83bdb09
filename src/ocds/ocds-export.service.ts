import { subject as asSubject } from '@casl/ability';
import { Injectable } from '@nestjs/common';
import { defineAbilityFor } from '../authorization/ability.factory.js';
import { requireAbility } from '../authorization/require.js';
import type { Viewer } from '../authorization/viewer.js';
import { ClockService } from '../clock/clock.service.js';
import { TransactionService } from '../database/transaction.service.js';
import { notFound } from '../errors/domain-error.js';
import { ProcurementAccessService } from '../procurements/procurement-access.service.js';
import { releaseOf } from './ocds-export-release.js';
import { EXTENSION_PATH } from './ocds-extension.js';
import type { OcdsRecordPackage, OcdsRelease, OcdsReleasePackage } from './ocds-release.js';
import { OcdsRepository } from './ocds.repository.js';

/** What anyone may read, signed in or not: the public record, which is all an export ever contains. */
const THE_PUBLIC = defineAbilityFor(null);

/**
 * Exports procurements as OCDS 1.1 with the bids extension and the Pactwatch extension. Only
 * what the public may read goes out, decided by the CASL rules for a viewer who is not signed in:
 * the public registry is the procurements the public may read (those with a published pact
 * version), findings go out only when public; no internal note, authority response, evidence
 * file, user id or user email is ever included.
 */
@Injectable()
export class OcdsExportService {
  constructor(
    private readonly transactions: TransactionService,
    private readonly repository: OcdsRepository,
    private readonly access: ProcurementAccessService,
    private readonly clock: ClockService,
  ) {}

  /**
   * One procurement as a release package. Anyone may have those in the public record; one not yet
   * in it only those who may read all of its bids (its authority, monitor and implementer).
   */
  async releasePackage(viewer: Viewer, procurementId: string, baseUrl: string): Promise<OcdsReleasePackage> {
    const scope = (await this.access.scopes([procurementId])).get(procurementId);
    if (!scope) throw notFound('Procurement', procurementId);
    const mayReadAllBids = viewer.ability.can('read', asSubject('Bid', { ...scope, bidderId: null }));
    if (!THE_PUBLIC.can('read', asSubject('Procurement', { ...scope })) && !mayReadAllBids) requireAbility(viewer, 'read', 'Bid', { ...scope, bidderId: null });
    // The tender's own parties get every bid; anyone else what the public may read.
    const releases = await this.releasesOf([procurementId], baseUrl, mayReadAllBids ? viewer : null);
    return { ...this.packageMetadata(baseUrl, `/ocds/procurements/${procurementId}/release-package.json`), releases };
  }

  /** The whole public record as a record package: one record per procurement, its release linked and compiled. */
  async recordPackage(baseUrl: string): Promise<OcdsRecordPackage> {
    const ids = await this.publicRecord();
    const releases = await this.releasesOf(ids, baseUrl, null);
    const records = releases.map((release, index) => ({
      ocid: release.ocid,
      releases: [{ url: `${baseUrl}/ocds/procurements/${ids[index]}/release-package.json`, date: release.date, tag: release.tag }],
      compiledRelease: { ...release, tag: ['compiled'] },
    }));
    return { ...this.packageMetadata(baseUrl, '/ocds/record-package.json'), records };
  }

  /** Ids of the procurements anyone may read (those with a published pact), oldest first. */
  private publicRecord(): Promise<string[]> {
    return this.repository.readableProcurementIds(this.transactions.reader, THE_PUBLIC);
  }

  private packageMetadata(baseUrl: string, path: string) {
    return {
      uri: `${baseUrl}${path}`,
      version: '1.1' as const,
      publishedDate: this.clock.now().toISOString(),
      publisher: { name: 'Pactwatch', uri: baseUrl },
      extensions: [`${baseUrl}${EXTENSION_PATH}/extension.json`],
    };
  }

  /** Releases in the order of `ids`, in a number of queries that does not grow with it. */
  private async releasesOf(ids: string[], baseUrl: string, reader: Viewer | null): Promise<OcdsRelease[]> {
    // Bids, awards and contracts go out as far as the reader's rules allow; findings only as the public may read them.
    const data = await this.repository.releaseData(this.transactions.reader, ids, { tendering: reader?.ability ?? THE_PUBLIC, findings: THE_PUBLIC });
    const byId = new Map(data.procurements.map((p) => [p.id, p]));
    return ids.map((id) => releaseOf(byId.get(id)!, data, baseUrl));
  }
}
