import { Args, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { AccountsService } from '../accounts/accounts.service.js';
import { Organisation } from '../accounts/organisation.entity.js';
import { Allow, CurrentViewer } from '../authorization/policy.decorator.js';
import type { Viewer } from '../authorization/viewer.js';
import { RequestLoaders, type Loaders } from '../graphql/loaders.js';
import { Procurement } from '../procurements/procurement.entity.js';
import { organisationLoader } from '../procurements/procurements.resolver.js';
import { Award } from './award.entity.js';
import { Bid } from './bid.entity.js';
import { ContractAmendment } from './contract-amendment.entity.js';
import { currentContractValue } from './contract-value.js';
import { Contract } from './contract.entity.js';
import { AmendContractInput } from './inputs/amend-contract.input.js';
import { DisqualifyBidInput } from './inputs/disqualify-bid.input.js';
import { RecordAwardInput } from './inputs/record-award.input.js';
import { RecordBidInput } from './inputs/record-bid.input.js';
import { RecordContractInput } from './inputs/record-contract.input.js';
import { TenderingService } from './tendering.service.js';

@Resolver()
export class TenderingResolver {
  constructor(private readonly tendering: TenderingService) {}

  @Allow('create', 'Bid')
  @Mutation(() => Bid, { description: 'Records a bid as the authority received it, from an organisation taking part.' })
  recordBid(@CurrentViewer() viewer: Viewer, @Args('input') input: RecordBidInput): Promise<Bid> {
    return this.tendering.recordBid(viewer, input);
  }

  @Allow('update', 'Bid')
  @Mutation(() => Bid, { description: 'Disqualifies a bid, with the reason; refused with BID_ALREADY_DISQUALIFIED the second time.' })
  disqualifyBid(@CurrentViewer() viewer: Viewer, @Args('input') input: DisqualifyBidInput): Promise<Bid> {
    return this.tendering.disqualifyBid(viewer, input);
  }

  @Allow('create', 'Award')
  @Mutation(() => Award)
  recordAward(@CurrentViewer() viewer: Viewer, @Args('input') input: RecordAwardInput): Promise<Award> {
    return this.tendering.recordAward(viewer, input);
  }

  @Allow('create', 'Contract')
  @Mutation(() => Contract)
  recordContract(@CurrentViewer() viewer: Viewer, @Args('input') input: RecordContractInput): Promise<Contract> {
    return this.tendering.recordContract(viewer, input);
  }

  @Allow('update', 'Contract')
  @Mutation(() => ContractAmendment, { description: 'Records an amendment and the contract value it brings.' })
  amendContract(@CurrentViewer() viewer: Viewer, @Args('input') input: AmendContractInput): Promise<ContractAmendment> {
    return this.tendering.amendContract(viewer, input);
  }
}

@Resolver(() => Procurement)
export class ProcurementTenderingResolver {
  constructor(private readonly tendering: TenderingService) {}

  @Allow('read', 'Bid')
  @ResolveField(() => [Bid], { description: 'Bids in the order received; a bidder sees only its own.' })
  async bids(@CurrentViewer() viewer: Viewer, @Parent() procurement: Procurement, @RequestLoaders() loaders: Loaders): Promise<Bid[]> {
    const loader = loaders.get<string, Bid[]>('bidsByProcurement', (ids) => this.tendering.bidsOf(viewer, ids));
    return (await loader.load(procurement.id)) ?? [];
  }

  @Allow('read', 'Award')
  @ResolveField(() => [Award])
  async awards(@CurrentViewer() viewer: Viewer, @Parent() procurement: Procurement, @RequestLoaders() loaders: Loaders): Promise<Award[]> {
    const loader = loaders.get<string, Award[]>('awardsByProcurement', (ids) => this.tendering.awardsOf(viewer, ids));
    return (await loader.load(procurement.id)) ?? [];
  }

  @Allow('read', 'Contract')
  @ResolveField(() => [Contract])
  async contracts(@CurrentViewer() viewer: Viewer, @Parent() procurement: Procurement, @RequestLoaders() loaders: Loaders): Promise<Contract[]> {
    const loader = loaders.get<string, Contract[]>('contractsByProcurement', (ids) => this.tendering.contractsOf(viewer, ids));
    return (await loader.load(procurement.id)) ?? [];
  }
}

@Resolver(() => Bid)
export class BidResolver {
  constructor(private readonly accounts: AccountsService) {}

  @Allow('read', 'Bid')
  @ResolveField(() => Organisation)
  async bidder(@Parent() bid: Bid, @RequestLoaders() loaders: Loaders): Promise<Organisation> {
    return (await organisationLoader(loaders, this.accounts).load(bid.bidderId))!;
  }
}

@Resolver(() => Award)
export class AwardResolver {
  constructor(private readonly accounts: AccountsService) {}

  @Allow('read', 'Award')
  @ResolveField(() => Organisation)
  async supplier(@Parent() award: Award, @RequestLoaders() loaders: Loaders): Promise<Organisation> {
    return (await organisationLoader(loaders, this.accounts).load(award.supplierId))!;
  }
}

@Resolver(() => Contract)
export class ContractResolver {
  constructor(private readonly tendering: TenderingService) {}

  @Allow('read', 'Contract')
  @ResolveField(() => [ContractAmendment], { description: 'Oldest first.' })
  async amendments(@Parent() contract: Contract, @RequestLoaders() loaders: Loaders): Promise<ContractAmendment[]> {
    return (await this.amendmentsLoader(loaders).load(contract.id)) ?? [];
  }

  @Allow('read', 'Contract')
  @ResolveField(() => String, { description: 'The value after the latest amendment (by amendment date), decimal string.' })
  async currentValue(@Parent() contract: Contract, @RequestLoaders() loaders: Loaders): Promise<string> {
    return currentContractValue(contract.value, (await this.amendmentsLoader(loaders).load(contract.id)) ?? []);
  }

  private amendmentsLoader(loaders: Loaders) {
    return loaders.get<string, ContractAmendment[]>('amendmentsByContract', (ids) => this.tendering.amendmentsOf(ids));
  }
}
