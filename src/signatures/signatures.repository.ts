import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { Organisation } from '../accounts/organisation.entity.js';
import { PactDraft } from '../pacts/pact-draft.entity.js';
import { PactVersion } from '../pacts/pact-version.entity.js';
import { Pact } from '../pacts/pact.entity.js';
import { Procurement } from '../procurements/procurement.entity.js';
import { Signature } from './signature.entity.js';

export interface VersionSigners {
  number: number;
  signers: Set<string>;
}

/** Every statement of the signatures feature (and of the pact PDF); each runs in the manager it is given. */
@Injectable()
export class SignaturesRepository {
  signature(tx: EntityManager, id: string): Promise<Signature | null> {
    return tx.findOneBy(Signature, { id });
  }

  /** A record known to exist (just stored, or stored by a concurrent request). */
  stored(tx: EntityManager, where: { id: string } | { pactVersionId: string; organisationId: string }): Promise<Signature> {
    return tx.findOneByOrFail(Signature, where);
  }

  signatureOf(tx: EntityManager, pactVersionId: string, organisationId: string): Promise<Signature | null> {
    return tx.findOneBy(Signature, { pactVersionId, organisationId });
  }

  /**
   * Stores the record unless this organisation has signed this version already (a request a
   * moment ago); true when this call stored it.
   */
  async insertUnlessSigned(tx: EntityManager, values: Signature): Promise<boolean> {
    const inserted = await tx.createQueryBuilder().insert().into(Signature).values(values).orIgnore().returning(['id']).execute();
    return (inserted.raw as unknown[]).length > 0;
  }

  version(tx: EntityManager, id: string): Promise<PactVersion | null> {
    return tx.findOneBy(PactVersion, { id });
  }

  isDraft(tx: EntityManager, id: string): Promise<boolean> {
    return tx.existsBy(PactDraft, { id });
  }

  /** The highest published version number of the pact. */
  async latestVersionNumber(tx: EntityManager, pactId: string): Promise<number> {
    const [{ latest }]: Array<{ latest: number }> = await tx.query('SELECT max(number) AS latest FROM pact_versions WHERE pact_id = $1', [pactId]);
    return latest;
  }

  /** The procurement a pact belongs to, its row share-locked until the transaction ends. */
  async lockProcurementOfPact(tx: EntityManager, pactId: string): Promise<Procurement> {
    const pact = await tx.findOneByOrFail(Pact, { id: pactId });
    return tx.findOneOrFail(Procurement, { where: { id: pact.procurementId }, lock: { mode: 'pessimistic_read' } });
  }

  /** The procurement a pact belongs to, or null when either is gone. */
  async procurementOfPact(tx: EntityManager, pactId: string): Promise<Procurement | null> {
    const pact = await tx.findOneBy(Pact, { id: pactId });
    return pact && tx.findOneBy(Procurement, { id: pact.procurementId });
  }

  organisation(tx: EntityManager, id: string): Promise<Organisation> {
    return tx.findOneByOrFail(Organisation, { id });
  }

  /** Per procurement: the latest published pact version's number and who has signed it; procurements without one are absent. */
  async currentVersionSigners(tx: EntityManager, procurementIds: readonly string[]): Promise<Map<string, VersionSigners>> {
    const rows: Array<{ procurement_id: string; number: number; signers: string[] }> = await tx.query(
      `SELECT p.procurement_id, v.number,
              coalesce(array_agg(s.organisation_id) FILTER (WHERE s.organisation_id IS NOT NULL), '{}') AS signers
         FROM pacts p
         JOIN pact_versions v ON v.pact_id = p.id AND v.number = (SELECT max(number) FROM pact_versions WHERE pact_id = p.id)
         LEFT JOIN signatures s ON s.pact_version_id = v.id
        WHERE p.procurement_id = ANY($1)
        GROUP BY p.procurement_id, v.number`,
      [procurementIds],
    );
    return new Map(rows.map((r) => [r.procurement_id, { number: r.number, signers: new Set(r.signers) }]));
  }

  /** Whether each version has been superseded by a later one of the same pact. */
  async supersededVersions(tx: EntityManager, versionIds: readonly string[]): Promise<Map<string, boolean>> {
    const rows: Array<{ id: string; superseded: boolean }> = await tx.query(
      `SELECT v.id, v.number < max(later.number) AS superseded
         FROM pact_versions v JOIN pact_versions later ON later.pact_id = v.pact_id
        WHERE v.id = ANY($1)
        GROUP BY v.id, v.number`,
      [versionIds],
    );
    return new Map(rows.map((r) => [r.id, r.superseded]));
  }

  signaturesOfVersions(tx: EntityManager, versionIds: readonly string[]): Promise<Signature[]> {
    return tx.find(Signature, { where: { pactVersionId: In([...versionIds]) }, order: { signedAt: 'ASC' } });
  }
}
