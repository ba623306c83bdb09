import { Injectable } from '@nestjs/common';
import { CheckpointsService } from '../checkpoints/checkpoints.service.js';
import canonicalize from 'canonicalize';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Organisation } from '../accounts/organisation.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { actorId, requireAbility } from '../authorization/require.js';
import type { Viewer } from '../authorization/viewer.js';
import type { ViewerUser } from '../authorization/viewer-user.js';
import { ClockService } from '../clock/clock.service.js';
import { TransactionService } from '../database/transaction.service.js';
import { notFound } from '../errors/domain-error.js';
import { groupBy } from '../graphql/loaders.js';
import { canonicalPactContent, sha256Hex } from '../pacts/pact-content.js';
import type { PactVersion } from '../pacts/pact-version.entity.js';
import { ProcurementAccessService } from '../procurements/procurement-access.service.js';
import { ProcurementStage } from '../procurements/procurement-stage.js';
import type { Procurement } from '../procurements/procurement.entity.js';
import { ProcurementEventsService } from '../events/procurement-events.service.js';
import type { SignPactInput } from './inputs/sign-pact.input.js';
import { PlatformKeyService } from '../signing/platform-key.service.js';
import { draftNotSignable, notAParty, signingClosed, supersededNotSignable } from './signatures.errors.js';
import { Signature, SigningParty } from './signature.entity.js';
import type { SignatureCheck } from './signature-verification.js';
import { SignaturesRepository, type VersionSigners } from './signatures.repository.js';

type RecordFields = Pick<
  Signature,
  | 'id'
  | 'pactVersionId'
  | 'versionHash'
  | 'organisationId'
  | 'organisationName'
  | 'party'
  | 'signerUserId'
  | 'signerName'
  | 'signerTitle'
  | 'consentStatement'
  | 'signedAt'
>;

/** A record's signed fields with its payload and countersignature: what checking it with the platform's key takes. */
export type SignedRecord = RecordFields & Pick<Signature, 'payload' | 'platformSignature' | 'keyId'>;

/** The fields of a signature record that checking it with the platform's key reads. */
export const SIGNED_RECORD_FIELDS: ReadonlyArray<keyof SignedRecord> = [
  'id',
  'pactVersionId',
  'versionHash',
  'organisationId',
  'organisationName',
  'party',
  'signerUserId',
  'signerName',
  'signerTitle',
  'consentStatement',
  'signedAt',
  'payload',
  'platformSignature',
  'keyId',
];

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

export interface AuthoritySigning {
  version: PactVersion;
  procurement: Procurement;
  organisation: Organisation;
  signature: Signature | null;
  latest: boolean;
}

@Injectable()
export class SignaturesService {
  constructor(
    private readonly checkpoints: CheckpointsService,
    private readonly transactions: TransactionService,
    private readonly signatures: SignaturesRepository,
    private readonly access: ProcurementAccessService,
    private readonly key: PlatformKeyService,
    private readonly audit: AuditService,
    private readonly clock: ClockService,
    private readonly procurementEvents: ProcurementEventsService,
  ) {}

  /**
   * Signs the current published version for an organisation taking part. Signing again
   * returns the record already made: a signature is a fact, not something to repeat.
   * Every read that decides whether to sign runs in the signing transaction.
   */
  async sign(viewer: Viewer, input: SignPactInput): Promise<Signature> {
    requireAbility(viewer, 'sign', 'Signature', { organisationId: input.organisationId });
    return this.transactions.run(async (tx) => {
      const version = await this.signableVersion(tx, input.pactVersionId);
      const existing = await this.signatures.signatureOf(tx, version.id, input.organisationId);
      if (existing) return existing;
      // Locking the procurement orders signing against stage changes and amendments.
      const procurement = await this.signatures.lockProcurementOfPact(tx, version.pactId);
      const organisation = await this.signatures.organisation(tx, input.organisationId);
      const party = await this.partyOf(tx, procurement.id, organisation);
      if (procurement.stage === ProcurementStage.CLOSURE) throw signingClosed(procurement.stage);
      const latest = await this.signatures.latestVersionNumber(tx, version.pactId);
      if (version.number < latest) throw supersededNotSignable(version.number, latest);

      const record = this.recordFor(viewer.user!, input.signerTitle, version, procurement, organisation, party);
      const payload = signaturePayload(record);
      const stored = await this.signatures.insertUnlessSigned(tx, {
        ...record,
        payload,
        platformSignature: this.key.sign(payload),
        keyId: this.key.description.keyId,
      });
      if (!stored) {
        // Another request signed for this organisation a moment ago: return its record.
        return this.signatures.stored(tx, { pactVersionId: version.id, organisationId: organisation.id });
      }
      // A new signature can clear the "award to a bidder that did not sign the pact" flag.
      await this.procurementEvents.factsChanged(tx, procurement.id);
      await this.audit.append(tx, {
        actorId: actorId(viewer),
        action: 'pact.signed',
        subjectType: 'Signature',
        subjectId: record.id,
        procurementId: procurement.id,
        data: { pactVersionId: version.id, number: version.number, organisationId: organisation.id, party, versionHash: version.contentHash },
      });
      // Copies of this checkpoint outside the database (the PDF, witnesses) anchor the log up to this publication.
      await this.checkpoints.checkpoint(tx);
      return this.signatures.stored(tx, { id: record.id });
    });
  }

  /**
   * A published version as its procurement's authority signs it: the text, the organisation the
   * viewer would sign for, and its signature if already made. Refused to whoever may not sign
   * for that authority.
   */
  async forAuthority(viewer: Viewer, pactVersionId: string): Promise<AuthoritySigning> {
    const tx = this.transactions.reader;
    const version = await this.signatures.version(tx, pactVersionId);
    const procurement = version && (await this.signatures.procurementOfPact(tx, version.pactId));
    if (!version || !procurement) throw notFound('PactVersion', pactVersionId);
    requireAbility(viewer, 'sign', 'Signature', { organisationId: procurement.authorityId });
    const [organisation, signature, latest] = await Promise.all([
      this.signatures.organisation(tx, procurement.authorityId),
      this.signatures.signatureOf(tx, version.id, procurement.authorityId),
      this.signatures.latestVersionNumber(tx, version.pactId),
    ]);
    return { version, procurement, organisation, signature, latest: version.number === latest };
  }

  async get(id: string): Promise<Signature> {
    const signature = await this.signatures.signature(this.transactions.reader, id);
    if (!signature) throw notFound('Signature', id);
    return signature;
  }

  /**
   * Checks a stored record three ways: the platform's signature over its payload, the payload
   * against the record's own fields, and the bound hash against the published version's text.
   */
  async verify(id: string): Promise<{ record: Signature; checks: SignatureCheck[] }> {
    const record = await this.get(id);
    const reader = this.transactions.reader;
    const version = await this.signatures.version(reader, record.pactVersionId);
    const procurement = version && (await this.signatures.procurementOfPact(reader, version.pactId));
    const recomputedHash =
      version && procurement
        ? sha256Hex(canonicalPactContent({ ...version, procurementId: procurement.id, procurementReference: procurement.reference }))
        : null;
    return {
      record,
      checks: [
        ...this.recordChecks(record),
        {
          name: 'version-hash',
          passed: !!version && recomputedHash === record.versionHash && version.contentHash === record.versionHash,
          detail: 'the signed hash is the SHA-256 of the published version text',
        },
      ],
    };
  }

  /**
   * Whether a record, as read, verifies with the platform's public key: the countersignature is
   * good and covers exactly the record's fields. The two checks of `verify` that need nothing
   * else read, so a whole case file's signatures are checked without a query.
   */
  verifiesWithPlatformKey(record: SignedRecord): boolean {
    return this.recordChecks(record).every((check) => check.passed);
  }

  private recordChecks(record: SignedRecord): SignatureCheck[] {
    return [
      {
        name: 'platform-signature',
        passed: this.key.verify(record.payload, record.platformSignature),
        detail: `Ed25519 over the payload, key ${record.keyId}`,
      },
      { name: 'payload-matches-record', passed: signaturePayload(record) === record.payload, detail: 'the record fields are the ones that were signed' },
    ];
  }

  /** For records kept outside the platform: is this payload signed by the platform's key? */
  verifyPayload(payload: string, platformSignature: string): SignatureCheck[] {
    return [{ name: 'platform-signature', passed: this.key.verify(payload, platformSignature), detail: `Ed25519, key ${this.key.description.keyId}` }];
  }

  /** Per procurement: the latest published pact version's number and who has signed it. Pass the transaction's manager when it feeds a decision. */
  currentVersionSigners(procurementIds: readonly string[], manager: EntityManager = this.transactions.reader): Promise<Map<string, VersionSigners>> {
    return this.signatures.currentVersionSigners(manager, procurementIds);
  }

  /** Whether each version has been superseded by a later one of the same pact. */
  supersededVersions(versionIds: readonly string[]): Promise<Map<string, boolean>> {
    return this.signatures.supersededVersions(this.transactions.reader, versionIds);
  }

  async signaturesOfVersions(versionIds: readonly string[]): Promise<Map<string, Signature[]>> {
    const rows = await this.signatures.signaturesOfVersions(this.transactions.reader, versionIds);
    return groupBy(rows, (s) => s.pactVersionId);
  }

  /** The published version to sign; a draft's id gets its own answer, since signing one is a common mistake. */
  private async signableVersion(tx: EntityManager, pactVersionId: string): Promise<PactVersion> {
    const version = await this.signatures.version(tx, pactVersionId);
    if (version) return version;
    if (await this.signatures.isDraft(tx, pactVersionId)) throw draftNotSignable(pactVersionId);
    throw notFound('PactVersion', pactVersionId);
  }

  /** Only the authority and the procurement's bidders are parties to its pact. */
  private async partyOf(tx: EntityManager, procurementId: string, organisation: Organisation): Promise<SigningParty> {
    const scope = (await this.access.scopes([procurementId], tx)).get(procurementId)!;
    const party = organisation.id === scope.authorityId ? SigningParty.AUTHORITY : scope.bidderIds.includes(organisation.id) ? SigningParty.BIDDER : null;
    if (!party) throw notAParty(organisation.name);
    return party;
  }

  private recordFor(
    user: ViewerUser,
    title: string | undefined,
    version: PactVersion,
    procurement: Procurement,
    organisation: Organisation,
    party: SigningParty,
  ): RecordFields {
    const membership = user.memberships.find((m) => m.organisationId === organisation.id);
    const signerTitle = title?.trim() || membership?.title || 'Authorised representative';
    return {
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
  }
}
