import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AccountsService } from '../accounts/accounts.service.js';
import { Organisation } from '../accounts/organisation.entity.js';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { Allow, CurrentViewer } from '../authorization/policy.decorator.js';
import type { Viewer } from '../authorization/viewer.js';
import { RequestLoaders, type Loaders } from '../graphql/loaders.js';
import { PageInput, PageType, type Page } from '../pagination/page.js';
import { AddBidderInput } from './inputs/add-bidder.input.js';
import { AssignMonitorInput } from './inputs/assign-monitor.input.js';
import { CreateProcurementInput } from './inputs/create-procurement.input.js';
import { ProcurementFilterInput } from './inputs/procurement-filter.input.js';
import { UpdateProcurementInput } from './inputs/update-procurement.input.js';
import { ProcurementBidder } from './procurement-bidder.entity.js';
import { Procurement } from './procurement.entity.js';
import { ProcurementsService } from './procurements.service.js';
import { StageTransition } from './stage-transition.entity.js';

const ProcurementPage = PageType(Procurement);
const AuditEntryPage = PageType(AuditEntry);

/** Organisation names come through one batched loader per request, whatever field asks. */
export function organisationLoader(loaders: Loaders, accounts: AccountsService) {
  return loaders.get<string, Organisation>('organisationById', (ids) => accounts.organisationsByIds(ids));
}

@Resolver(() => Procurement)
export class ProcurementsResolver {
  constructor(
    private readonly service: ProcurementsService,
    private readonly accounts: AccountsService,
  ) {}

  @Allow('read', 'Procurement')
  @Query(() => ProcurementPage, { description: 'The procurements you take part in, newest first.' })
  procurements(
    @CurrentViewer() viewer: Viewer,
    @Args('filter', { nullable: true, defaultValue: {} }) filter: ProcurementFilterInput,
    @Args('page', { nullable: true, defaultValue: {} }) page: PageInput,
  ): Promise<Page<Procurement>> {
    return this.service.list(viewer, filter, page);
  }

  @Allow('read', 'Procurement')
  @Query(() => Procurement)
  procurement(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string): Promise<Procurement> {
    return this.service.get(viewer, id);
  }

  @Allow('create', 'Procurement')
  @Mutation(() => Procurement)
  createProcurement(@CurrentViewer() viewer: Viewer, @Args('input') input: CreateProcurementInput): Promise<Procurement> {
    return this.service.create(viewer, input);
  }

  @Allow('update', 'Procurement')
  @Mutation(() => Procurement)
  updateProcurement(@CurrentViewer() viewer: Viewer, @Args('input') input: UpdateProcurementInput): Promise<Procurement> {
    return this.service.update(viewer, input);
  }

  @Allow('manageBidders', 'Procurement')
  @Mutation(() => ProcurementBidder, { description: 'Invites or registers a bidder; adding one twice returns the existing participation.' })
  addBidder(@CurrentViewer() viewer: Viewer, @Args('input') input: AddBidderInput): Promise<ProcurementBidder> {
    return this.service.addBidder(viewer, input);
  }

  @Allow('assignMonitor', 'Procurement')
  @Mutation(() => Procurement)
  assignMonitor(@CurrentViewer() viewer: Viewer, @Args('input') input: AssignMonitorInput): Promise<Procurement> {
    return this.service.assignMonitor(viewer, input);
  }

  @Allow('read', 'Procurement')
  @ResolveField(() => Organisation)
  async authority(@Parent() procurement: Procurement, @RequestLoaders() loaders: Loaders): Promise<Organisation> {
    return (await organisationLoader(loaders, this.accounts).load(procurement.authorityId))!;
  }

  @Allow('read', 'Procurement')
  @ResolveField(() => Organisation, { nullable: true })
  async monitor(@Parent() procurement: Procurement, @RequestLoaders() loaders: Loaders): Promise<Organisation | null> {
    return procurement.monitorId ? ((await organisationLoader(loaders, this.accounts).load(procurement.monitorId)) ?? null) : null;
  }

  @Allow('read', 'Procurement')
  @ResolveField(() => Organisation, { nullable: true })
  async implementer(@Parent() procurement: Procurement, @RequestLoaders() loaders: Loaders): Promise<Organisation | null> {
    return procurement.implementerId ? ((await organisationLoader(loaders, this.accounts).load(procurement.implementerId)) ?? null) : null;
  }

  @Allow('read', 'ProcurementBidder')
  @ResolveField(() => [ProcurementBidder], { description: 'Everyone taking part; a bidder sees only itself.' })
  async bidders(@CurrentViewer() viewer: Viewer, @Parent() procurement: Procurement, @RequestLoaders() loaders: Loaders): Promise<ProcurementBidder[]> {
    const loader = loaders.get<string, ProcurementBidder[]>('biddersByProcurement', (ids) => this.service.biddersOf(viewer, ids));
    return (await loader.load(procurement.id)) ?? [];
  }

  @Allow('read', 'StageTransition')
  @ResolveField(() => [StageTransition], { description: 'Every stage change, oldest first.' })
  async stageHistory(@Parent() procurement: Procurement, @RequestLoaders() loaders: Loaders): Promise<StageTransition[]> {
    const loader = loaders.get<string, StageTransition[]>('stageHistoryByProcurement', (ids) => this.service.stageHistoryOf(ids));
    return (await loader.load(procurement.id)) ?? [];
  }

  @Allow('read', 'AuditEntry')
  @ResolveField(() => AuditEntryPage, { description: 'The hash-chained audit trail of this procurement, its pact and signatures.' })
  auditTrail(
    @CurrentViewer() viewer: Viewer,
    @Parent() procurement: Procurement,
    @Args('page', { nullable: true, defaultValue: {} }) page: PageInput,
  ): Promise<Page<AuditEntry>> {
    return this.service.auditTrail(viewer, procurement.id, page);
  }
}

@Resolver(() => ProcurementBidder)
export class ProcurementBidderResolver {
  constructor(private readonly accounts: AccountsService) {}

  @Allow('read', 'ProcurementBidder')
  @ResolveField(() => Organisation)
  async bidder(@Parent() row: ProcurementBidder, @RequestLoaders() loaders: Loaders): Promise<Organisation> {
    return (await organisationLoader(loaders, this.accounts).load(row.bidderId))!;
  }
}
