import type { OcdsContract, OcdsPackage, OcdsProblem, OcdsRelease, OcdsValue } from './ocds-release.js';

/** A release as it stands in the package, with the JSON Pointer of where it stands. */
export interface SourceRelease {
  release: OcdsRelease;
  path: string;
}

/** Everything a package says about one ocid: its releases, oldest first, and their merge. */
export interface ProcurementUnit {
  ocid: string;
  sources: SourceRelease[];
  compiled: OcdsRelease;
}

/** Reads the units of a package that passed the schema; problems are package-level ones (a record without releases, a repeated ocid). */
export function unitsOf(pkg: OcdsPackage): { units: ProcurementUnit[]; problems: OcdsProblem[] } {
  const problems: OcdsProblem[] = [];
  const groups = new Map<string, SourceRelease[]>();
  if ('records' in pkg) {
    for (const [index, record] of pkg.records.entries()) {
      const path = `/records/${index}`;
      if (groups.has(record.ocid)) {
        problems.push({ path: `${path}/ocid`, message: `repeats ocid ${record.ocid}: a record package has one record per ocid` });
        continue;
      }
      // The compiled release already is the merge of the record's releases; embedded releases are read only without it.
      const sources: SourceRelease[] = record.compiledRelease
        ? [{ release: record.compiledRelease, path: `${path}/compiledRelease` }]
        : record.releases.flatMap((release, i) => ('ocid' in release ? [{ release, path: `${path}/releases/${i}` }] : []));
      if (!sources.length) problems.push({ path, message: 'has neither a compiledRelease nor embedded releases to import' });
      for (const source of sources) {
        if (source.release.ocid !== record.ocid) problems.push({ path: `${source.path}/ocid`, message: `does not match the record's ocid ${record.ocid}` });
      }
      groups.set(record.ocid, sources);
    }
  } else {
    for (const [index, release] of pkg.releases.entries()) {
      const sources = groups.get(release.ocid) ?? [];
      sources.push({ release, path: `/releases/${index}` });
      groups.set(release.ocid, sources);
    }
  }
  const units = [...groups]
    .filter(([, sources]) => sources.length)
    .map(([ocid, sources]) => {
      const ordered = [...sources].sort((a, b) => Date.parse(a.release.date) - Date.parse(b.release.date));
      return { ocid, sources: ordered, compiled: compileReleases(ordered.map((s) => s.release)) };
    });
  return { units, problems };
}

/** The OCDS merge of releases given oldest first: the procurement as the latest release leaves it. */
export function compileReleases(releases: OcdsRelease[]): OcdsRelease {
  return releases.reduce<unknown>((merged, release) => mergeOcds(merged, release), {}) as OcdsRelease;
}

/**
 * OCDS merge rules: objects merge field by field, null removes a field, arrays of objects with
 * ids merge item by item on the id, and any other array or value replaces what was there.
 */
export function mergeOcds(target: unknown, source: unknown): unknown {
  if (Array.isArray(source)) {
    if (!source.every((item) => isObject(item) && 'id' in item)) return structuredClone(source);
    const merged: unknown[] = Array.isArray(target) ? [...(target as unknown[])] : [];
    for (const item of source as Array<{ id: unknown }>) {
      const at = merged.findIndex((existing) => isObject(existing) && String((existing as { id: unknown }).id) === String(item.id));
      if (at >= 0) merged[at] = mergeOcds(merged[at], item);
      else merged.push(mergeOcds({}, item));
    }
    return merged;
  }
  if (isObject(source)) {
    const merged: Record<string, unknown> = isObject(target) ? { ...(target as Record<string, unknown>) } : {};
    for (const [key, value] of Object.entries(source as Record<string, unknown>)) {
      if (value === null) delete merged[key];
      else merged[key] = mergeOcds(merged[key], value);
    }
    return merged;
  }
  return source;
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value of each contract at signature and after each amendment (keys are OCDS ids). */
export interface ContractValues {
  signed: Map<string, OcdsValue>;
  amended: Map<string, Map<string, OcdsValue>>;
  problems: OcdsProblem[];
}

/**
 * OCDS 1.1 amendments carry no value, and `contract.value` is the value now. The platform keeps
 * the value at signature and after every amendment (the "raised by amendments" red flag reads
 * them), found in this order:
 *   1. the Pactwatch extension: `contracts[].pactwatch.signedValue`, `amendments[].pactwatch.newValue`;
 *   2. successive releases: the contract's value in the release that first shows it without
 *      amendments is its value at signature; its value in the release that first shows an
 *      amendment is the value after that amendment (after the latest of them, when one release
 *      brings several);
 *   3. otherwise the value is unknown, and that is a problem rather than a guess.
 */
export function contractValues(unit: ProcurementUnit): ContractValues {
  const signed = new Map<string, OcdsValue>();
  const amended = new Map<string, Map<string, OcdsValue>>();
  const problems: OcdsProblem[] = [];
  const fromHistory = { signed: new Map<string, OcdsValue>(), amended: new Map<string, OcdsValue>() };
  const firstSeen = { contract: new Map<string, string>(), amendment: new Map<string, string>() };
  const amendmentKey = (contractId: string, amendmentId: string) => `${contractId}\u0000${amendmentId}`;

  let state: unknown = {};
  for (const source of unit.sources) {
    state = mergeOcds(state, source.release);
    for (const contract of (state as OcdsRelease).contracts ?? []) {
      const contractId = String(contract.id);
      const amendments = contract.amendments ?? [];
      if (!firstSeen.contract.has(contractId)) {
        firstSeen.contract.set(contractId, pathOfContract(source, contractId));
        if (!amendments.length && contract.value) fromHistory.signed.set(contractId, contract.value);
      }
      const fresh = amendments.filter((a) => !firstSeen.amendment.has(amendmentKey(contractId, String(a.id))));
      for (const amendment of fresh)
        firstSeen.amendment.set(amendmentKey(contractId, String(amendment.id)), pathOfAmendment(source, contractId, String(amendment.id)));
      const latest = [...fresh].sort((a, b) => Date.parse(a.date) - Date.parse(b.date)).at(-1);
      if (latest && contract.value) fromHistory.amended.set(amendmentKey(contractId, String(latest.id)), contract.value);
    }
  }

  for (const contract of unit.compiled.contracts ?? []) {
    const contractId = String(contract.id);
    const amendments = contract.amendments ?? [];
    const signedValue = contract.pactwatch?.signedValue ?? fromHistory.signed.get(contractId);
    if (signedValue) signed.set(contractId, signedValue);
    else {
      problems.push({
        path: `${firstSeen.contract.get(contractId)}/pactwatch/signedValue`,
        message:
          "is required: the contract's value at signature is unknown, as it first appears already amended. " +
          'Give it here (Pactwatch extension) or publish the contract in a release before its amendments',
      });
    }
    const values = new Map<string, OcdsValue>();
    for (const amendment of amendments) {
      const key = amendmentKey(contractId, String(amendment.id));
      const newValue = amendment.pactwatch?.newValue ?? fromHistory.amended.get(key);
      if (newValue) values.set(String(amendment.id), newValue);
      else {
        problems.push({
          path: `${firstSeen.amendment.get(key)}/pactwatch/newValue`,
          message:
            "is required: the contract's value after this amendment is unknown. " +
            "Give it here (Pactwatch extension) or publish each amendment in its own release with the contract's new value",
        });
      }
    }
    amended.set(contractId, values);
  }
  return { signed, amended, problems };
}

function pathOfContract(source: SourceRelease, contractId: string): string {
  const index = (source.release.contracts ?? []).findIndex((c: OcdsContract) => String(c.id) === contractId);
  return `${source.path}/contracts/${index}`;
}

function pathOfAmendment(source: SourceRelease, contractId: string, amendmentId: string): string {
  const contractIndex = (source.release.contracts ?? []).findIndex((c) => String(c.id) === contractId);
  const amendmentIndex = (source.release.contracts?.[contractIndex]?.amendments ?? []).findIndex((a) => String(a.id) === amendmentId);
  return `${source.path}/contracts/${contractIndex}/amendments/${amendmentIndex}`;
}
