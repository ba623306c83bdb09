import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { actorId } from '../authorization/require.js';
import type { Viewer } from '../authorization/viewer.js';
import { ClockService } from '../clock/clock.service.js';
import { TransactionService } from '../database/transaction.service.js';
import { DomainError } from '../errors/domain-error.js';
import { ProcurementAccessService } from '../procurements/procurement-access.service.js';
import { nextStage, ProcurementStage } from '../procurements/procurement-stage.js';
import type { Procurement } from '../procurements/procurement.entity.js';
import { SignaturesService } from '../signatures/signatures.service.js';
import type { AdvanceStageInput } from './advance-stage.input.js';
import { failedGates, unsignedBidders, type FailedGate } from './stage-gates.js';
import { StagesRepository } from './stages.repository.js';

@Injectable()
export class StagesService {
  constructor(
    private readonly transactions: TransactionService,
    private readonly stages: StagesRepository,
    private readonly access: ProcurementAccessService,
    private readonly signatures: SignaturesService,
    private readonly audit: AuditService,
    private readonly clock: ClockService,
  ) {}

  /**
   * The move the viewer may make next and the gates that stop it now, decided as advance() would
   * (the awardee, named in the move itself, aside): for the page that offers the move.
   */
  async nextMove(
    viewer: Viewer,
    procurementId: string,
  ): Promise<{ procurement: Procurement; next: ProcurementStage | null; failed: FailedGate[]; bidders: Array<{ id: string; name: string }> }> {
    const scope = await this.access.require(viewer, 'advance', 'Procurement', procurementId);
    const procurement = await this.stages.procurement(this.transactions.reader, procurementId);
    const next = nextStage(procurement.stage);
    if (!next) return { procurement, next, failed: [], bidders: [] };
    const pact = (await this.signatures.currentVersionSigners([procurementId])).get(procurementId);
    const failed = failedGates({
      current: procurement.stage,
      target: next,
      authorityId: procurement.authorityId,
      bidderIds: scope.bidderIds,
      currentPactVersion: pact?.number ?? null,
      signedCurrentVersion: pact?.signers ?? new Set<string>(),
      awardedBidderId: null,
    });
    // The award names its bidder among those taking part.
    const bidders = next === ProcurementStage.AWARD ? await this.stages.biddersOf(this.transactions.reader, procurementId) : [];
    return { procurement, next, failed: failed.filter((f) => f.gate !== 'AWARDEE_GIVEN'), bidders };
  }

  /** Moves the procurement to its next stage if every gate passes; records who, when and why. */
  async advance(viewer: Viewer, input: AdvanceStageInput): Promise<Procurement> {
    await this.access.require(viewer, 'advance', 'Procurement', input.procurementId);
    return this.transactions.run(async (tx) => {
      // The row lock makes concurrent moves (and signatures) wait, so gates see settled facts.
      const procurement = await this.stages.lockProcurement(tx, input.procurementId);
      const scope = (await this.access.scopes([procurement.id], tx)).get(procurement.id)!;
      const pact = (await this.signatures.currentVersionSigners([procurement.id], tx)).get(procurement.id);
      const signed = pact?.signers ?? new Set<string>();
      const failed = failedGates({
        current: procurement.stage,
        target: input.toStage,
        authorityId: procurement.authorityId,
        bidderIds: scope.bidderIds,
        currentPactVersion: pact?.number ?? null,
        signedCurrentVersion: signed,
        awardedBidderId: input.awardedBidderId ?? null,
      });
      if (failed.length) {
        throw new DomainError('BAD_USER_INPUT', 'STAGE_GATE_FAILED', failed.map((f) => f.message).join('; '), { gate: failed[0].gate, failedGates: failed });
      }
      const transition = { fromStage: procurement.stage, toStage: input.toStage, actorId: actorId(viewer), note: input.note, occurredAt: this.clock.now() };
      procurement.stage = input.toStage;
      if (input.toStage === ProcurementStage.AWARD) procurement.awardedBidderId = input.awardedBidderId!;
      await this.stages.recordMove(tx, procurement, transition);
      await this.audit.append(tx, {
        actorId: actorId(viewer),
        action: 'procurement.stage_advanced',
        subjectType: 'Procurement',
        subjectId: procurement.id,
        procurementId: procurement.id,
        data: {
          from: transition.fromStage,
          to: transition.toStage,
          note: input.note,
          awardedBidderId: input.awardedBidderId ?? null,
          unsignedBidders: unsignedBidders(scope.bidderIds, signed),
        },
      });
      return procurement;
    });
  }
}
