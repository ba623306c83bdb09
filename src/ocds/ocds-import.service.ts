import { Injectable } from '@nestjs/common';
import { AuditService, type AuditRecord } from '../audit/audit.service.js';
import type { Action, SubjectType } from '../authorization/ability.factory.js';
import { OrganisationKind } from '../authorization/roles.js';
import type { Viewer } from '../authorization/viewer.js';
import { TransactionService } from '../database/transaction.service.js';
import { ProcurementEventsService } from '../events/procurement-events.service.js';
import { ProcurementAccessService, type ProcurementScope } from '../procurements/procurement-access.service.js';
import type { Procurement } from '../procurements/procurement.entity.js';
import { contractValues, unitsOf, type ContractValues, type ProcurementUnit } from './ocds-compile.js';
import {
  assignChanged,
  describeParty,
  may,
  type ImportOptions,
  type ImportStatus,
  type ImportSummary,
  type PartyOrganisations,
  type UnitContext,
} from './ocds-import-context.js';
import { IMPLEMENTER_ROLE, MONITOR_ROLE, buyerId, definedOnly, partyKinds, procurementIdInOcid, toDecimal } from './ocds-mapping.js';
import { OcdsOrganisationImportService } from './ocds-organisation-import.service.js';
import type { OcdsPackage, OcdsParty } from './ocds-release.js';
import { OcdsTenderingImportService } from './ocds-tendering-import.service.js';
import { partyPath, referenceProblems, schemaProblems } from './ocds-validation.js';
import { buyerNotYours, importForbidden, invalidOcds } from './ocds.errors.js';
import { OcdsRepository } from './ocds.repository.js';

export type { ImportOptions, ImportStatus, ImportSummary } from './ocds-import-context.js';

type Existing = { procurement: Procurement; scope: ProcurementScope } | null;

/**
 * Imports OCDS 1.1 release and record packages into procurements, keyed by ocid. The whole
 * package is checked first (schema, then references), then written in one transaction that
 * rolls back on the first refusal or if any problem turns up while writing: a package is
 * imported whole or not at all.
 *
 * Writing is an upsert, never a deletion: OCDS releases only ever add to what is known, so a
 * later package with only an award release leaves the bids imported earlier in place. Rows are
 * matched on their OCDS id within the procurement (Bid.ocdsId…, or the row's own id for rows the
 * platform created and exported), so importing the same package again changes nothing.
 */
@Injectable()
export class OcdsImportService {
  constructor(
    private readonly transactions: TransactionService,
    private readonly repository: OcdsRepository,
    private readonly organisations: OcdsOrganisationImportService,
    private readonly tendering: OcdsTenderingImportService,
    private readonly access: ProcurementAccessService,
    private readonly audit: AuditService,
    private readonly procurementEvents: ProcurementEventsService,
  ) {}

  async import(viewer: Viewer, input: unknown, options: ImportOptions): Promise<ImportSummary> {
    const invalid = schemaProblems(input);
    if (invalid.length) throw invalidOcds(invalid);
    const { units, problems } = unitsOf(input as OcdsPackage);
    const values = new Map(units.map((unit) => [unit, contractValues(unit)]));
    problems.push(...referenceProblems(units), ...[...values.values()].flatMap((v) => v.problems));
    if (problems.length) throw invalidOcds(problems);

    const releasesTotal = units.reduce((n, unit) => n + unit.sources.length, 0);
    const summary: ImportSummary = {
      procurements: [],
      counts: {
        releases: releasesTotal,
        procurements: units.length,
        created: 0,
        updated: 0,
        unchanged: 0,
        organisationsCreated: 0,
        bids: 0,
        awards: 0,
        contracts: 0,
        amendments: 0,
      },
      skipped: [],
    };
    return this.transactions.run(async (tx) => {
      let releasesDone = 0;
      options.onProgress?.(releasesDone, releasesTotal);
      const audit: AuditRecord[] = [];
      const changedProcurements: string[] = [];
      for (const unit of units) {
        const context: UnitContext = { tx, viewer, unit, problems, summary, audit, changedProcurements };
        const imported = await this.importUnit(context, values.get(unit)!, options);
        if (imported) {
          summary.procurements.push({ ocid: unit.ocid, ...imported });
          summary.counts[imported.status] += 1;
        }
        releasesDone += unit.sources.length;
        options.onProgress?.(releasesDone, releasesTotal);
      }
      // Problems only the database can reveal (an organisation of another kind, a reference in use) undo everything.
      if (problems.length) throw invalidOcds(problems);
      // Procurement locks (recompute) before the audit chain's lock, the order every other
      // writer takes them in: the other way round, a monitor's decision could deadlock an import.
      for (const procurementId of changedProcurements) await this.procurementEvents.factsChanged(tx, procurementId);
      for (const record of audit) await this.audit.append(tx, record);
      return summary;
    });
  }

  private async importUnit(context: UnitContext, values: ContractValues, options: ImportOptions): Promise<{ id: string; status: ImportStatus } | null> {
    const { viewer, unit, problems } = context;
    const { compiled, sources } = unit;
    const problemsBefore = problems.length;
    const kinds = partyKinds(compiled);
    const partyById = new Map((compiled.parties ?? []).map((p) => [String(p.id), p]));
    const existing = await this.checkProcurementAccess(context, partyById);
    if (existing === undefined) return null;

    const organisations: PartyOrganisations = new Map();
    // Each party plays exactly one kind by now: referenceProblems refused the package otherwise.
    for (const [partyId, played] of kinds) {
      const organisation = await this.organisations.organisationFor(context, partyById.get(partyId)!, [...played][0]);
      if (organisation) organisations.set(partyId, organisation);
    }
    if (problems.length > problemsBefore) return null;

    const written = await this.writeProcurement(context, existing, organisations);
    if (!written) return null;
    const { procurement, created } = written;
    const scope = { authorityId: procurement.authorityId, monitorId: procurement.monitorId, implementerId: procurement.implementerId, bidderIds: [] };
    const guard = (action: Action, type: Exclude<SubjectType, 'all'>, consequence: string) => {
      if (!may(viewer, action, type, scope)) throw importForbidden(unit.ocid, consequence);
    };
    const changed = [
      await this.tendering.writeBidders(context, procurement, organisations, kinds, guard),
      await this.tendering.writeTendering(context, procurement, organisations, values, guard),
    ].some(Boolean);

    const status: ImportStatus = created ? 'created' : written.changed || changed ? 'updated' : 'unchanged';
    if (status !== 'unchanged') {
      context.audit.push({
        actorId: viewer.user?.id ?? null,
        action: 'ocds.imported',
        subjectType: 'Procurement',
        subjectId: procurement.id,
        procurementId: procurement.id,
        data: { ocid: unit.ocid, created, via: options.via, releases: sources.map((s) => String(s.release.id)) },
      });
      context.changedProcurements.push(procurement.id);
    }
    return { id: procurement.id, status };
  }

  /**
   * The procurement the unit updates (locked) with its scope, or null when it creates one; throws
   * when the viewer may do neither, and returns undefined after noting a problem with the package.
   */
  private async checkProcurementAccess(context: UnitContext, partyById: Map<string, OcdsParty>): Promise<Existing | undefined> {
    const { tx, viewer, unit, problems } = context;
    const buyerParty = buyerId(unit.compiled);
    const buyer = buyerParty === null ? null : partyById.get(buyerParty)!;
    const existing = await this.lockProcurement(context, unit.ocid);
    const existingScope = existing ? (await this.access.scopes([existing.id], tx)).get(existing.id)! : null;
    const buyerOrganisation = buyer && (await this.organisations.findOrganisation(tx, buyer, OrganisationKind.CONTRACTING_AUTHORITY));
    if (existing) {
      if (!may(viewer, 'update', 'Procurement', existingScope!)) {
        throw buyer ? buyerNotYours(unit.ocid, describeParty(buyer)) : importForbidden(unit.ocid, 'change the procurement of an authority you do not act for');
      }
      // A release that names no buyer updates the procurement of the authority it has.
      if (buyer && buyerOrganisation?.id !== existing.authorityId) {
        problems.push({
          path: partyPath(unit.sources, String(buyer.id)),
          message: "is not the contracting authority of the procurement with this ocid; an import cannot change a procurement's authority",
        });
      }
      return { procurement: existing, scope: existingScope! };
    }
    if (!buyer) {
      problems.push({ path: `${unit.sources[0].path}/buyer`, message: 'is required to create a procurement: the buyer becomes its contracting authority' });
      return undefined;
    }
    const scope = { authorityId: buyerOrganisation?.id ?? null, monitorId: null, implementerId: null, bidderIds: [] };
    if (!may(viewer, 'create', 'Procurement', scope)) throw buyerNotYours(unit.ocid, describeParty(buyer));
    return null;
  }

  /** By ocid; or, for an ocid the platform made up for one of its own procurements, that procurement. */
  private async lockProcurement({ tx }: UnitContext, ocid: string): Promise<Procurement | null> {
    const byOcid = await this.repository.lockProcurementByOcid(tx, ocid);
    if (byOcid) return byOcid;
    const id = procurementIdInOcid(ocid);
    return id ? this.repository.lockProcurementWithoutOcid(tx, id) : null;
  }

  /** The procurement's own fields; a field the releases leave out keeps the value it had. */
  private async writeProcurement(context: UnitContext, current: Existing, organisations: PartyOrganisations) {
    const { tx, unit, problems } = context;
    const { compiled, sources } = unit;
    const fields = procurementFields(unit, current !== null, organisations);
    const tenderPath = (field: 'id' | 'title') => `${(sources.find((s) => s.release.tender?.[field] !== undefined) ?? sources[0]).path}/tender/${field}`;
    const sameReference = fields.reference === undefined ? null : await this.repository.procurementByReference(tx, fields.reference);
    if (sameReference && sameReference.id !== current?.procurement.id) {
      problems.push({
        path: tenderPath('id'),
        message: `is the reference of another procurement on the platform (${sameReference.ocid ?? sameReference.id}); references are unique`,
      });
      return null;
    }
    if (current) return this.updateProcurement(context, current, fields);
    if (!fields.title) {
      problems.push({ path: tenderPath('title'), message: 'is required to create a procurement' });
      return null;
    }
    const authority = organisations.get(buyerId(compiled)!)!;
    const procurement = await this.repository.createProcurement(tx, { ...definedOnly(fields), ocid: unit.ocid, authorityId: authority.id });
    return { procurement, created: true, changed: true };
  }

  private async updateProcurement(context: UnitContext, { procurement, scope }: NonNullable<Existing>, fields: Partial<Procurement>) {
    const { tx, viewer, unit } = context;
    if (fields.monitorId !== undefined && fields.monitorId !== procurement.monitorId && !may(viewer, 'assignMonitor', 'Procurement', scope)) {
      throw importForbidden(unit.ocid, 'assign another monitor to the procurement');
    }
    // No operation lets an authority replace the IP implementer watching it; an import must not either.
    if (fields.implementerId !== undefined && fields.implementerId !== procurement.implementerId && !viewer.ability.can('manage', 'all')) {
      throw importForbidden(unit.ocid, 'replace the IP implementer of the procurement');
    }
    const before = { monitorId: procurement.monitorId, implementerId: procurement.implementerId };
    const changed = assignChanged(procurement, fields);
    if (changed) await this.repository.saveProcurement(tx, procurement);
    for (const [field, action] of [
      ['monitorId', 'procurement.monitor_assigned'],
      ['implementerId', 'procurement.implementer_assigned'],
    ] as const) {
      if (procurement[field] !== before[field]) {
        context.audit.push({
          actorId: viewer.user?.id ?? null,
          action,
          subjectType: 'Procurement',
          subjectId: procurement.id,
          procurementId: procurement.id,
          data: { [field]: procurement[field], [`previous${field[0].toUpperCase()}${field.slice(1)}`]: before[field], via: 'ocds', ocid: unit.ocid },
        });
      }
    }
    return { procurement, created: false, changed };
  }
}

/** The procurement's fields as the compiled release gives them; undefined where it says nothing. */
function procurementFields({ compiled, ocid }: ProcurementUnit, exists: boolean, organisations: PartyOrganisations): Partial<Procurement> {
  const tender = compiled.tender;
  const partyWithRole = (role: string) => (compiled.parties ?? []).find((p) => p.roles?.includes(role));
  const monitor = partyWithRole(MONITOR_ROLE);
  const implementer = partyWithRole(IMPLEMENTER_ROLE);
  return {
    // A procurement's reference is its tender id, or its ocid when it is created without a tender.
    reference: tender?.id !== undefined ? String(tender.id) : exists ? undefined : ocid,
    title: tender?.title?.trim(),
    description: tender?.description,
    estimatedValue: tender?.value ? toDecimal(tender.value.amount) : undefined,
    currency: tender?.value ? (tender.value.currency ?? null) : undefined,
    tenderPeriodStart: tender?.tenderPeriod?.startDate ? new Date(tender.tenderPeriod.startDate) : undefined,
    tenderPeriodEnd: tender?.tenderPeriod?.endDate ? new Date(tender.tenderPeriod.endDate) : undefined,
    procurementMethod: tender?.procurementMethod,
    sector: compiled.pactwatch?.sector,
    area: compiled.pactwatch?.area,
    monitorId: monitor ? organisations.get(String(monitor.id))!.id : undefined,
    implementerId: implementer ? organisations.get(String(implementer.id))!.id : undefined,
  };
}
