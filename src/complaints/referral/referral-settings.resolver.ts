import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow, CurrentViewer } from '../../authorization/policy.decorator.js';
import type { Viewer } from '../../authorization/viewer.js';
import { Area } from '../area.entity.js';
import { ClassificationSettingsService } from './classification-settings.service.js';
import { ComplaintDeadline } from './complaint-deadline.entity.js';
import { ComplaintSector } from '../complaint-sector.entity.js';
import { ComplaintType } from '../complaint-type.entity.js';
import { AddAreaInput, AddClassificationInput } from './inputs/classification.input.js';
import { SetComplaintDeadlineInput, SetReferralRuleInput } from './inputs/referral-settings.input.js';
import { ReferralRule } from './referral-rule.entity.js';
import { ReferralSettingsService } from './referral-settings.service.js';

/** The convener configures what complaints are classified by, where they go and how long organisations have. */
@Resolver()
export class ReferralSettingsResolver {
  constructor(
    private readonly settings: ReferralSettingsService,
    private readonly classifications: ClassificationSettingsService,
  ) {}

  @Allow('create', 'ComplaintSector')
  @Mutation(() => ComplaintSector, { description: 'Adds a sector complaints can be classified by.' })
  addComplaintSector(@CurrentViewer() viewer: Viewer, @Args('input') input: AddClassificationInput): Promise<ComplaintSector> {
    return this.classifications.addSector(viewer, input);
  }

  @Allow('create', 'ComplaintType')
  @Mutation(() => ComplaintType, { description: 'Adds a complaint type.' })
  addComplaintType(@CurrentViewer() viewer: Viewer, @Args('input') input: AddClassificationInput): Promise<ComplaintType> {
    return this.classifications.addType(viewer, input);
  }

  @Allow('create', 'Area')
  @Mutation(() => Area, { description: 'Adds a county, or a sub-county of one.' })
  addArea(@CurrentViewer() viewer: Viewer, @Args('input') input: AddAreaInput): Promise<Area> {
    return this.classifications.addArea(viewer, input);
  }

  @Allow('read', 'ReferralRule')
  @Query(() => [ReferralRule], { description: 'The routing rules; a complaint no rule matches waits for the convener.' })
  referralRules(): Promise<ReferralRule[]> {
    return this.settings.rules();
  }

  @Allow('update', 'ReferralRule')
  @Mutation(() => ReferralRule)
  setReferralRule(@CurrentViewer() viewer: Viewer, @Args('input') input: SetReferralRuleInput): Promise<ReferralRule> {
    return this.settings.setRule(viewer, input);
  }

  @Allow('delete', 'ReferralRule')
  @Mutation(() => Boolean)
  removeReferralRule(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.settings.removeRule(viewer, id);
  }

  @Allow('read', 'ComplaintDeadline')
  @Query(() => [ComplaintDeadline], { description: 'Times allowed to acknowledge and resolve; the most specific entry applies.' })
  complaintDeadlines(): Promise<ComplaintDeadline[]> {
    return this.settings.deadlines();
  }

  @Allow('update', 'ComplaintDeadline')
  @Mutation(() => ComplaintDeadline)
  setComplaintDeadline(@CurrentViewer() viewer: Viewer, @Args('input') input: SetComplaintDeadlineInput): Promise<ComplaintDeadline> {
    return this.settings.setDeadline(viewer, input);
  }
}
