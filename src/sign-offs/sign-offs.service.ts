import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { actorId } from '../authorization/require.js';
import type { Viewer } from '../authorization/viewer.js';
import { TransactionService } from '../database/transaction.service.js';
import { noMonitorAssigned } from '../findings/findings.errors.js';
import { groupBy } from '../graphql/loaders.js';
import { ProcurementAccessService } from '../procurements/procurement-access.service.js';
import { signOffStageRefusal } from './sign-off-stage.js';
import type { SignOffStageInput } from './sign-off-stage.input.js';
import { alreadySignedOff, objectionReasonRequired, stageNotSignable } from './sign-offs.errors.js';
import { SignOffsRepository, type WaitingStage } from './sign-offs.repository.js';
import { pageOf, type Page, type PageInput } from '../pagination/page.js';
import type { ProcurementStage } from '../procurements/procurement-stage.js';
import type { Procurement } from '../procurements/procurement.entity.js';
import { SignOffDecision, type StageSignOff } from './stage-sign-off.entity.js';

@Injectable()
export class SignOffsService {
  constructor(
    private readonly transactions: TransactionService,
    private readonly signOffs: SignOffsRepository,
    private readonly access: ProcurementAccessService,
    private readonly audit: AuditService,
  ) {}

  /** The monitor's one decision on a stage the procurement moved into: signed off, or objected to with a reason. */
  async signOff(viewer: Viewer, input: SignOffStageInput): Promise<StageSignOff> {
    const scope = await this.access.require(viewer, 'create', 'StageSignOff', input.procurementId);
    if (!scope.monitorId) throw noMonitorAssigned();
    const reason = input.reason.trim();
    if (input.decision === SignOffDecision.OBJECTED && !reason) throw objectionReasonRequired();
    return this.transactions.run(async (tx) => {
      // The row lock orders two decisions on one procurement, so the second sees the first.
      const procurement = await this.signOffs.lockProcurement(tx, scope.id);
      const refusal = signOffStageRefusal(input.stage, procurement.stage);
      if (refusal) throw stageNotSignable(refusal);
      const existing = await this.signOffs.signOffOf(tx, scope.id, input.stage);
      if (existing) throw alreadySignedOff(input.stage, existing);
      const signOff = await this.signOffs.insert(tx, {
        procurementId: scope.id,
        stage: input.stage,
        decision: input.decision,
        reason,
        monitorId: scope.monitorId!,
        signedBy: actorId(viewer),
      });
      await this.audit.append(tx, {
        actorId: actorId(viewer),
        action: input.decision === SignOffDecision.OBJECTED ? 'stage.objected' : 'stage.signed_off',
        subjectType: 'StageSignOff',
        subjectId: signOff.id,
        procurementId: scope.id,
        data: { stage: input.stage, decision: input.decision, reason },
      });
      return signOff;
    });
  }

  /** The sign-offs the viewer may see for many procurements at once, in stage order. */
  async signOffsOf(viewer: Viewer, procurementIds: readonly string[]): Promise<Map<string, StageSignOff[]>> {
    const rows = await this.signOffs.visibleSignOffs(this.transactions.reader, viewer.ability, procurementIds);
    return groupBy(rows, (s) => s.procurementId);
  }

  /** Stages waiting for the viewer's sign-off, oldest first. */
  async waiting(viewer: Viewer, page: PageInput): Promise<Page<WaitingStage>> {
    const [items, total] = await this.signOffs.waitingPage(this.transactions.reader, viewer.ability, page);
    return pageOf(items, total, page);
  }

  /** A stage for the page that signs it off: the procurement, and the decision already made on it, if any. */
  async stageToSignOff(
    viewer: Viewer,
    procurementId: string,
    stage: ProcurementStage,
  ): Promise<{ procurement: Pick<Procurement, 'id' | 'reference' | 'title' | 'stage'>; signOff: StageSignOff | null }> {
    await this.access.require(viewer, 'create', 'StageSignOff', procurementId);
    const procurement = await this.signOffs.procurement(this.transactions.reader, procurementId);
    const refusal = signOffStageRefusal(stage, procurement.stage);
    if (refusal) throw stageNotSignable(refusal);
    return { procurement, signOff: await this.signOffs.signOffOf(this.transactions.reader, procurementId, stage) };
  }
}
