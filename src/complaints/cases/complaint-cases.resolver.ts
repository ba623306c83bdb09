import { Args, Field, ID, Mutation, ObjectType, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AccountsService } from '../../accounts/accounts.service.js';
import { Organisation } from '../../accounts/organisation.entity.js';
import { Allow, CurrentViewer } from '../../authorization/policy.decorator.js';
import { requireAbility } from '../../authorization/require.js';
import type { Viewer } from '../../authorization/viewer.js';
import { RequestLoaders, type Loaders } from '../../graphql/loaders.js';
import { OutboundMessage } from '../../notifications/outbound-message.entity.js';
import { PageInput, PageType, type Page } from '../../pagination/page.js';
import { organisationLoader } from '../../procurements/procurements.resolver.js';
import { Area } from '../area.entity.js';
import { ComplainantDeskService } from '../intake/complainant-desk.service.js';
import { ComplaintAddition } from '../records/complaint-addition.entity.js';
import { ComplaintEvent } from '../complaint-event.entity.js';
import { ComplaintHandlingService } from './complaint-handling.service.js';
import { ComplaintNote } from '../records/complaint-note.entity.js';
import { ComplaintSector } from '../complaint-sector.entity.js';
import { ComplaintType } from '../complaint-type.entity.js';
import { LodgedComplaint } from '../complaint-views.js';
import { Complaint } from '../complaint.entity.js';
import { complaintFieldSubject, ComplaintRecordsService } from '../records/complaint-records.service.js';
import { ContactVaultService } from '../../contacts/contact-vault.service.js';
import { AddComplaintNoteInput } from '../records/inputs/add-complaint-note.input.js';
import { ClassifyComplaintInput } from './inputs/classify-complaint.input.js';
import { ComplaintFindingInput } from './inputs/complaint-finding.input.js';
import { ComplaintQueueFilter } from '../inputs/complaint-queue-filter.input.js';
import { ReferComplaintInput } from './inputs/refer-complaint.input.js';
import { SetComplaintStatusInput } from './inputs/set-complaint-status.input.js';
import { WalkInComplaintInput } from '../intake/inputs/walk-in-complaint.input.js';
import { ComplaintsService } from '../complaints.service.js';
import { lodgedComplaintView } from '../intake/lodged-complaint-view.js';
import { formatTrackingNumber } from '../tracking-number.js';

const ComplaintPage = PageType(Complaint);

@ObjectType({ description: 'Who complained and how to reach them; only for the convener and the organisation handling the complaint.' })
export class ComplaintContact {
  @Field(() => String, { nullable: true })
  name: string | null;

  @Field(() => String, { nullable: true })
  phone: string | null;

  @Field(() => String, { nullable: true })
  email: string | null;
}

const fieldSubject = complaintFieldSubject;

/** The staff's side of complaints: queues, referral, status, notes, and each complaint's details. */
@Resolver(() => Complaint)
export class ComplaintCasesResolver {
  constructor(
    private readonly service: ComplaintsService,
    private readonly handling: ComplaintHandlingService,
    private readonly desk: ComplainantDeskService,
    private readonly records: ComplaintRecordsService,
    private readonly vault: ContactVaultService,
    private readonly accounts: AccountsService,
  ) {}

  @Allow('read', 'Complaint')
  @Query(() => ComplaintPage, {
    description: "The complaints you may see, newest first: your organisation's queue; everything for the convener; your procurements' for monitors.",
  })
  complaints(
    @CurrentViewer() viewer: Viewer,
    @Args('filter', { type: () => ComplaintQueueFilter, nullable: true }) filter?: ComplaintQueueFilter,
    @Args('page', { type: () => PageInput, nullable: true }) page?: PageInput,
  ): Promise<Page<Complaint>> {
    return this.service.queue(viewer, filter ?? new ComplaintQueueFilter(), page ?? new PageInput());
  }

  @Allow('read', 'Complaint')
  @Query(() => Complaint)
  complaint(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string): Promise<Complaint> {
    return this.records.readable(viewer, id);
  }

  @Allow('create', 'Complaint')
  @Mutation(() => LodgedComplaint, { description: "Records a walk-in complaint on the complainant's behalf; give them the receipt." })
  async recordWalkInComplaint(@CurrentViewer() viewer: Viewer, @Args('input') input: WalkInComplaintInput): Promise<LodgedComplaint> {
    return lodgedComplaintView(await this.desk.lodgeWalkIn(viewer, input));
  }

  @Allow('refer', 'Complaint')
  @Mutation(() => Complaint, { description: 'Refers the complaint by hand, or re-refers it, with a reason; deadlines start again.' })
  referComplaint(@CurrentViewer() viewer: Viewer, @Args('input') input: ReferComplaintInput): Promise<Complaint> {
    return this.handling.refer(viewer, input);
  }

  @Allow('update', 'Complaint')
  @Mutation(() => Complaint, { description: 'Moves the complaint on; the complainant is told.' })
  setComplaintStatus(@CurrentViewer() viewer: Viewer, @Args('input') input: SetComplaintStatusInput): Promise<Complaint> {
    return this.handling.setStatus(viewer, input);
  }

  @Allow('create', 'ComplaintNote')
  @Mutation(() => ComplaintNote, { description: 'An internal note, never shown to the complainant.' })
  addComplaintNote(@CurrentViewer() viewer: Viewer, @Args('input') input: AddComplaintNoteInput): Promise<ComplaintNote> {
    return this.handling.addNote(viewer, input.complaintId, input.body);
  }

  @Allow('classify', 'Complaint')
  @Mutation(() => Complaint, { description: 'The convener classifies a complaint; one still waiting is then routed by the rules.' })
  classifyComplaint(@CurrentViewer() viewer: Viewer, @Args('input') input: ClassifyComplaintInput): Promise<Complaint> {
    return this.handling.classify(viewer, input);
  }

  @Allow('merge', 'Complaint')
  @Mutation(() => Complaint, { description: 'Closes a duplicate into the complaint that stays; the duplicate’s complainant is told which to follow.' })
  mergeComplaints(
    @CurrentViewer() viewer: Viewer,
    @Args('duplicateId', { type: () => ID }) duplicateId: string,
    @Args('intoComplaintId', { type: () => ID }) intoComplaintId: string,
  ): Promise<Complaint> {
    return this.handling.merge(viewer, duplicateId, intoComplaintId);
  }

  @Allow('read', 'Complaint')
  @Mutation(() => Complaint, { description: "The procurement's monitor records the complaint as a confidential finding on it." })
  recordFindingFromComplaint(@CurrentViewer() viewer: Viewer, @Args('input') input: ComplaintFindingInput): Promise<Complaint> {
    return this.handling.recordFinding(viewer, input);
  }

  @Allow('read', 'Complaint')
  @ResolveField('trackingNumber', () => String)
  trackingNumber(@Parent() complaint: Complaint): string {
    return formatTrackingNumber(complaint.trackingNumber);
  }

  @Allow('read', 'Complaint')
  @ResolveField(() => ComplaintSector, { nullable: true })
  sector(@Parent() complaint: Complaint, @RequestLoaders() loaders: Loaders): Promise<ComplaintSector | undefined> | null {
    return complaint.sectorId ? this.records.sectorLoader(loaders).load(complaint.sectorId) : null;
  }

  @Allow('read', 'Complaint')
  @ResolveField(() => ComplaintType, { nullable: true })
  type(@Parent() complaint: Complaint, @RequestLoaders() loaders: Loaders): Promise<ComplaintType | undefined> | null {
    return complaint.typeId ? this.records.typeLoader(loaders).load(complaint.typeId) : null;
  }

  @Allow('read', 'Complaint')
  @ResolveField(() => Area, { nullable: true })
  area(@Parent() complaint: Complaint, @RequestLoaders() loaders: Loaders): Promise<Area | undefined> | null {
    return complaint.areaId ? this.records.areaLoader(loaders).load(complaint.areaId) : null;
  }

  @Allow('read', 'Complaint')
  @ResolveField(() => Organisation, { nullable: true, description: 'Whose queue it is in; null while it waits for the convener.' })
  handlingOrganisation(@Parent() complaint: Complaint, @RequestLoaders() loaders: Loaders): Promise<Organisation | undefined> | null {
    return complaint.handlingOrganisationId ? organisationLoader(loaders, this.accounts).load(complaint.handlingOrganisationId) : null;
  }

  @Allow('read', 'Complaint')
  @ResolveField(() => String, { nullable: true, description: 'The reference of the procurement it concerns.' })
  async procurementReference(@Parent() complaint: Complaint, @RequestLoaders() loaders: Loaders): Promise<string | null> {
    return complaint.procurementId ? ((await this.records.procurementReferenceLoader(loaders).load(complaint.procurementId)) ?? null) : null;
  }

  @Allow('read', 'Complaint')
  @ResolveField(() => String, { nullable: true, description: 'The complaint this duplicate was merged into.' })
  async mergedInto(@Parent() complaint: Complaint, @RequestLoaders() loaders: Loaders): Promise<string | null> {
    if (!complaint.mergedIntoId) return null;
    const number = await this.records.trackingNumberLoader(loaders).load(complaint.mergedIntoId);
    return number ? formatTrackingNumber(number) : null;
  }

  @Allow('read', 'ComplaintContact')
  @ResolveField(() => ComplaintContact, {
    nullable: true,
    description: 'Null for an anonymous complaint. Only the convener and the handling organisation; others are refused (FORBIDDEN).',
  })
  contact(@CurrentViewer() viewer: Viewer, @Parent() complaint: Complaint): ComplaintContact | null {
    requireAbility(viewer, 'read', 'ComplaintContact', fieldSubject(complaint));
    return complaint.anonymous ? null : this.vault.open(complaint.id, complaint);
  }

  @Allow('read', 'ComplaintNote')
  @ResolveField(() => [ComplaintNote], { description: 'Internal notes, oldest first; only the convener and the handling organisation.' })
  async notes(@CurrentViewer() viewer: Viewer, @Parent() complaint: Complaint, @RequestLoaders() loaders: Loaders): Promise<ComplaintNote[]> {
    requireAbility(viewer, 'read', 'ComplaintNote', fieldSubject(complaint));
    return (await this.records.notesLoader(loaders).load(complaint.id)) ?? [];
  }

  @Allow('read', 'Complaint')
  @ResolveField(() => [ComplaintEvent], { description: 'Every step, oldest first, with the reasons staff gave.' })
  async history(@Parent() complaint: Complaint, @RequestLoaders() loaders: Loaders): Promise<ComplaintEvent[]> {
    return (await this.records.eventsLoader(loaders).load(complaint.id)) ?? [];
  }

  @Allow('read', 'Complaint')
  @ResolveField(() => [ComplaintAddition], { description: 'What the complainant added after lodging, oldest first.' })
  async additions(@Parent() complaint: Complaint, @RequestLoaders() loaders: Loaders): Promise<ComplaintAddition[]> {
    return (await this.records.additionsLoader(loaders).load(complaint.id)) ?? [];
  }

  @Allow('read', 'OutboundMessage')
  @ResolveField(() => [OutboundMessage], {
    description: 'Messages sent about the complaint and whether they were delivered; only the convener and the handling organisation.',
  })
  async messages(@CurrentViewer() viewer: Viewer, @Parent() complaint: Complaint, @RequestLoaders() loaders: Loaders): Promise<OutboundMessage[]> {
    requireAbility(viewer, 'read', 'OutboundMessage', fieldSubject(complaint));
    return (await this.records.messagesLoader(loaders).load(complaint.id)) ?? [];
  }
}
