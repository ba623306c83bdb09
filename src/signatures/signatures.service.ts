import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import canonicalize from 'canonicalize';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { Organisation } from '../accounts/organisation.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { actorId, requireAbility } from '../authorization/require.js';
import type { Viewer } from '../authorization/viewer.js';
import { ClockService } from '../clock/clock.service.js';
import { notFound } from '../errors/domain-error.js';
import { groupBy } from '../graphql/loaders.js';
import { canonicalPactContent, sha256Hex } from '../pacts/pact-content.js';
import { PactDraft } from '../pacts/pact-draft.entity.js';
import { PactVersion } from '../pacts/pact-version.entity.js';
import { Pact } from '../pacts/pact.entity.js';
import { ProcurementAccessService } from '../procurements/procurement-access.service.js';
import { ProcurementStage } from '../procurements/procurement-stage.js';
import { Procurement } from '../procurements/procurement.entity.js';
import { ProcurementEventsService } from '../events/procurement-events.service.js';
import type { SignPactInput } from './inputs/sign-pact.input.js';
import { PlatformKeyService } from './platform-key.service.js';
import { draftNotSignable, notAParty, signingClosed, supersededNotSignable } from './signatures.errors.js';
import { Signature, SigningParty } from './signature.entity.js';
import type { SignatureCheck } from './signature-verification.js';

type RecordFields = Pick<
  Signature,
  'id' | 'pactVersionId' | 'versionHash' | 'organisationId' | 'organisationName' | 'party' | 'signerUserId' | 'signerName' | 'signerTitle' | 'consentStatement' | 'signedAt'
>;

/** The exact bytes the platform countersigns: RFC 8785 canonical JSON of the record's fields. */
export function signaturePayload(record: RecordFields): string {
  return canonicalize({
    type: 'pactwatch.signature/v1',
    recordId: record.id,
    pactVersionId: record.pactVersionId,
    versionHash: record.versionHash,
    organisationId: record.organisationId,
    organisationName: record.organisationName,
    party: record.party,
    signerUserId: record.signerUserId,
    signerName: record.signerName,
    signerTitle: record.signerTitle,
    consentStatement: record.consentStatement,
    signedAt: record.signedAt.toISOString(),
  })!;
}

@Injectable()
export class SignaturesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: ProcurementAccessService,
    private readonly key: PlatformKeyService,
    private readonly audit: AuditService,
    private readonly clock: ClockService,
    private readonly procurementEvents: ProcurementEventsService,
  ) {}

  /**
   * Signs the current published version for an organisation taking part. Signing again
   * returns the record already made: a signature is a fact, not something to repeat.
   */
  async sign(viewer: Viewer, input: SignPactInput): Promise<Signature> {
    requireAbility(viewer, 'sign', 'Signature', { organisationId: input.organisationId });
    const user = viewer.user!;
    const version = await this.db.getRepository(PactVersion).findOneBy({ id: input.pactVersionId });
    if (!version) {
      if (await this.db.getRepository(PactDraft).existsBy({ id: input.pactVersionId })) throw draftNotSignable(input.pactVersionId);
      throw notFound('PactVersion', input.pactVersionId);
    }
    const existing = await this.db.getRepository(Signature).findOneBy({ pactVersionId: version.id, organisationId: input.organisationId });
    if (existing) return existing;

    return this.db.transaction(async (tx) => {
      const pact = await tx.findOneByOrFail(Pact, { id: version.pactId });
      // Locking the procurement orders signing against stage changes and amendments.
      const procurement = await tx.findOneOrFail(Procurement, { where: { id: pact.procurementId }, lock: { mode: 'pessimistic_read' } });
      const scope = (await this.access.scopes([procurement.id])).get(procurement.id)!;
      const organisation = await tx.findOneByOrFail(Organisation, { id: input.organisationId });
      const party =
        organisation.id === scope.authorityId ? SigningParty.AUTHORITY
        : scope.bidderIds.includes(organisation.id) ? SigningParty.BIDDER
        : null;
      if (!party) throw notAParty(organisation.name);
      if (procurement.stage === ProcurementStage.CLOSURE) throw signingClosed(procurement.stage);
      const [{ latest }] = await tx.query('SELECT max(number) AS latest FROM pact_versions WHERE pact_id = $1', [pact.id]);
      if (version.number < latest) throw supersededNotSignable(version.number, latest);

      const membership = user.memberships.find((m) => m.organisationId === organisation.id);
      const signerTitle = input.signerTitle?.trim() || membership?.title || 'Authorised representative';
      const record: RecordFields = {
        id: randomUUID(),
        pactVersionId: version.id,
        versionHash: version.contentHash,
        organisationId: organisation.id,
        organisationName: organisation.name,
        party,
        signerUserId: user.id,
        signerName: user.name,
        signerTitle,
        consentStatement:
          `I, ${user.name}, ${signerTitle}, sign version ${version.number} of the Integrity Pact for procurement ${procurement.reference} ` +
          `(SHA-256 ${version.contentHash}) on behalf of ${organisation.name}, and bind it to every commitment of that version.`,
        // Millisecond precision: what is signed must survive the round trip through timestamptz unchanged.
        signedAt: new Date(this.clock.now().getTime()),
      };
      const payload = signaturePayload(record);
      const inserted = await tx
        .createQueryBuilder()
        .insert()
        .into(Signature)
        .values({ ...record, payload, platformSignature: this.key.sign(payload), keyId: this.key.description.keyId })
        .orIgnore()
        .returning(['id'])
        .execute();
      if (!inserted.raw.length) {
        // Another request signed for this organisation a moment ago: return its record.
        return tx.findOneByOrFail(Signature, { pactVersionId: version.id, organisationId: organisation.id });
      }
      // A new signature can clear the "award to a bidder that did not sign the pact" flag.
      await this.procurementEvents.factsChanged(tx, procurement.id);
      await this.audit.append(tx, {
        actorId: actorId(viewer), action: 'pact.signed', subjectType: 'Signature', subjectId: record.id, procurementId: procurement.id,
        data: { pactVersionId: version.id, number: version.number, organisationId: organisation.id, party, versionHash: version.contentHash },
      });
      return tx.findOneByOrFail(Signature, { id: record.id });
    });
  }

  async get(id: string): Promise<Signature> {
    const signature = await this.db.getRepository(Signature).findOneBy({ id });
    if (!signature) throw notFound('Signature', id);
    return signature;
  }

  /**
   * Checks a stored record three ways: the platform's signature over its payload, the payload
   * against the record's own fields, and the bound hash against the published version's text.
   */
  async verify(id: string): Promise<{ record: Signature; checks: SignatureCheck[] }> {
    const record = await this.get(id);
    const version = await this.db.getRepository(PactVersion).findOneBy({ id: record.pactVersionId });
    const pact = version && (await this.db.getRepository(Pact).findOneBy({ id: version.pactId }));
    const procurement = pact && (await this.db.getRepository(Procurement).findOneBy({ id: pact.procurementId }));
    const recomputedHash =
      version && procurement
        ? sha256Hex(canonicalPactContent({ ...version, procurementId: procurement.id, procurementReference: procurement.reference }))
        : null;
    return {
      record,
      checks: [
        { name: 'platform-signature', passed: this.key.verify(record.payload, record.platformSignature), detail: `Ed25519 over the payload, key ${record.keyId}` },
        { name: 'payload-matches-record', passed: signaturePayload(record) === record.payload, detail: 'the record fields are the ones that were signed' },
        {
          name: 'version-hash',
          passed: !!version && recomputedHash === record.versionHash && version.contentHash === record.versionHash,
          detail: 'the signed hash is the SHA-256 of the published version text',
        },
      ],
    };
  }

  /** For records kept outside the platform: is this payload signed by the platform's key? */
  verifyPayload(payload: string, platformSignature: string): SignatureCheck[] {
    return [{ name: 'platform-signature', passed: this.key.verify(payload, platformSignature), detail: `Ed25519, key ${this.key.description.keyId}` }];
  }

  /** Per procurement: the latest published pact version's number and who has signed it. */
  async currentVersionSigners(procurementIds: readonly string[], manager = this.db.manager): Promise<Map<string, { number: number; signers: Set<string> }>> {
    const rows: Array<{ procurement_id: string; number: number; signers: string[] }> = await manager.query(
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
  async supersededVersions(versionIds: readonly string[]): Promise<Map<string, boolean>> {
    const rows: Array<{ id: string; superseded: boolean }> = await this.db.query(
      `SELECT v.id, v.number < max(later.number) AS superseded
         FROM pact_versions v JOIN pact_versions later ON later.pact_id = v.pact_id
        WHERE v.id = ANY($1)
        GROUP BY v.id, v.number`,
      [versionIds],
    );
    return new Map(rows.map((r) => [r.id, r.superseded]));
  }

  async signaturesOfVersions(versionIds: readonly string[]): Promise<Map<string, Signature[]>> {
    const rows = await this.db.getRepository(Signature).find({ where: { pactVersionId: In([...versionIds]) }, order: { signedAt: 'ASC' } });
    return groupBy(rows, (s) => s.pactVersionId);
  }
}
