import { subject as asSubject } from '@casl/ability';
import { Injectable } from '@nestjs/common';
import { actorId, requireAbility } from '../authorization/require.js';
import type { Viewer } from '../authorization/viewer.js';
import { TransactionService } from '../database/transaction.service.js';
import { DomainError, forbidden } from '../errors/domain-error.js';
import type { PactVersion } from '../pacts/pact-version.entity.js';
import { PactsService } from '../pacts/pacts.service.js';
import type { Signature } from '../signatures/signature.entity.js';
import { SignaturesService } from '../signatures/signatures.service.js';
import type { Bid } from '../tendering/bid.entity.js';
import { TenderingService } from '../tendering/tendering.service.js';
import type { SignPactForm } from './inputs/sign-pact-form.input.js';
import { WorkspaceRepository, type PactToSign } from './workspace.repository.js';

export interface BidderHome {
  pacts: PactToSign[];
  totalCount: number;
  /** The bids of the viewer's organisations in the procurements listed; read through the rules, which show a bidder no rival's bid before the award. */
  bids: Array<{ reference: string; bid: Bid }>;
}

/**
 * A bidder's work on the website: the pacts it is asked to sign, reading one, signing it, and
 * the record afterwards. Signing goes through SignaturesService, with every check it makes;
 * which organisations the viewer signs for is what the CASL rules say, not a list kept here.
 */
@Injectable()
export class BidderWorkspaceService {
  constructor(
    private readonly transactions: TransactionService,
    private readonly workspace: WorkspaceRepository,
    private readonly pacts: PactsService,
    private readonly signatures: SignaturesService,
    private readonly tendering: TenderingService,
  ) {}

  async home(viewer: Viewer, page: { limit: number; offset: number }): Promise<BidderHome> {
    const organisations = this.signingOrganisations(viewer);
    if (!organisations.length) return { pacts: [], totalCount: 0, bids: [] };
    const [pacts, totalCount] = await this.workspace.pactsToSign(this.transactions.reader, organisations, page);
    const references = new Map(pacts.map((p) => [p.procurementId, p.reference]));
    const readable = await this.tendering.bidsOf(viewer, [...references.keys()]);
    // "Your bids": after the award the rivals' bids are public, and shown on the case file, not here.
    const own = new Set(viewer.user!.memberships.map((m) => m.organisationId));
    const bids = [...readable.entries()].flatMap(([procurementId, list]) =>
      list.filter((bid) => own.has(bid.bidderId)).map((bid) => ({ reference: references.get(procurementId)!, bid })),
    );
    return { pacts, totalCount, bids };
  }

  /** A pact the viewer is asked to sign, with its text; refused when none of its organisations bids in that procurement. */
  async pactToSign(viewer: Viewer, pactVersionId: string): Promise<{ pact: PactToSign; version: PactVersion; latest: boolean }> {
    const version = await this.pacts.version(pactVersionId);
    const pact = await this.workspace.pactToSign(this.transactions.reader, pactVersionId, this.signingOrganisations(viewer));
    if (!pact) throw forbidden('You are not asked to sign this pact');
    const latest = (await this.pacts.latestNumbers([version.pactId])).get(version.pactId) === version.number;
    return { pact, version, latest };
  }

  /**
   * Signs as the viewer, who typed their name as it is on their account: a typed name is how
   * the signer shows they mean it, and the record names the account's holder, no one else.
   */
  async sign(viewer: Viewer, pactVersionId: string, form: SignPactForm): Promise<Signature> {
    actorId(viewer);
    if (comparable(form.signerName) !== comparable(viewer.user!.name)) {
      throw new DomainError('BAD_USER_INPUT', 'SIGNER_NAME_MISMATCH', 'Type your name as it is on your account');
    }
    return this.signatures.sign(viewer, { pactVersionId, organisationId: form.organisationId, consent: true });
  }

  /** A signature made for one of the viewer's organisations, as its confirmation page shows it. */
  async signature(viewer: Viewer, id: string): Promise<{ signature: Signature; version: PactVersion }> {
    const signature = await this.signatures.get(id);
    requireAbility(viewer, 'sign', 'Signature', { organisationId: signature.organisationId });
    return { signature, version: await this.pacts.version(signature.pactVersionId) };
  }

  private signingOrganisations(viewer: Viewer): string[] {
    const memberships = viewer.user?.memberships ?? [];
    return memberships.map((m) => m.organisationId).filter((organisationId) => viewer.ability.can('sign', asSubject('Signature', { organisationId })));
  }
}

/** Names compared as a person would: the same letters, whatever the case, spacing or Unicode form. */
function comparable(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase();
}
