import { DEMO_ACCOUNTS, DEMO_PROCUREMENT_REFERENCE } from '../../src/seed/demo-seeder.service.js';
import type { TestApp } from './test-app.js';

export { DEMO_ACCOUNTS, DEMO_PROCUREMENT_REFERENCE };

export interface DemoWorld {
  tokens: {
    admin: string;
    authority: string;
    bidders: string[];
    monitor: string;
    implementer: string;
    partner: string;
    waterPartner: string;
    convener: string;
  };
  procurementId: string;
  authorityId: string;
  bidderIds: string[];
  monitorId: string;
  implementerId: string;
  draftId: string;
}

/** Logs every demo account in and looks up the ids of the seeded procurement and organisations. */
export async function demoWorld(app: TestApp): Promise<DemoWorld> {
  const [admin, authority, monitor, implementer, partner, waterPartner, convener, ...bidders] = await Promise.all(
    [
      DEMO_ACCOUNTS.admin,
      DEMO_ACCOUNTS.authority,
      DEMO_ACCOUNTS.monitor,
      DEMO_ACCOUNTS.implementer,
      DEMO_ACCOUNTS.partner,
      DEMO_ACCOUNTS.waterPartner,
      DEMO_ACCOUNTS.convener,
      ...DEMO_ACCOUNTS.bidders,
    ].map((email) => app.login(email)),
  );
  const { procurements } = await app.ok(
    `{ procurements { items { id reference authority { id } monitor { id } implementer { id } bidders { bidder { id name } } pact { openDraft { id } } } } }`,
    {},
    authority,
  );
  const demo = procurements.items.find((p: { reference: string }) => p.reference === DEMO_PROCUREMENT_REFERENCE);
  return {
    tokens: { admin, authority, bidders, monitor, implementer, partner, waterPartner, convener },
    procurementId: demo.id,
    authorityId: demo.authority.id,
    bidderIds: demo.bidders.map((b: { bidder: { id: string } }) => b.bidder.id),
    monitorId: demo.monitor.id,
    implementerId: demo.implementer.id,
    draftId: demo.pact.openDraft.id,
  };
}

export const SIGN = `mutation ($input: SignPactInput!) {
  signPact(input: $input) { id party organisationName signerName signerTitle versionHash consentStatement signedAt superseded payload platformSignature }
}`;

export const ADVANCE = `mutation ($input: AdvanceStageInput!) { advanceStage(input: $input) { id stage awardedBidderId } }`;

export const PUBLISH = `mutation ($draftId: ID!) { publishPactDraft(draftId: $draftId) { id number contentHash canonicalContent superseded pdfUrl } }`;
