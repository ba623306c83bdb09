import { Args, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow, CurrentViewer } from '../authorization/policy.decorator.js';
import type { Viewer } from '../authorization/viewer.js';
import { RequestLoaders, type Loaders } from '../graphql/loaders.js';
import { ProcurementBidder } from '../procurements/procurement-bidder.entity.js';
import { ProcurementStage, STAGE_ORDER } from '../procurements/procurement-stage.js';
import { Procurement } from '../procurements/procurement.entity.js';
import { ProcurementsService } from '../procurements/procurements.service.js';
import { SignaturesService } from '../signatures/signatures.service.js';
import { AdvanceStageInput } from './advance-stage.input.js';
import { StagesService } from './stages.service.js';

@Resolver(() => Procurement)
export class StagesResolver {
  constructor(private readonly stages: StagesService) {}

  @Allow('advance', 'Procurement')
  @Mutation(() => Procurement, { description: 'Moves to the next stage; refused with STAGE_GATE_FAILED naming the gate.' })
  advanceStage(@CurrentViewer() viewer: Viewer, @Args('input') input: AdvanceStageInput): Promise<Procurement> {
    return this.stages.advance(viewer, input);
  }
}

@Resolver(() => ProcurementBidder)
export class BidderStandingResolver {
  constructor(
    private readonly signatures: SignaturesService,
    private readonly procurements: ProcurementsService,
  ) {}

  @Allow('read', 'ProcurementBidder')
  @ResolveField(() => Boolean, { description: 'Has signed the latest published version of the pact.' })
  async signedCurrentVersion(@Parent() row: ProcurementBidder, @RequestLoaders() loaders: Loaders): Promise<boolean> {
    return (await this.signersLoader(loaders).load(row.procurementId))?.signers.has(row.bidderId) ?? false;
  }

  @Allow('read', 'ProcurementBidder')
  @ResolveField(() => Boolean, { description: 'From evaluation on: takes part without having signed the current pact, so cannot be awarded.' })
  async flagged(@Parent() row: ProcurementBidder, @RequestLoaders() loaders: Loaders): Promise<boolean> {
    const stage = await loaders.get('procurementStage', (ids: readonly string[]) => this.procurements.stagesOf(ids)).load(row.procurementId);
    if (!stage || STAGE_ORDER.indexOf(stage) < STAGE_ORDER.indexOf(ProcurementStage.EVALUATION)) return false;
    return !(await this.signedCurrentVersion(row, loaders));
  }

  private signersLoader(loaders: Loaders) {
    return loaders.get('currentVersionSigners', (ids: readonly string[]) => this.signatures.currentVersionSigners(ids));
  }
}
