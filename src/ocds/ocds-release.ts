/**
 * The part of OCDS 1.1 (with the bids extension and the Pactwatch extension) the platform reads
 * and writes. Shapes only: what is required and allowed is decided by the JSON Schemas in
 * `schema/` and `extension/`, which every imported package passes before these types apply.
 */

/** OCDS 1.1 lets ids be strings or integers; the platform compares them as strings. */
export type OcdsId = string | number;

export interface OcdsValue {
  amount: number;
  currency?: string;
}

export interface OcdsPeriod {
  startDate?: string;
  endDate?: string;
}

export interface OcdsOrganizationReference {
  id: OcdsId;
  name?: string;
}

export interface OcdsParty {
  id: OcdsId;
  name: string;
  identifier?: { scheme?: string; id?: OcdsId; legalName?: string };
  address?: { streetAddress?: string; locality?: string; region?: string; postalCode?: string; countryName?: string };
  contactPoint?: { name?: string; email?: string; telephone?: string };
  roles?: string[];
  pactwatch?: { country?: string; participation?: 'INVITED' | 'REGISTERED' };
}

export interface OcdsTender {
  id: OcdsId;
  title?: string;
  description?: string;
  status?: string;
  procurementMethod?: string;
  value?: OcdsValue;
  tenderPeriod?: OcdsPeriod;
  tenderers?: OcdsOrganizationReference[];
}

export interface OcdsBid {
  id: OcdsId;
  date?: string;
  status?: 'invited' | 'pending' | 'valid' | 'disqualified' | 'withdrawn';
  tenderers: OcdsOrganizationReference[];
  value?: OcdsValue;
  pactwatch?: { disqualificationReason?: string };
}

export interface OcdsAward {
  id: OcdsId;
  status?: 'pending' | 'active' | 'cancelled' | 'unsuccessful';
  date?: string;
  value?: OcdsValue;
  suppliers?: OcdsOrganizationReference[];
}

export interface OcdsAmendment {
  id: OcdsId;
  date: string;
  rationale?: string;
  description?: string;
  pactwatch?: { newValue?: OcdsValue };
}

export interface OcdsContract {
  id: OcdsId;
  awardID: OcdsId;
  status?: string;
  value: OcdsValue;
  dateSigned?: string;
  amendments?: OcdsAmendment[];
  pactwatch?: { signedValue?: OcdsValue };
}

export interface PactwatchSignature {
  id: string;
  organization: OcdsOrganizationReference;
  party: string;
  signerName: string;
  signerTitle: string;
  signedAt: string;
  versionHash: string;
  keyId: string;
  payload: string;
  platformSignature: string;
}

export interface PactwatchPactVersion {
  id: string;
  number: number;
  title: string;
  language: string;
  contentHash: string;
  publishedAt: string;
  superseded: boolean;
  pdfUrl: string;
  signatures: PactwatchSignature[];
}

export interface PactwatchFinding {
  id: string;
  stage: string;
  kind: string;
  severity: string;
  title: string;
  description: string;
  status: string;
  monitor: OcdsOrganizationReference;
  date: string;
  dateModified: string;
  publishedInReport?: string;
}

export interface PactwatchRelease {
  stage?: string;
  stageHistory?: Array<{ from: string; to: string; date: string }>;
  sector?: string;
  area?: string;
  pact?: { versions: PactwatchPactVersion[] };
  findings?: PactwatchFinding[];
}

export interface OcdsRelease {
  ocid: string;
  id: OcdsId;
  date: string;
  tag: string[];
  initiationType: 'tender';
  language?: string;
  parties?: OcdsParty[];
  buyer?: OcdsOrganizationReference;
  tender?: OcdsTender;
  bids?: { details?: OcdsBid[] };
  awards?: OcdsAward[];
  contracts?: OcdsContract[];
  pactwatch?: PactwatchRelease;
}

export interface OcdsLinkedRelease {
  url: string;
  date: string;
  tag: string[];
}

export interface OcdsRecord {
  ocid: string;
  releases: Array<OcdsRelease | OcdsLinkedRelease>;
  compiledRelease?: OcdsRelease;
}

interface OcdsPackageMetadata {
  uri: string;
  version: '1.1';
  publishedDate: string;
  publisher: { name: string; uri?: string };
  extensions?: string[];
}

export interface OcdsReleasePackage extends OcdsPackageMetadata {
  releases: OcdsRelease[];
}

export interface OcdsRecordPackage extends OcdsPackageMetadata {
  records: OcdsRecord[];
}

export type OcdsPackage = OcdsReleasePackage | OcdsRecordPackage;

/** One problem in an imported package: where (RFC 6901 JSON Pointer into the package) and what. */
export interface OcdsProblem {
  path: string;
  message: string;
}
