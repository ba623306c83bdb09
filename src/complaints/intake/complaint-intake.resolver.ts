import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow, CurrentViewer, Public, type RequestWithViewer } from '../../authorization/policy.decorator.js';
import type { Viewer } from '../../authorization/viewer.js';
import { NotificationTemplatesService } from '../../notifications/notification-templates.service.js';
import { Area } from '../area.entity.js';
import { ComplainantDeskService } from './complainant-desk.service.js';
import { ComplainantProofsService } from '../proofs/complainant-proofs.service.js';
import { ComplaintSector } from '../complaint-sector.entity.js';
import { ComplaintType } from '../complaint-type.entity.js';
import { ComplaintStatusView, LodgedComplaint } from '../complaint-views.js';
import { ComplaintsService } from '../complaints.service.js';
import { AddComplaintInformationInput, RateComplaintInput } from './inputs/complainant-proof.input.js';
import { LodgeComplaintInput } from './inputs/lodge-complaint.input.js';
import { lodgedComplaintView } from './lodged-complaint-view.js';

/** The public's side of complaints: no sign-in needed. */
@Resolver()
export class ComplaintIntakeResolver {
  constructor(
    private readonly complaints: ComplaintsService,
    private readonly desk: ComplainantDeskService,
    private readonly proofs: ComplainantProofsService,
    private readonly templates: NotificationTemplatesService,
  ) {}

  @Public()
  @Mutation(() => LodgedComplaint, { description: 'Lodges a complaint from the web; no sign-in needed, anonymous allowed. Rate limited per client address.' })
  async lodgeComplaint(
    @CurrentViewer() viewer: Viewer,
    @Args('input') input: LodgeComplaintInput,
    @Context('req') req: RequestWithViewer,
  ): Promise<LodgedComplaint> {
    return lodgedComplaintView(await this.desk.lodgeOnWeb(viewer, input, req.ip));
  }

  @Public()
  @Query(() => ComplaintStatusView, {
    description:
      'Where a complaint stands. An anonymous complaint needs the secret given when it was lodged; a secret given is checked (and a wrong one counts against the limit of failed proofs).',
  })
  async trackComplaint(
    @Args('trackingNumber', { description: 'As on the receipt; any case, dashes optional.' }) trackingNumber: string,
    @Context('req') req: RequestWithViewer,
    @Args('secret', { type: () => String, nullable: true }) secret?: string | null,
  ): Promise<ComplaintStatusView> {
    return this.complaints.statusView(await this.proofs.forStatus(trackingNumber, secret, req.ip));
  }

  @Public()
  @Mutation(() => ComplaintStatusView, {
    description: "The complainant adds information to their complaint, proven by the complaint's secret; the handling organisation sees it.",
  })
  async addComplaintInformation(@Args('input') input: AddComplaintInformationInput, @Context('req') req: RequestWithViewer): Promise<ComplaintStatusView> {
    return this.complaints.statusView(await this.desk.addInformation(input, req.ip));
  }

  @Public()
  @Mutation(() => ComplaintStatusView, { description: "The complainant rates the response to a resolved complaint, once, proven by the complaint's secret." })
  async rateComplaint(@Args('input') input: RateComplaintInput, @Context('req') req: RequestWithViewer): Promise<ComplaintStatusView> {
    return this.complaints.statusView(await this.desk.rate(input, req.ip));
  }

  @Public()
  @Query(() => [String], { description: 'The languages complainants can be answered in (language codes); adding a template file adds one.' })
  complaintLanguages(): string[] {
    return this.templates.languages();
  }

  @Allow('read', 'ComplaintSector')
  @Query(() => [ComplaintSector])
  complaintSectors(): Promise<ComplaintSector[]> {
    return this.complaints.sectors();
  }

  @Allow('read', 'ComplaintType')
  @Query(() => [ComplaintType])
  complaintTypes(): Promise<ComplaintType[]> {
    return this.complaints.types();
  }

  @Allow('read', 'Area')
  @Query(() => [Area], { description: 'Counties and sub-counties; with countyCode, the sub-counties of that county.' })
  areas(@Args('countyCode', { type: () => String, nullable: true }) countyCode?: string | null): Promise<Area[]> {
    return this.complaints.areas(countyCode);
  }
}
