import { subject as asSubject } from '@casl/ability';
import type { EntityManager } from 'typeorm';
import type { Organisation } from '../accounts/organisation.entity.js';
import type { AuditRecord } from '../audit/audit.service.js';
import type { Action, SubjectType } from '../authorization/ability.factory.js';
import type { Viewer } from '../authorization/viewer.js';
import type { ProcurementUnit } from './ocds-compile.js';
import { definedOnly, identifierOf } from './ocds-mapping.js';
import type { OcdsParty, OcdsProblem } from './ocds-release.js';

/** What the parts of an OCDS import share: its summary, the state of one unit as it is written, and small rules. */

export type ImportStatus = 'created' | 'updated' | 'unchanged';

export interface ImportSummary {
  procurements: Array<{ ocid: string; id: string; status: ImportStatus }>;
  counts: {
    releases: number;
    procurements: number;
    created: number;
    updated: number;
    unchanged: number;
    organisationsCreated: number;
    bids: number;
    awards: number;
    contracts: number;
    amendments: number;
  };
  /** Bids and awards the package holds that are not offers or decisions the platform records (withdrawn bids, cancelled awards…). */
  skipped: Array<{ path: string; reason: string }>;
}

export interface ImportOptions {
  /** Recorded in the audit trail: how the package arrived. */
  via: 'http' | 'cli';
  onProgress?: (releasesDone: number, releasesTotal: number) => void;
}

/** What a unit's writes need to know as they go. */
export interface UnitContext {
  tx: EntityManager;
  viewer: Viewer;
  unit: ProcurementUnit;
  problems: OcdsProblem[];
  summary: ImportSummary;
  /** Appended once everything is written (see `import`). */
  audit: AuditRecord[];
  /** Procurements whose red flags are recomputed once everything is written. */
  changedProcurements: string[];
}

/** Parties of the unit that play a part on the platform, with the organisation each one is. */
export type PartyOrganisations = Map<string, Organisation>;

export type Guard = (action: Action, type: Exclude<SubjectType, 'all'>, consequence: string) => void;

export function describeParty(party: OcdsParty): string {
  const identifier = identifierOf(party);
  return identifier ? `"${party.name}" (${identifier})` : `"${party.name}"`;
}

/** Sets the fields whose value differs (dates by instant, decimals and codes by text); true if any did. */
export function assignChanged<T extends object>(row: T, fields: Partial<T>): boolean {
  let changed = false;
  for (const [field, value] of Object.entries(definedOnly(fields))) {
    const current = (row as Record<string, unknown>)[field];
    const same =
      current instanceof Date && value instanceof Date
        ? current.getTime() === value.getTime()
        : current === null || value === null
          ? current === value
          : scalarText(current) === scalarText(value);
    if (!same) {
      (row as Record<string, unknown>)[field] = value;
      changed = true;
    }
  }
  return changed;
}

export function may(viewer: Viewer, action: Action, type: Exclude<SubjectType, 'all'>, fields: object): boolean {
  return viewer.ability.can(action, asSubject(type, { ...fields }));
}

/** Decimals arrive as numbers and are stored as text: both compare by their text; anything structured by its JSON. */
function scalarText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
