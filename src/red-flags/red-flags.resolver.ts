import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow, CurrentViewer } from '../authorization/policy.decorator.js';
import type { Viewer } from '../authorization/viewer.js';
import { RequestLoaders, type Loaders } from '../graphql/loaders.js';
import { Procurement } from '../procurements/procurement.entity.js';
import { ConfirmRedFlagInput } from './inputs/confirm-red-flag.input.js';
import { DismissRedFlagInput } from './inputs/dismiss-red-flag.input.js';
import { UpdateRedFlagSettingInput } from './inputs/update-red-flag-setting.input.js';
import { RedFlagDecisionsService } from './red-flag-decisions.service.js';
import { RedFlagIndicator } from './red-flag-indicator.js';
import { RedFlag } from './red-flag.entity.js';
import { RedFlagsService } from './red-flags.service.js';

@Resolver(() => RedFlag)
export class RedFlagsResolver {
  constructor(
    private readonly redFlags: RedFlagsService,
    private readonly decisions: RedFlagDecisionsService,
  ) {}

  @Allow('read', 'RedFlagSetting')
  @Query(() => [RedFlagIndicator], { description: 'Every red-flag indicator, with its definition and the threshold in force.' })
  redFlagIndicators(): Promise<RedFlagIndicator[]> {
    return this.redFlags.indicators();
  }

  @Allow('update', 'RedFlagSetting')
  @Mutation(() => RedFlagIndicator, {
    description: "Sets an indicator's threshold or switches it off, platform-wide; open procurements are recomputed at once.",
  })
  updateRedFlagSetting(@CurrentViewer() viewer: Viewer, @Args('input') input: UpdateRedFlagSettingInput): Promise<RedFlagIndicator> {
    return this.redFlags.updateSetting(viewer, input);
  }

  @Allow('decide', 'RedFlag')
  @Mutation(() => RedFlag, { description: 'The assigned monitor confirms a raised flag; it becomes a confidential RED_FLAG finding.' })
  confirmRedFlag(@CurrentViewer() viewer: Viewer, @Args('input') input: ConfirmRedFlagInput): Promise<RedFlag> {
    return this.decisions.confirm(viewer, input);
  }

  @Allow('decide', 'RedFlag')
  @Mutation(() => RedFlag, { description: 'The assigned monitor dismisses a raised flag, saying why.' })
  dismissRedFlag(@CurrentViewer() viewer: Viewer, @Args('input') input: DismissRedFlagInput): Promise<RedFlag> {
    return this.decisions.dismiss(viewer, input);
  }

  @Allow('read', 'RedFlag')
  @ResolveField(() => RedFlagIndicator, { nullable: true, description: 'Null only for a code no longer defined.' })
  async indicator(@Parent() flag: RedFlag, @RequestLoaders() loaders: Loaders): Promise<RedFlagIndicator | null> {
    const loader = loaders.get<string, RedFlagIndicator>('redFlagIndicatorByCode', () => this.redFlags.indicatorsByCode());
    return (await loader.load(flag.code)) ?? null;
  }
}

@Resolver(() => Procurement)
export class ProcurementRedFlagsResolver {
  constructor(private readonly service: RedFlagsService) {}

  // Whole flags, evidence included: the public's confirmed flags are in the case file instead.
  @Allow('read', 'RedFlag', 'evidence')
  @ResolveField(() => [RedFlag], {
    nullable: true,
    description: 'One per indicator once computed, by code; for the monitor and the implementer (FORBIDDEN, and null, for anyone else).',
  })
  async redFlags(@CurrentViewer() viewer: Viewer, @Parent() procurement: Procurement, @RequestLoaders() loaders: Loaders): Promise<RedFlag[] | null> {
    const loader = loaders.get<string, RedFlag[]>('redFlagsByProcurement', (ids) => this.service.flagsOf(viewer, ids));
    return (await loader.load(procurement.id)) ?? [];
  }
}
