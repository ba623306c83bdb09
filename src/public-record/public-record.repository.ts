import { Injectable } from '@nestjs/common';
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { Organisation } from '../accounts/organisation.entity.js';
import type { AppAbility, SubjectType } from '../authorization/ability.factory.js';
import { accessibleSql, type FieldSql } from '../authorization/accessible-sql.js';
import { preparedQuery } from '../database/prepared-query.js';
import { columnsOf, jsonObjectSql, reviveDates, type JsonRelation, type JsonShape } from '../database/json-select.js';
import { FINDING_FIELDS } from '../findings/finding-access.js';
import { FindingResponse } from '../findings/finding-response.entity.js';
import { Finding } from '../findings/finding.entity.js';
import type { Selection } from '../graphql/selection.js';
import { PactVersion } from '../pacts/pact-version.entity.js';
import { Pact } from '../pacts/pact.entity.js';
import { Procurement } from '../procurements/procurement.entity.js';
import type { ProcurementFilterInput } from '../procurements/inputs/procurement-filter.input.js';
import { PROCUREMENT_SCOPE_SQL, procurementFilterSql } from '../procurements/procurements.sql.js';
import { StageTransition } from '../procurements/stage-transition.entity.js';
import { redFlagFields } from '../red-flags/red-flag-access.js';
import { RedFlag } from '../red-flags/red-flag.entity.js';
import { PublishedReport } from '../reports/published-report.entity.js';
import { SIGN_OFF_FIELDS } from '../sign-offs/sign-off-access.js';
import { StageSignOff } from '../sign-offs/stage-sign-off.entity.js';
import { Signature } from '../signatures/signature.entity.js';
import type { CaseFile } from './case-file.js';

/** The authorities and sectors a register can be filtered by. */
export interface RegisterChoices {
  authorities: Array<{ id: string; name: string }>;
  sectors: string[];
}

const many = (shape: JsonShape, from: string, orderBy: string): JsonRelation => ({ shape, many: true, from, orderBy });
const one = (shape: JsonShape, from: string): JsonRelation => ({ shape, many: false, from });

/**
 * How many complaints about the procurement have each status, merged duplicates left out: the
 * counts behind the case file's complaint figures. Only counts leave the database; which of them
 * a viewer sees is decided after, as for the statistics (ProcurementComplaintFigures).
 */
const COMPLAINT_COUNTS: JsonRelation = {
  shape: { columns: { status: 'cc.status', complaints: 'cc.complaints' }, dates: new Set(), relations: {} },
  many: true,
  from: `FROM (SELECT c.status, count(*)::int AS complaints FROM complaints c
                WHERE c.procurement_id = p.id AND c.merged_into_id IS NULL GROUP BY c.status) cc`,
  orderBy: 'cc.status',
};

/** Every statement of the public record: published documents by content hash or id, and the procurement each is about. */
@Injectable()
export class PublicRecordRepository {
  /** The JSON columns of each entity under each alias, worked out from the metadata once. */
  private readonly columns = new Map<string, Pick<JsonShape, 'columns' | 'dates'>>();

  pactVersionByHash(tx: EntityManager, contentHash: string): Promise<PactVersion | null> {
    return tx.findOneBy(PactVersion, { contentHash });
  }

  publishedReportByHash(tx: EntityManager, contentHash: string): Promise<PublishedReport | null> {
    return tx.findOneBy(PublishedReport, { contentHash });
  }

  pactVersion(tx: EntityManager, id: string): Promise<PactVersion | null> {
    return tx.findOneBy(PactVersion, { id });
  }

  publishedReport(tx: EntityManager, id: string): Promise<PublishedReport | null> {
    return tx.findOneBy(PublishedReport, { id });
  }

  async referenceOfProcurement(tx: EntityManager, procurementId: string): Promise<string> {
    return (await tx.findOneByOrFail(Procurement, { id: procurementId })).reference;
  }

  async referenceOfPact(tx: EntityManager, pactId: string): Promise<string> {
    const pact = await tx.findOneByOrFail(Pact, { id: pactId });
    return this.referenceOfProcurement(tx, pact.procurementId);
  }

  /**
   * The case file of one procurement in one statement, with exactly the selected fields. Each
   * level is filtered by the viewer's CASL rules compiled to SQL, the same rules single checks
   * and lists use: a procurement the viewer may not read is not found, and a level the viewer
   * may not read comes back empty. Answers follow their finding, as the finding's own field does.
   */
  async caseFile(tx: EntityManager, ability: AppAbility, reference: string, selection: Selection): Promise<CaseFile | null> {
    const { shape, visible, parameters } = this.compiling(tx, ability);
    const sql = `SELECT ${jsonObjectSql(shape, selection)} AS case_file FROM procurements p
                  WHERE p.reference = :reference AND ${visible('Procurement', PROCUREMENT_SCOPE_SQL)}`;
    const rows = await preparedQuery<{ case_file: CaseFile }>(tx, sql, { ...parameters, reference });
    if (!rows.length) return null;
    reviveDates(shape, selection, rows[0].case_file);
    return rows[0].case_file;
  }

  /**
   * One page of the case files the viewer may read, newest first, and their total, in one
   * statement however long the page: the register of the public record, or a party's own list.
   */
  async caseFiles(
    tx: EntityManager,
    ability: AppAbility,
    filter: ProcurementFilterInput,
    page: { limit: number; offset: number },
    selection: Selection,
  ): Promise<{ items: CaseFile[]; total: number }> {
    const { shape, visible, parameters } = this.compiling(tx, ability);
    const chosen = procurementFilterSql(filter);
    const matching = `FROM procurements p WHERE ${[visible('Procurement', PROCUREMENT_SCOPE_SQL), ...chosen.conditions].join(' AND ')}`;
    const sql = `SELECT coalesce(json_agg(${jsonObjectSql(shape, selection)} ORDER BY p.created_at DESC, p.id DESC), '[]'::json) AS items,
                        (SELECT count(*)::int ${matching}) AS total
                   FROM (SELECT p.* ${matching} ORDER BY p.created_at DESC, p.id DESC LIMIT :limit OFFSET :offset) p`;
    const [row] = await preparedQuery<{ items: CaseFile[]; total: number }>(tx, sql, { ...parameters, ...chosen.parameters, ...page });
    reviveDates(shape, selection, row.items);
    return row;
  }

  /**
   * What the register of case files can be narrowed to: the authorities and sectors of the
   * procurements that the filter and the viewer's rules leave, so no choice leads to nothing.
   */
  async registerChoices(tx: EntityManager, ability: AppAbility, filter: ProcurementFilterInput): Promise<RegisterChoices> {
    const { visible, parameters } = this.compiling(tx, ability);
    const chosen = procurementFilterSql(filter);
    const matching = `FROM procurements p WHERE ${[visible('Procurement', PROCUREMENT_SCOPE_SQL), ...chosen.conditions].join(' AND ')}`;
    const sql = `SELECT (SELECT coalesce(json_agg(json_build_object('id', a.id, 'name', a.name) ORDER BY a.name), '[]'::json)
                           FROM organisations a WHERE a.id IN (SELECT p.authority_id ${matching})) AS authorities,
                        (SELECT coalesce(json_agg(DISTINCT p.sector ORDER BY p.sector), '[]'::json) ${matching} AND p.sector IS NOT NULL) AS sectors`;
    const [row] = await preparedQuery<RegisterChoices>(tx, sql, { ...parameters, ...chosen.parameters });
    return row;
  }

  /** The case file's shape for one viewer, with the parameters its rules need as SQL. */
  private compiling(tx: EntityManager, ability: AppAbility) {
    const parameters: Record<string, unknown> = {};
    const visible = (subject: SubjectType, fields: Record<string, FieldSql>) => {
      const filter = accessibleSql(ability, 'read', subject, fields);
      Object.assign(parameters, filter.parameters);
      return filter.where;
    };
    return { shape: this.caseFileShape(tx, visible), visible, parameters };
  }

  private caseFileShape(tx: EntityManager, visible: (subject: SubjectType, fields: Record<string, FieldSql>) => string): JsonShape {
    const version = this.shapeOf(tx, PactVersion, 'v', {
      superseded: 'v.number < (SELECT max(vx.number) FROM pact_versions vx WHERE vx.pact_id = v.pact_id)',
    });
    version.relations.signatures = many(
      this.shapeOf(tx, Signature, 's'),
      `FROM signatures s WHERE s.pact_version_id = v.id AND ${visible('Signature', {})}`,
      's.signed_at',
    );
    const pact = this.shapeOf(tx, Pact, 'pa');
    pact.relations.versions = many(version, `FROM pact_versions v WHERE v.pact_id = pa.id AND ${visible('PactVersion', {})}`, 'v.number');
    const finding = this.shapeOf(tx, Finding, 'f');
    finding.relations.responses = many(this.shapeOf(tx, FindingResponse, 'r'), 'FROM finding_responses r WHERE r.finding_id = f.id', 'r.created_at');
    const procurement = this.shapeOf(tx, Procurement, 'p');
    procurement.relations = {
      authority: one(this.shapeOf(tx, Organisation, 'o'), 'FROM organisations o WHERE o.id = p.authority_id'),
      stageHistory: many(
        this.shapeOf(tx, StageTransition, 't'),
        `FROM stage_transitions t WHERE t.procurement_id = p.id AND ${visible('StageTransition', PROCUREMENT_SCOPE_SQL)}`,
        't.occurred_at',
      ),
      pact: one(pact, 'FROM pacts pa WHERE pa.procurement_id = p.id'),
      findings: many(finding, `FROM findings f WHERE f.procurement_id = p.id AND ${visible('Finding', FINDING_FIELDS)}`, 'f.created_at DESC, f.id'),
      publishedReports: many(
        this.shapeOf(tx, PublishedReport, 'pr'),
        `FROM published_reports pr WHERE pr.procurement_id = p.id AND ${visible('PublishedReport', {})}`,
        'pr.published_at DESC, pr.id',
      ),
      confirmedRedFlags: many(
        this.shapeOf(tx, RedFlag, 'rf'),
        `FROM red_flags rf WHERE rf.procurement_id = p.id AND rf.status = 'CONFIRMED' AND ${visible('RedFlag', redFlagFields('rf'))}`,
        'rf.code',
      ),
      stageSignOffs: many(
        this.shapeOf(tx, StageSignOff, 's'),
        `FROM stage_sign_offs s WHERE s.procurement_id = p.id AND ${visible('StageSignOff', SIGN_OFF_FIELDS)}`,
        's.stage',
      ),
      complaintCounts: COMPLAINT_COUNTS,
    };
    return procurement;
  }

  private shapeOf(tx: EntityManager, entity: EntityTarget<ObjectLiteral>, alias: string, extra: Record<string, string> = {}): JsonShape {
    const key = `${tx.connection.getMetadata(entity).name}:${alias}`;
    let found = this.columns.get(key);
    if (!found) this.columns.set(key, (found = columnsOf(tx.connection.getMetadata(entity), alias)));
    return { columns: { ...found.columns, ...extra }, dates: found.dates, relations: {} };
  }
}
