import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow, CurrentViewer } from '../authorization/policy.decorator.js';
import type { Viewer } from '../authorization/viewer.js';
import { ComplaintDeadline } from './complaint-deadline.entity.js';
import { SetComplaintDeadlineInput, SetReferralRuleInput } from './inputs/referral-settings.input.js';
import { ReferralRule } from './referral-rule.entity.js';
import { ReferralSettings } from './referral-settings.service.js';

/** The convener configures where complaints go and how long organisations have. */
@Resolver()
export class ReferralSettingsResolver {
  constructor(private readonly settings: ReferralSettings) {}

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
