import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { actorId, requireAbility } from '../../authorization/require.js';
import type { Viewer } from '../../authorization/viewer.js';
import { TransactionService } from '../../database/transaction.service.js';
import { invalidField, invalidInput, notFound, type FieldProblem } from '../../errors/domain-error.js';
import { ComplaintDeadline } from './complaint-deadline.entity.js';
import type { SetComplaintDeadlineInput, SetReferralRuleInput } from './inputs/referral-settings.input.js';
import { ComplaintsRepository } from '../complaints.repository.js';
import { ReferralRule } from './referral-rule.entity.js';
import { ReferralRepository } from './referral.repository.js';

/** The convener's configuration of referral: routing rules and deadlines. */
@Injectable()
export class ReferralSettingsService {
  constructor(
    private readonly transactions: TransactionService,
    private readonly complaints: ComplaintsRepository,
    private readonly referral: ReferralRepository,
    private readonly audit: AuditService,
  ) {}

  rules(): Promise<ReferralRule[]> {
    return this.referral.rules(this.transactions.reader);
  }

  deadlines(): Promise<ComplaintDeadline[]> {
    return this.referral.deadlines(this.transactions.reader);
  }

  async setRule(viewer: Viewer, input: SetReferralRuleInput): Promise<ReferralRule> {
    requireAbility(viewer, 'update', 'ReferralRule', {});
    return this.transactions.run(async (tx) => {
      const scope = await this.codes(tx, { sectorCode: input.sectorCode, areaCode: input.areaCode, typeCode: input.typeCode });
      await this.requireOrganisation(tx, input.organisationId);
      const existing = await this.referral.ruleFor(tx, scope);
      const rule = await this.referral.saveRule(tx, { ...(existing ?? {}), ...scope, organisationId: input.organisationId });
      await this.audit.append(tx, {
        actorId: actorId(viewer),
        action: 'referral_rule.set',
        subjectType: 'ReferralRule',
        subjectId: rule.id,
        data: { ...scope, organisationId: input.organisationId, previousOrganisationId: existing?.organisationId ?? null },
      });
      return rule;
    });
  }

  async removeRule(viewer: Viewer, id: string): Promise<boolean> {
    requireAbility(viewer, 'delete', 'ReferralRule', {});
    return this.transactions.run(async (tx) => {
      const rule = await this.referral.ruleById(tx, id);
      if (!rule) throw notFound('ReferralRule', id);
      await this.referral.removeRule(tx, id);
      await this.audit.append(tx, { actorId: actorId(viewer), action: 'referral_rule.removed', subjectType: 'ReferralRule', subjectId: id, data: { ...rule } });
      return true;
    });
  }

  async setDeadline(viewer: Viewer, input: SetComplaintDeadlineInput): Promise<ComplaintDeadline> {
    requireAbility(viewer, 'update', 'ComplaintDeadline', {});
    if (input.resolveWithinHours < input.acknowledgeWithinHours) throw invalidField('resolveWithinHours', 'must be at least acknowledgeWithinHours');
    return this.transactions.run(async (tx) => {
      const { typeId } = await this.codes(tx, { typeCode: input.typeCode });
      if (input.organisationId) await this.requireOrganisation(tx, input.organisationId);
      const organisationId = input.organisationId ?? null;
      const existing = await this.referral.deadlineFor(tx, organisationId, typeId);
      const deadline = await this.referral.saveDeadline(tx, {
        ...(existing ?? {}),
        organisationId,
        typeId,
        acknowledgeWithinHours: input.acknowledgeWithinHours,
        resolveWithinHours: input.resolveWithinHours,
      });
      await this.audit.append(tx, {
        actorId: actorId(viewer),
        action: 'complaint_deadline.set',
        subjectType: 'ComplaintDeadline',
        subjectId: deadline.id,
        data: {
          organisationId,
          typeId,
          acknowledgeWithinHours: input.acknowledgeWithinHours,
          resolveWithinHours: input.resolveWithinHours,
          previous: existing && { acknowledgeWithinHours: existing.acknowledgeWithinHours, resolveWithinHours: existing.resolveWithinHours },
        },
      });
      return deadline;
    });
  }

  /** The ids of the codes given, null for those left out; names every unknown code. */
  private async codes(tx: EntityManager, codes: { sectorCode?: string; areaCode?: string; typeCode?: string }) {
    const ids = await this.complaints.idsOfCodes(tx, codes);
    const problems: FieldProblem[] = [];
    if (codes.sectorCode && !ids.sectorId) problems.push({ field: 'sectorCode', messages: [`no sector has the code ${codes.sectorCode}`] });
    if (codes.areaCode && !ids.areaId) problems.push({ field: 'areaCode', messages: [`no county or sub-county has the code ${codes.areaCode}`] });
    if (codes.typeCode && !ids.typeId) problems.push({ field: 'typeCode', messages: [`no complaint type has the code ${codes.typeCode}`] });
    if (problems.length) throw invalidInput(problems, 'UNKNOWN_CODE');
    return { sectorId: ids.sectorId, areaId: ids.areaId, typeId: ids.typeId };
  }

  private async requireOrganisation(tx: EntityManager, id: string): Promise<void> {
    if (!(await this.complaints.organisationExists(tx, id))) throw notFound('Organisation', id);
  }
}
