import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { accessibleSql } from '../authorization/accessible-sql.js';
import { actorId } from '../authorization/require.js';
import type { Viewer } from '../authorization/viewer.js';
import { noMonitorAssigned } from '../findings/findings.errors.js';
import { groupBy } from '../graphql/loaders.js';
import { ProcurementAccessService } from '../procurements/procurement-access.service.js';
import { PROCUREMENT_SCOPE_SQL } from '../procurements/procurements.sql.js';
import { Procurement } from '../procurements/procurement.entity.js';
import { signOffStageRefusal } from './sign-off-stage.js';
import type { SignOffStageInput } from './sign-off-stage.input.js';
import { alreadySignedOff, objectionReasonRequired, stageNotSignable } from './sign-offs.errors.js';
import { SignOffDecision, StageSignOff } from './stage-sign-off.entity.js';

/**
 * How sign-off rules read in SQL over `stage_sign_offs s` joined to `procurements p`. An
 * objection reaches the public only through a published report; until then the authority,
 * implementer and monitor see it.
 */
const SIGN_OFF_FIELDS = {
  ...PROCUREMENT_SCOPE_SQL,
  isPublic: () => 's.published_in_report_id IS NOT NULL',
};

@Injectable()
export class SignOffsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: ProcurementAccessService,
    private readonly audit: AuditService,
  ) {}

  /** The monitor's one decision on a stage the procurement moved into: signed off, or objected to with a reason. */
  async signOff(viewer: Viewer, input: SignOffStageInput): Promise<StageSignOff> {
    const scope = await this.access.require(viewer, 'create', 'StageSignOff', input.procurementId);
    if (!scope.monitorId) throw noMonitorAssigned();
    const reason = input.reason.trim();
    if (input.decision === SignOffDecision.OBJECTED && !reason) throw objectionReasonRequired();
    return this.db.transaction(async (tx) => {
      // The row lock orders two decisions on one procurement, so the second sees the first.
      const procurement = await tx.findOneOrFail(Procurement, { where: { id: scope.id }, lock: { mode: 'pessimistic_write' } });
      const refusal = signOffStageRefusal(input.stage, procurement.stage);
      if (refusal) throw stageNotSignable(refusal);
      const existing = await tx.findOneBy(StageSignOff, { procurementId: scope.id, stage: input.stage });
      if (existing) throw alreadySignedOff(input.stage, existing);
      const signOff = await tx.save(
        tx.create(StageSignOff, { procurementId: scope.id, stage: input.stage, decision: input.decision, reason, monitorId: scope.monitorId!, signedBy: actorId(viewer) }),
      );
      await this.audit.append(tx, {
        actorId: actorId(viewer), action: input.decision === SignOffDecision.OBJECTED ? 'stage.objected' : 'stage.signed_off',
        subjectType: 'StageSignOff', subjectId: signOff.id, procurementId: scope.id, data: { stage: input.stage, decision: input.decision, reason },
      });
      return signOff;
    });
  }

  /** The sign-offs the viewer may see for many procurements at once, in stage order. */
  async signOffsOf(viewer: Viewer, procurementIds: readonly string[]): Promise<Map<string, StageSignOff[]>> {
    const visible = accessibleSql(viewer.ability, 'read', 'StageSignOff', SIGN_OFF_FIELDS);
    const rows = await this.db
      .getRepository(StageSignOff)
      .createQueryBuilder('s')
      .innerJoin(Procurement, 'p', 'p.id = s.procurement_id')
      .where('s.procurement_id = ANY(:procurementIds)', { procurementIds })
      .andWhere(visible.where, visible.parameters)
      .orderBy('s.stage')
      .getMany();
    return groupBy(rows, (s) => s.procurementId);
  }
}
