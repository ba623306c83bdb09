import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { actorId, requireAbility } from '../../authorization/require.js';
import type { Viewer } from '../../authorization/viewer.js';
import { invalidField, invalidInput, notFound, type FieldProblem } from '../../errors/domain-error.js';
import { ComplaintDeadline } from './complaint-deadline.entity.js';
import type { SetComplaintDeadlineInput, SetReferralRuleInput } from './inputs/referral-settings.input.js';
import { ReferralRule } from './referral-rule.entity.js';

/** The convener's configuration of referral: routing rules and deadlines. */
@Injectable()
export class ReferralSettingsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  rules(): Promise<ReferralRule[]> {
    return this.db.getRepository(ReferralRule).find({ order: { createdAt: 'ASC' } });
  }

  deadlines(): Promise<ComplaintDeadline[]> {
    return this.db.getRepository(ComplaintDeadline).find({ order: { organisationId: { direction: 'ASC', nulls: 'FIRST' }, typeId: { direction: 'ASC', nulls: 'FIRST' } } });
  }

  async setRule(viewer: Viewer, input: SetReferralRuleInput): Promise<ReferralRule> {
    requireAbility(viewer, 'update', 'ReferralRule', {});
    return this.db.transaction(async (tx) => {
      const scope = await this.codes(tx, { sectorCode: input.sectorCode, areaCode: input.areaCode, typeCode: input.typeCode });
      await this.requireOrganisation(tx, input.organisationId);
      const existing = await tx.findOneBy(ReferralRule, { sectorId: nullable(scope.sectorId), areaId: nullable(scope.areaId), typeId: nullable(scope.typeId) });
      const rule = await tx.save(ReferralRule, { ...(existing ?? {}), ...scope, organisationId: input.organisationId });
      await this.audit.append(tx, {
        actorId: actorId(viewer), action: 'referral_rule.set', subjectType: 'ReferralRule', subjectId: rule.id,
        data: { ...scope, organisationId: input.organisationId, previousOrganisationId: existing?.organisationId ?? null },
      });
      return rule;
    });
  }

  async removeRule(viewer: Viewer, id: string): Promise<boolean> {
    requireAbility(viewer, 'delete', 'ReferralRule', {});
    return this.db.transaction(async (tx) => {
      const rule = await tx.findOneBy(ReferralRule, { id });
      if (!rule) throw notFound('ReferralRule', id);
      await tx.delete(ReferralRule, { id });
      await this.audit.append(tx, { actorId: actorId(viewer), action: 'referral_rule.removed', subjectType: 'ReferralRule', subjectId: id, data: { ...rule } });
      return true;
    });
  }

  async setDeadline(viewer: Viewer, input: SetComplaintDeadlineInput): Promise<ComplaintDeadline> {
    requireAbility(viewer, 'update', 'ComplaintDeadline', {});
    if (input.resolveWithinHours < input.acknowledgeWithinHours) throw invalidField('resolveWithinHours', 'must be at least acknowledgeWithinHours');
    return this.db.transaction(async (tx) => {
      const { typeId } = await this.codes(tx, { typeCode: input.typeCode });
      if (input.organisationId) await this.requireOrganisation(tx, input.organisationId);
      const organisationId = input.organisationId ?? null;
      const existing = await tx.findOneBy(ComplaintDeadline, { organisationId: nullable(organisationId), typeId: nullable(typeId) });
      const deadline = await tx.save(ComplaintDeadline, {
        ...(existing ?? {}), organisationId, typeId, acknowledgeWithinHours: input.acknowledgeWithinHours, resolveWithinHours: input.resolveWithinHours,
      });
      await this.audit.append(tx, {
        actorId: actorId(viewer), action: 'complaint_deadline.set', subjectType: 'ComplaintDeadline', subjectId: deadline.id,
        data: { organisationId, typeId, acknowledgeWithinHours: input.acknowledgeWithinHours, resolveWithinHours: input.resolveWithinHours, previous: existing && { acknowledgeWithinHours: existing.acknowledgeWithinHours, resolveWithinHours: existing.resolveWithinHours } },
      });
      return deadline;
    });
  }

  /** The ids of the codes given, null for those left out; names every unknown code. */
  private async codes(tx: EntityManager, codes: { sectorCode?: string; areaCode?: string; typeCode?: string }) {
    const [ids]: Array<{ sector_id: string | null; area_id: string | null; type_id: string | null }> = await tx.query(
      `SELECT (SELECT id FROM complaint_sectors WHERE code = $1) AS sector_id, (SELECT id FROM areas WHERE code = $2) AS area_id, (SELECT id FROM complaint_types WHERE code = $3) AS type_id`,
      [codes.sectorCode ?? null, codes.areaCode ?? null, codes.typeCode ?? null],
    );
    const problems: FieldProblem[] = [];
    if (codes.sectorCode && !ids.sector_id) problems.push({ field: 'sectorCode', messages: [`no sector has the code ${codes.sectorCode}`] });
    if (codes.areaCode && !ids.area_id) problems.push({ field: 'areaCode', messages: [`no county or sub-county has the code ${codes.areaCode}`] });
    if (codes.typeCode && !ids.type_id) problems.push({ field: 'typeCode', messages: [`no complaint type has the code ${codes.typeCode}`] });
    if (problems.length) throw invalidInput(problems, 'UNKNOWN_CODE');
    return { sectorId: ids.sector_id, areaId: ids.area_id, typeId: ids.type_id };
  }

  private async requireOrganisation(tx: EntityManager, id: string): Promise<void> {
    if (!(await tx.query('SELECT 1 FROM organisations WHERE id = $1', [id])).length) throw notFound('Organisation', id);
  }
}

/** TypeORM matches NULL only through IsNull(); a plain null in `where` would match everything. */
function nullable(value: string | null) {
  return value === null ? IsNull() : value;
}
