import { Args, Mutation, Parent, Query, ResolveField, Resolver, ID } from '@nestjs/graphql';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { Allow, CurrentViewer } from '../authorization/policy.decorator.js';
import type { Viewer } from '../authorization/viewer.js';
import { PageInput, PageType, type Page } from '../pagination/page.js';
import { AccountsService } from './accounts.service.js';
import { CreateOrganisationInput } from './inputs/create-organisation.input.js';
import { CreateUserInput } from './inputs/create-user.input.js';
import { GrantMembershipInput } from './inputs/grant-membership.input.js';
import { OrganisationFilterInput } from './inputs/organisation-filter.input.js';
import { Membership } from './membership.entity.js';
import { Organisation } from './organisation.entity.js';
import { User } from './user.entity.js';

const OrganisationPage = PageType(Organisation);
const AuditEntryPage = PageType(AuditEntry);

@Resolver(() => Organisation)
export class AccountsResolver {
  constructor(private readonly accounts: AccountsService) {}

  @Allow('read', 'Organisation')
  @Query(() => OrganisationPage)
  organisations(
    @Args('filter', { nullable: true, defaultValue: {} }) filter: OrganisationFilterInput,
    @Args('page', { nullable: true, defaultValue: {} }) page: PageInput,
  ): Promise<Page<Organisation>> {
    return this.accounts.organisations(filter, page);
  }

  @Allow('read', 'Organisation')
  @Query(() => Organisation)
  organisation(@Args('id', { type: () => ID }) id: string): Promise<Organisation> {
    return this.accounts.organisation(id);
  }

  @Allow('create', 'Organisation')
  @Mutation(() => Organisation, { description: 'Platform admins create any organisation; contracting authorities register bidders.' })
  createOrganisation(@CurrentViewer() viewer: Viewer, @Args('input') input: CreateOrganisationInput): Promise<Organisation> {
    return this.accounts.createOrganisation(viewer, input);
  }

  @Allow('create', 'User')
  @Mutation(() => User, { description: "Organisation admins add a colleague's account to their organisation." })
  createUser(@CurrentViewer() viewer: Viewer, @Args('input') input: CreateUserInput): Promise<User> {
    return this.accounts.createUser(viewer, input);
  }

  @Allow('create', 'Membership')
  @Mutation(() => Membership)
  grantMembership(@CurrentViewer() viewer: Viewer, @Args('input') input: GrantMembershipInput): Promise<Membership> {
    return this.accounts.grantMembership(viewer, input);
  }

  @Allow('delete', 'Membership')
  @Mutation(() => Boolean)
  revokeMembership(
    @CurrentViewer() viewer: Viewer,
    @Args('userId', { type: () => ID }) userId: string,
    @Args('organisationId', { type: () => ID }) organisationId: string,
  ): Promise<boolean> {
    return this.accounts.revokeMembership(viewer, userId, organisationId);
  }

  @Allow('read', 'Membership')
  @ResolveField(() => [Membership], { description: "Visible to the organisation's admins." })
  members(@CurrentViewer() viewer: Viewer, @Parent() organisation: Organisation): Promise<Membership[]> {
    return this.accounts.members(viewer, organisation.id);
  }

  @Allow('read', 'AuditEntry')
  @ResolveField(() => AuditEntryPage, { description: 'Membership changes and other events of this organisation; for its admins.' })
  auditTrail(
    @CurrentViewer() viewer: Viewer,
    @Parent() organisation: Organisation,
    @Args('page', { nullable: true, defaultValue: {} }) page: PageInput,
  ): Promise<Page<AuditEntry>> {
    return this.accounts.auditTrail(viewer, organisation.id, page);
  }
}
