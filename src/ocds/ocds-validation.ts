import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { OrganisationKind } from '../authorization/roles.js';
import type { ProcurementUnit, SourceRelease } from './ocds-compile.js';
import { isStandingAward, partyKinds } from './ocds-mapping.js';
import type { OcdsProblem, OcdsRelease } from './ocds-release.js';
import { notJson } from './ocds.errors.js';

// Loaded as modules so that the build copies them next to the code (`tsc` emits imported JSON).
const releaseSchema = (await import('./schema/release.schema.json', { with: { type: 'json' } })).default;
const packagesSchema = (await import('./schema/packages.schema.json', { with: { type: 'json' } })).default;
export const extensionReleaseSchema = (await import('./extension/release-schema.json', { with: { type: 'json' } })).default;

/**
 * RFC 7386 JSON Merge Patch, the way OCDS tools apply an extension's release-schema.json to the
 * release schema: the schema imports are checked against is the one an OCDS user would build.
 */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const merged: Record<string, unknown> =
    typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else merged[key] = mergePatch(merged[key], value);
  }
  return merged;
}

let packageValidator: ValidateFunction | undefined;

/** Compiled on first use, not at start-up: compiling the OCDS schemas costs about 0.2 s that most runs never need. */
function packageSchemaValidator(): ValidateFunction {
  if (!packageValidator) {
    const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
    addFormats.default(ajv);
    ajv.addSchema({ ...(mergePatch(releaseSchema, extensionReleaseSchema) as object), $id: 'ocds-release.json' });
    packageValidator = ajv.compile(packagesSchema);
  }
  return packageValidator;
}

/** For packages that arrive as bytes (an uploaded file, the CLI): malformed JSON is an OCDS problem like any other. */
export function parsePackage(text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw notJson((error as Error).message);
  }
}

/** Schema problems of a parsed package, each at the JSON Pointer of the offending value. */
export function schemaProblems(input: unknown): OcdsProblem[] {
  const validate = packageSchemaValidator();
  if (validate(input)) return [];
  const problems = (validate.errors ?? []).flatMap(problemOf);
  const seen = new Set<string>();
  return problems.filter((p) => !seen.has(`${p.path} ${p.message}`) && seen.add(`${p.path} ${p.message}`));
}

function problemOf(error: ErrorObject): OcdsProblem[] {
  switch (error.keyword) {
    // if/then/else only repeat what the branch's own errors already say.
    case 'if':
      return [];
    case 'required':
      return [{ path: `${error.instancePath}/${escapePointer(String(error.params.missingProperty))}`, message: 'is required' }];
    case 'enum':
      return [
        {
          path: error.instancePath,
          message: error.schemaPath.includes('/Currency/')
            ? 'must be an ISO 4217 currency code, such as KES or USD'
            : `must be one of: ${(error.params.allowedValues as unknown[]).join(', ')}`,
        },
      ];
    case 'format':
      return [
        {
          path: error.instancePath,
          message:
            error.params.format === 'date-time'
              ? 'must be a date and time with a time zone (RFC 3339), such as 2027-01-11T06:00:00Z'
              : `must be a valid ${error.params.format}`,
        },
      ];
    default:
      return [{ path: error.instancePath, message: error.message ?? 'is invalid' }];
  }
}

function escapePointer(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * What a schema cannot say: references that must resolve within the ocid (a party, an award),
 * ids that must be unique, periods that must not run backwards, and the parts a party plays.
 */
export function referenceProblems(units: ProcurementUnit[]): OcdsProblem[] {
  return units.flatMap((unit) => {
    const partyIds = new Set(unit.sources.flatMap((s) => (s.release.parties ?? []).map((p) => String(p.id))));
    const awardIds = new Set(unit.sources.flatMap((s) => (s.release.awards ?? []).map((a) => String(a.id))));
    return [...unit.sources.flatMap((source) => sourceProblems(source, partyIds, awardIds)), ...compiledProblems(unit)];
  });
}

function sourceProblems({ release, path }: SourceRelease, partyIds: Set<string>, awardIds: Set<string>): OcdsProblem[] {
  const problems: OcdsProblem[] = [];
  const party = (at: string, id: string | number, what: string) => {
    if (!partyIds.has(String(id))) problems.push({ path: at, message: `refers to ${what} "${id}", which is not among the parties (parties[].id)` });
  };
  const unique = (at: string, items: Array<{ id: string | number }> | undefined) => {
    const seen = new Set<string>();
    for (const [index, item] of (items ?? []).entries()) {
      if (seen.has(String(item.id))) problems.push({ path: `${at}/${index}/id`, message: `repeats id "${item.id}"` });
      seen.add(String(item.id));
    }
  };

  unique(`${path}/parties`, release.parties);
  unique(`${path}/bids/details`, release.bids?.details);
  unique(`${path}/awards`, release.awards);
  unique(`${path}/contracts`, release.contracts);
  if (release.buyer) party(`${path}/buyer/id`, release.buyer.id, 'buyer');
  for (const [i, tenderer] of (release.tender?.tenderers ?? []).entries()) party(`${path}/tender/tenderers/${i}/id`, tenderer.id, 'tenderer');
  for (const [i, bid] of (release.bids?.details ?? []).entries()) {
    for (const [j, tenderer] of bid.tenderers.entries()) party(`${path}/bids/details/${i}/tenderers/${j}/id`, tenderer.id, 'tenderer');
  }
  for (const [i, award] of (release.awards ?? []).entries()) {
    for (const [j, supplier] of (award.suppliers ?? []).entries()) party(`${path}/awards/${i}/suppliers/${j}/id`, supplier.id, 'supplier');
  }
  for (const [i, contract] of (release.contracts ?? []).entries()) {
    if (!awardIds.has(String(contract.awardID))) {
      problems.push({ path: `${path}/contracts/${i}/awardID`, message: `refers to award "${contract.awardID}", which no release of this ocid has` });
    }
    unique(`${path}/contracts/${i}/amendments`, contract.amendments);
  }
  const period = release.tender?.tenderPeriod;
  if (period?.startDate && period.endDate && Date.parse(period.endDate) < Date.parse(period.startDate)) {
    problems.push({ path: `${path}/tender/tenderPeriod/endDate`, message: 'must not be before tenderPeriod.startDate' });
  }
  return problems;
}

const KIND_WORDS: Record<OrganisationKind, string> = {
  [OrganisationKind.CONTRACTING_AUTHORITY]: 'the buyer',
  [OrganisationKind.BIDDER]: 'a tenderer or supplier',
  [OrganisationKind.MONITOR]: 'the monitor',
  [OrganisationKind.IP_IMPLEMENTER]: 'the implementer',
  [OrganisationKind.REFERRAL_PARTNER]: 'a referral partner',
};

/** Problems of the procurement as its releases leave it, reported where its first release says it. */
function compiledProblems({ sources, compiled }: ProcurementUnit): OcdsProblem[] {
  const problems: OcdsProblem[] = [];
  const kinds = partyKinds(compiled);
  for (const [id, partyKinds] of kinds) {
    if (partyKinds.size > 1) {
      problems.push({
        path: partyPath(sources, id),
        message: `plays more than one part on the platform (${[...partyKinds].map((k) => KIND_WORDS[k]).join(' and ')}); an organisation has one kind`,
      });
    }
  }
  for (const [kind, role] of [
    [OrganisationKind.MONITOR, 'pactwatchMonitor'],
    [OrganisationKind.IP_IMPLEMENTER, 'pactwatchImplementer'],
  ] as const) {
    const holders = [...kinds].filter(([, set]) => set.has(kind));
    if (holders.length > 1)
      problems.push({ path: partyPath(sources, holders[1][0]), message: `is a second party with the ${role} role; a procurement has one` });
  }
  const standing = new Set((compiled.awards ?? []).filter((a) => isStandingAward(a.status)).map((a) => String(a.id)));
  for (const contract of compiled.contracts ?? []) {
    if (!standing.has(String(contract.awardID)) && (compiled.awards ?? []).some((a) => String(a.id) === String(contract.awardID))) {
      problems.push({
        path: `${locate(sources, (r) => indexOfId(r.contracts, contract.id), 'contracts')}/awardID`,
        message: `refers to award "${contract.awardID}", which is cancelled or unsuccessful`,
      });
    }
  }
  return problems;
}

function indexOfId(items: Array<{ id: string | number }> | undefined, id: string | number): number {
  return (items ?? []).findIndex((item) => String(item.id) === String(id));
}

/** The path of an item in the first release of the unit that has it. */
export function locate(sources: SourceRelease[], indexIn: (release: OcdsRelease) => number, field: string): string {
  for (const source of sources) {
    const index = indexIn(source.release);
    if (index >= 0) return `${source.path}/${field}/${index}`;
  }
  return sources[0].path;
}

export function partyPath(sources: SourceRelease[], partyId: string): string {
  return locate(sources, (r) => indexOfId(r.parties, partyId), 'parties');
}
