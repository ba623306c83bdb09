import { Args, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow, CurrentViewer } from '../authorization/policy.decorator.js';
import type { Viewer } from '../authorization/viewer.js';
import { RequestLoaders, type Loaders } from '../graphql/loaders.js';
import { Procurement } from '../procurements/procurement.entity.js';
import { SignOffStageInput } from './sign-off-stage.input.js';
import { SignOffsService } from './sign-offs.service.js';
import { StageSignOff } from './stage-sign-off.entity.js';

@Resolver(() => Procurement)
export class SignOffsResolver {
  constructor(private readonly service: SignOffsService) {}

  @Allow('create', 'StageSignOff')
  @Mutation(() => StageSignOff, {
    description: 'The assigned monitor signs off or objects to a stage the procurement moved into, once per stage; an objection needs a reason.',
  })
  signOffStage(@CurrentViewer() viewer: Viewer, @Args('input') input: SignOffStageInput): Promise<StageSignOff> {
    return this.service.signOff(viewer, input);
  }

  @Allow('read', 'StageSignOff')
  @ResolveField(() => [StageSignOff], {
    description: "The monitor's sign-offs and objections in stage order; bidders and the public see those a published report includes.",
  })
  async stageSignOffs(@CurrentViewer() viewer: Viewer, @Parent() procurement: Procurement, @RequestLoaders() loaders: Loaders): Promise<StageSignOff[]> {
    return (await loaders.get('signOffsByProcurement', (ids: readonly string[]) => this.service.signOffsOf(viewer, ids)).load(procurement.id)) ?? [];
  }
}
