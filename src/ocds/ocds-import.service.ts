import { subject as asSubject } from '@casl/ability';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, type EntityManager, type EntityTarget } from 'typeorm';
import { Organisation } from '../accounts/organisation.entity.js';
import { OrganisationKind } from '../authorization/roles.js';
import { AuditService, type AuditRecord } from '../audit/audit.service.js';
import type { Action, SubjectType } from '../authorization/ability.factory.js';
import type { Viewer } from '../authorization/viewer.js';
import { ProcurementAccessService, type ProcurementScope } from '../procurements/procurement-access.service.js';
import { ProcurementBidder } from '../procurements/procurement-bidder.entity.js';
import { Procurement } from '../procurements/procurement.entity.js';
import { ProcurementEventsService } from '../events/procurement-events.service.js';
import { Award } from '../tendering/award.entity.js';
import { Bid } from '../tendering/bid.entity.js';
import { ContractAmendment } from '../tendering/contract-amendment.entity.js';
import { Contract } from '../tendering/contract.entity.js';
import { contractValues, unitsOf, type ContractValues, type ProcurementUnit } from './ocds-compile.js';
import {
  IMPLEMENTER_ROLE, MONITOR_ROLE, addressText, buyerId, definedOnly, identifierOf, isReceivedBid, isStandingAward, partyKinds, participationOf, procurementIdInOcid, toDecimal,
} from './ocds-mapping.js';
import type { OcdsPackage, OcdsParty, OcdsProblem } from './ocds-release.js';
import { locate, partyPath, referenceProblems, schemaProblems } from './ocds-validation.js';
import { buyerNotYours, importForbidden, invalidOcds } from './ocds.errors.js';

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
interface UnitContext {
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
type PartyOrganisations = Map<string, Organisation>;

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
    @InjectDataSource() private readonly db: DataSource,
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
      counts: { releases: releasesTotal, procurements: units.length, created: 0, updated: 0, unchanged: 0, organisationsCreated: 0, bids: 0, awards: 0, contracts: 0, amendments: 0 },
      skipped: [],
    };
    return this.db.transaction(async (tx) => {
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
    const { tx, viewer, unit, problems } = context;
    const { compiled, sources } = unit;
    const problemsBefore = problems.length;
    const kinds = partyKinds(compiled);
    const partyById = new Map((compiled.parties ?? []).map((p) => [String(p.id), p]));
    const buyerParty = buyerId(compiled);
    const buyer = buyerParty === null ? null : partyById.get(buyerParty)!;

    const existing = await this.findProcurement(tx, unit.ocid);
    const existingScope = existing ? (await this.access.scopes([existing.id])).get(existing.id)! : null;
    const buyerOrganisation = buyer && (await this.findOrganisation(tx, buyer, OrganisationKind.CONTRACTING_AUTHORITY));
    if (existing) {
      if (!this.may(viewer, 'update', 'Procurement', existingScope!)) {
        throw buyer ? buyerNotYours(unit.ocid, describeParty(buyer)) : importForbidden(unit.ocid, 'change the procurement of an authority you do not act for');
      }
      // A release that names no buyer updates the procurement of the authority it has.
      if (buyer && buyerOrganisation?.id !== existing.authorityId) {
        problems.push({ path: partyPath(sources, String(buyer.id)), message: "is not the contracting authority of the procurement with this ocid; an import cannot change a procurement's authority" });
      }
    } else {
      if (!buyer) {
        problems.push({ path: `${sources[0].path}/buyer`, message: "is required to create a procurement: the buyer becomes its contracting authority" });
        return null;
      }
      const scope = { authorityId: buyerOrganisation?.id ?? null, monitorId: null, implementerId: null, bidderIds: [] };
      if (!this.may(viewer, 'create', 'Procurement', scope)) throw buyerNotYours(unit.ocid, describeParty(buyer));
    }

    const organisations: PartyOrganisations = new Map();
    // Each party plays exactly one kind by now: referenceProblems refused the package otherwise.
    for (const [partyId, played] of kinds) {
      const organisation = await this.organisationFor(context, partyById.get(partyId)!, [...played][0]);
      if (organisation) organisations.set(partyId, organisation);
    }
    if (problems.length > problemsBefore) return null;

    const written = await this.writeProcurement(context, existing && { procurement: existing, scope: existingScope! }, organisations);
    if (!written) return null;
    const { procurement, created } = written;
    const scope = { authorityId: procurement.authorityId, monitorId: procurement.monitorId, implementerId: procurement.implementerId, bidderIds: [] };
    const guard = (action: Action, type: Exclude<SubjectType, 'all'>, consequence: string) => {
      if (!this.may(viewer, action, type, scope)) throw importForbidden(unit.ocid, consequence);
    };
    const changed = [
      await this.writeBidders(context, procurement, organisations, kinds, guard),
      await this.writeTendering(context, procurement, organisations, values, guard),
    ].some(Boolean);

    const status: ImportStatus = created ? 'created' : written.changed || changed ? 'updated' : 'unchanged';
    if (status !== 'unchanged') {
      context.audit.push({
        actorId: viewer.user?.id ?? null, action: 'ocds.imported', subjectType: 'Procurement', subjectId: procurement.id, procurementId: procurement.id,
        data: { ocid: unit.ocid, created, via: options.via, releases: sources.map((s) => String(s.release.id)) },
      });
      context.changedProcurements.push(procurement.id);
    }
    return { id: procurement.id, status };
  }

  /** By ocid; or, for an ocid the platform made up for one of its own procurements, that procurement. */
  private async findProcurement(tx: EntityManager, ocid: string): Promise<Procurement | null> {
    const lock = { mode: 'pessimistic_write' as const };
    const byOcid = await tx.findOne(Procurement, { where: { ocid }, lock });
    if (byOcid) return byOcid;
    const id = procurementIdInOcid(ocid);
    return id ? tx.findOne(Procurement, { where: { id, ocid: IsNull() }, lock }) : null;
  }

  /**
   * The platform's organisation for a party: by identifier; else by name among organisations of
   * the same kind that have no identifier yet (those created on the platform before any import),
   * or among all of that kind when the party gives no identifier either.
   */
  private async findOrganisation(tx: EntityManager, party: OcdsParty, kind: OrganisationKind): Promise<Organisation | null> {
    const identifier = identifierOf(party);
    if (identifier) {
      const byIdentifier = await tx.findOneBy(Organisation, { identifier });
      if (byIdentifier) return byIdentifier;
    }
    const byName = tx
      .getRepository(Organisation)
      .createQueryBuilder('o')
      .where('o.kind = :kind AND lower(o.name) = lower(:name)', { kind, name: party.name.trim() })
      .orderBy('o.created_at')
      .addOrderBy('o.id');
    if (identifier) byName.andWhere('o.identifier IS NULL');
    return byName.getOne();
  }

  /**
   * Finds or creates the organisation. Organisations are shared by every procurement they take
   * part in, so an import never overwrites what the platform holds about one; it fills in what is
   * missing, and only for those who may edit organisations (platform administrators).
   */
  private async organisationFor(context: UnitContext, party: OcdsParty, kind: OrganisationKind): Promise<Organisation | null> {
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
      if (Object.keys(blanks).length && this.may(viewer, 'update', 'Organisation', { kind })) {
        Object.assign(found, blanks);
        await tx.save(found);
        context.audit.push({
          actorId: viewer.user?.id ?? null, action: 'organisation.updated', subjectType: 'Organisation', subjectId: found.id,
          data: { changes: blanks, via: 'ocds', ocid: unit.ocid },
        });
      }
      return found;
    }
    if (!this.may(viewer, 'create', 'Organisation', { kind })) throw importForbidden(unit.ocid, `register ${describeParty(party)} as a new ${kind} organisation`);
    const organisation = await tx.save(tx.create(Organisation, { name: party.name.trim(), kind, ...details }));
    context.audit.push({
      actorId: viewer.user?.id ?? null, action: 'organisation.created', subjectType: 'Organisation', subjectId: organisation.id,
      data: { name: organisation.name, kind, via: 'ocds', ocid: unit.ocid },
    });
    summary.counts.organisationsCreated += 1;
    return organisation;
  }

  /** The procurement's own fields; a field the releases leave out keeps the value it had. */
  private async writeProcurement(context: UnitContext, current: { procurement: Procurement; scope: ProcurementScope } | null, organisations: PartyOrganisations) {
    const { tx, viewer, unit, problems } = context;
    const { compiled, sources } = unit;
    const tender = compiled.tender;
    const partyWithRole = (role: string) => (compiled.parties ?? []).find((p) => p.roles?.includes(role));
    const monitor = partyWithRole(MONITOR_ROLE);
    const implementer = partyWithRole(IMPLEMENTER_ROLE);
    const fields: Partial<Procurement> = {
      // A procurement's reference is its tender id, or its ocid when it is created without a tender.
      reference: tender?.id !== undefined ? String(tender.id) : current ? undefined : unit.ocid,
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
    const tenderPath = (field: 'id' | 'title') => `${(sources.find((s) => s.release.tender?.[field] !== undefined) ?? sources[0]).path}/tender/${field}`;
    const sameReference = fields.reference === undefined ? null : await tx.findOneBy(Procurement, { reference: fields.reference });
    if (sameReference && sameReference.id !== current?.procurement.id) {
      problems.push({ path: tenderPath('id'), message: `is the reference of another procurement on the platform (${sameReference.ocid ?? sameReference.id}); references are unique` });
      return null;
    }

    if (!current) {
      if (!fields.title) {
        problems.push({ path: tenderPath('title'), message: 'is required to create a procurement' });
        return null;
      }
      const authority = organisations.get(buyerId(compiled)!)!;
      const procurement = await tx.save(tx.create(Procurement, { ...definedOnly(fields), ocid: unit.ocid, authorityId: authority.id }));
      return { procurement, created: true, changed: true };
    }
    const { procurement, scope } = current;
    if (fields.monitorId !== undefined && fields.monitorId !== procurement.monitorId && !this.may(viewer, 'assignMonitor', 'Procurement', scope)) {
      throw importForbidden(unit.ocid, 'assign another monitor to the procurement');
    }
    // No operation lets an authority replace the IP implementer watching it; an import must not either.
    if (fields.implementerId !== undefined && fields.implementerId !== procurement.implementerId && !viewer.ability.can('manage', 'all')) {
      throw importForbidden(unit.ocid, 'replace the IP implementer of the procurement');
    }
    const before = { monitorId: procurement.monitorId, implementerId: procurement.implementerId };
    const changed = assignChanged(procurement, fields);
    if (changed) await tx.save(procurement);
    for (const [field, action] of [['monitorId', 'procurement.monitor_assigned'], ['implementerId', 'procurement.implementer_assigned']] as const) {
      if (procurement[field] !== before[field]) {
        context.audit.push({
          actorId: viewer.user?.id ?? null, action, subjectType: 'Procurement', subjectId: procurement.id, procurementId: procurement.id,
          data: { [field]: procurement[field], [`previous${field[0].toUpperCase()}${field.slice(1)}`]: before[field], via: 'ocds', ocid: unit.ocid },
        });
      }
    }
    return { procurement, created: false, changed };
  }

  private async writeBidders(context: UnitContext, procurement: Procurement, organisations: PartyOrganisations, kinds: Map<string, Set<OrganisationKind>>, guard: Guard): Promise<boolean> {
    const { tx, unit } = context;
    const taking = new Set((await tx.findBy(ProcurementBidder, { procurementId: procurement.id })).map((b) => b.bidderId));
    let changed = false;
    for (const party of unit.compiled.parties ?? []) {
      const bidder = organisations.get(String(party.id));
      if (!bidder || !kinds.get(String(party.id))?.has(OrganisationKind.BIDDER) || taking.has(bidder.id)) continue;
      guard('manageBidders', 'Procurement', 'add bidders to the procurement');
      await tx.insert(ProcurementBidder, { procurementId: procurement.id, bidderId: bidder.id, participation: participationOf(unit.compiled, party) });
      taking.add(bidder.id);
      changed = true;
    }
    return changed;
  }

  private async writeTendering(context: UnitContext, procurement: Procurement, organisations: PartyOrganisations, values: ContractValues, guard: Guard): Promise<boolean> {
    const { tx, unit, summary } = context;
    const { compiled, sources } = unit;
    const procurementId = procurement.id;
    const organisationOf = (reference: { id: string | number }) => organisations.get(String(reference.id))!.id;
    const skip = (path: string, reason: string) => summary.skipped.push({ path, reason });

    const bids = (compiled.bids?.details ?? []).filter((bid) => {
      if (isReceivedBid(bid.status)) return true;
      skip(locate(sources, (r) => (r.bids?.details ?? []).findIndex((b) => String(b.id) === String(bid.id)), 'bids/details'), `bid status ${bid.status}: not an offer received`);
      return false;
    });
    const bidRows = await this.upsert(tx, Bid, ['Bid', 'a bid'], { procurementId }, await tx.findBy(Bid, { procurementId }), guard, bids.map((bid) => ({
      ocdsId: String(bid.id),
      fields: {
        bidderId: organisationOf(bid.tenderers[0]),
        amount: toDecimal(bid.value!.amount),
        currency: bid.value!.currency ?? null,
        receivedAt: new Date(bid.date!),
        disqualified: bid.status === 'disqualified',
        disqualificationReason: bid.status === 'disqualified' ? (bid.pactwatch?.disqualificationReason ?? null) : null,
      },
    })));

    const awards = (compiled.awards ?? []).filter((award) => {
      if (isStandingAward(award.status)) return true;
      skip(locate(sources, (r) => (r.awards ?? []).findIndex((a) => String(a.id) === String(award.id)), 'awards'), `award status ${award.status}: nobody was given the contract`);
      return false;
    });
    const awardRows = await this.upsert(tx, Award, ['Award', 'an award'], { procurementId }, await tx.findBy(Award, { procurementId }), guard, awards.map((award) => ({
      ocdsId: String(award.id),
      fields: { supplierId: organisationOf(award.suppliers![0]), amount: toDecimal(award.value!.amount), currency: award.value!.currency ?? null, awardedAt: new Date(award.date!) },
    })));

    const contracts = compiled.contracts ?? [];
    const contractRows = await this.upsert(tx, Contract, ['Contract', 'a contract'], { procurementId }, await tx.findBy(Contract, { procurementId }), guard, contracts.map((contract) => {
      const signed = values.signed.get(String(contract.id))!;
      return {
        ocdsId: String(contract.id),
        fields: {
          awardId: awardRows.rows.get(String(contract.awardID))!.id,
          value: toDecimal(signed.amount),
          currency: signed.currency ?? contract.value.currency ?? null,
          signedAt: contract.dateSigned ? new Date(contract.dateSigned) : null,
        },
      };
    }));

    let amendmentsChanged = false;
    for (const contract of contracts) {
      const contractId = contractRows.rows.get(String(contract.id))!.id;
      const newValues = values.amended.get(String(contract.id))!;
      const amendmentRows = await this.upsert(tx, ContractAmendment, ['Contract', 'a contract amendment'], { contractId }, await tx.findBy(ContractAmendment, { contractId }), guard,
        (contract.amendments ?? []).map((amendment) => ({
          ocdsId: String(amendment.id),
          fields: {
            amendedAt: new Date(amendment.date),
            description: amendment.description ?? amendment.rationale ?? '',
            newValue: toDecimal(newValues.get(String(amendment.id))!.amount),
          },
        })));
      amendmentsChanged ||= amendmentRows.changed;
      summary.counts.amendments += contract.amendments?.length ?? 0;
    }
    summary.counts.bids += bids.length;
    summary.counts.awards += awards.length;
    summary.counts.contracts += contracts.length;
    return bidRows.changed || awardRows.changed || contractRows.changed || amendmentsChanged;
  }

  /**
   * Inserts the rows not there yet and updates those that differ, matching on the OCDS id (or on
   * the platform id, the OCDS id its exports gave rows created on the platform).
   */
  private async upsert<T extends { id: string; ocdsId: string | null }>(
    tx: EntityManager,
    entity: EntityTarget<T>,
    [subject, noun]: ['Bid' | 'Award' | 'Contract', string],
    parent: Partial<T>,
    current: T[],
    guard: Guard,
    wanted: Array<{ ocdsId: string; fields: Partial<T> }>,
  ): Promise<{ rows: Map<string, T>; changed: boolean }> {
    const byOcdsId = new Map(current.map((row) => [row.ocdsId ?? row.id, row]));
    const rows = new Map<string, T>();
    let changed = false;
    for (const { ocdsId, fields } of wanted) {
      let row = byOcdsId.get(ocdsId);
      if (!row) {
        guard('create', subject, `record ${noun}`);
        row = await tx.save(tx.create(entity, { ...parent, ...fields, ocdsId } as T));
        changed = true;
      } else if (assignChanged(row, fields)) {
        guard('update', subject, `change ${noun}`);
        await tx.save(row);
        changed = true;
      }
      rows.set(ocdsId, row);
    }
    return { rows, changed };
  }

  private may(viewer: Viewer, action: Action, type: Exclude<SubjectType, 'all'>, fields: object): boolean {
    return viewer.ability.can(action, asSubject(type, { ...fields }));
  }
}

type Guard = (action: Action, type: Exclude<SubjectType, 'all'>, consequence: string) => void;

function describeParty(party: OcdsParty): string {
  const identifier = identifierOf(party);
  return identifier ? `"${party.name}" (${identifier})` : `"${party.name}"`;
}

/** Sets the fields whose value differs (dates by instant, decimals and codes by text); true if any did. */
function assignChanged<T extends object>(row: T, fields: Partial<T>): boolean {
  let changed = false;
  for (const [field, value] of Object.entries(definedOnly(fields))) {
    const current = (row as Record<string, unknown>)[field];
    const same = current instanceof Date && value instanceof Date ? current.getTime() === value.getTime() : current === null || value === null ? current === value : String(current) === String(value);
    if (!same) {
      (row as Record<string, unknown>)[field] = value;
      changed = true;
    }
  }
  return changed;
}
