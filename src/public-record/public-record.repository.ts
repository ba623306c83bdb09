import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PactVersion } from '../pacts/pact-version.entity.js';
import { Pact } from '../pacts/pact.entity.js';
import { Procurement } from '../procurements/procurement.entity.js';
import { PublishedReport } from '../reports/published-report.entity.js';

/** Every statement of the public record: published documents by content hash or id, and the procurement each is about. */
@Injectable()
export class PublicRecordRepository {
  pactVersionByHash(tx: EntityManager, contentHash: string): Promise<PactVersion | null> {
    return tx.findOneBy(PactVersion, { contentHash });
  }

  publishedReportByHash(tx: EntityManager, contentHash: string): Promise<PublishedReport | null> {
    return tx.findOneBy(PublishedReport, { contentHash });
  }

  pactVersion(tx: EntityManager, id: string): Promise<PactVersion | null> {
    return tx.findOneBy(PactVersion, { id });
  }

  publishedReport(tx: EntityManager, id: string): Promise<PublishedReport | null> {
    return tx.findOneBy(PublishedReport, { id });
  }

  async referenceOfProcurement(tx: EntityManager, procurementId: string): Promise<string> {
    return (await tx.findOneByOrFail(Procurement, { id: procurementId })).reference;
  }

  async referenceOfPact(tx: EntityManager, pactId: string): Promise<string> {
    const pact = await tx.findOneByOrFail(Pact, { id: pactId });
    return this.referenceOfProcurement(tx, pact.procurementId);
  }
}
