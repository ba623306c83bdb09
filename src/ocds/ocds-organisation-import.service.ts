import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Organisation } from '../accounts/organisation.entity.js';
import type { OrganisationKind } from '../authorization/roles.js';
import { describeParty, may, type UnitContext } from './ocds-import-context.js';
import { addressText, identifierOf } from './ocds-mapping.js';
import type { OcdsParty } from './ocds-release.js';
import { partyPath } from './ocds-validation.js';
import { importForbidden } from './ocds.errors.js';
import { OcdsRepository } from './ocds.repository.js';

/** The organisations an OCDS import's parties are on the platform: found by identifier or name, created when new. */
@Injectable()
export class OcdsOrganisationImportService {
  constructor(private readonly repository: OcdsRepository) {}

  /**
   * The platform's organisation for a party: by identifier; else by name among organisations of
   * the same kind that have no identifier yet (those created on the platform before any import),
   * or among all of that kind when the party gives no identifier either.
   */
  async findOrganisation(tx: EntityManager, party: OcdsParty, kind: OrganisationKind): Promise<Organisation | null> {
    const identifier = identifierOf(party);
    if (identifier) {
      const byIdentifier = await this.repository.organisationByIdentifier(tx, identifier);
      if (byIdentifier) return byIdentifier;
    }
    return this.repository.organisationByName(tx, kind, party.name.trim(), identifier !== null);
  }

  /**
   * Finds or creates the organisation. Organisations are shared by every procurement they take
   * part in, so an import never overwrites what the platform holds about one; it fills in what is
   * missing, and only for those who may edit organisations (platform administrators).
   */
  async organisationFor(context: UnitContext, party: OcdsParty, kind: OrganisationKind): Promise<Organisation | null> {
    const { tx, viewer, unit, problems, summary } = context;
    const details = {
      identifier: identifierOf(party),
      address: addressText(party),
      contactEmail: party.contactPoint?.email ?? null,
      contactPhone: party.contactPoint?.telephone ?? null,
      country: party.pactwatch?.country ?? null,
    };
    const found = await this.findOrganisation(tx, party, kind);
    if (found) {
      if (found.kind !== kind) {
        problems.push({
          path: partyPath(unit.sources, String(party.id)),
          message: `is the platform's organisation "${found.name}" (${found.identifier}), of kind ${found.kind}, but takes the part of a ${kind} here`,
        });
        return null;
      }
      const blanks = Object.fromEntries(Object.entries(details).filter(([field, value]) => value !== null && found[field as keyof typeof details] === null));
      if (Object.keys(blanks).length && may(viewer, 'update', 'Organisation', { kind })) {
        Object.assign(found, blanks);
        await this.repository.saveOrganisation(tx, found);
        context.audit.push({
          actorId: viewer.user?.id ?? null,
          action: 'organisation.updated',
          subjectType: 'Organisation',
          subjectId: found.id,
          data: { changes: blanks, via: 'ocds', ocid: unit.ocid },
        });
      }
      return found;
    }
    if (!may(viewer, 'create', 'Organisation', { kind })) throw importForbidden(unit.ocid, `register ${describeParty(party)} as a new ${kind} organisation`);
    const organisation = await this.repository.createOrganisation(tx, { name: party.name.trim(), kind, ...details });
    context.audit.push({
      actorId: viewer.user?.id ?? null,
      action: 'organisation.created',
      subjectType: 'Organisation',
      subjectId: organisation.id,
      data: { name: organisation.name, kind, via: 'ocds', ocid: unit.ocid },
    });
    summary.counts.organisationsCreated += 1;
    return organisation;
  }
}
