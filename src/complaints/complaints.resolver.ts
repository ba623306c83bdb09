import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow, CurrentViewer, Public, type RequestWithViewer } from '../authorization/policy.decorator.js';
import type { Viewer } from '../authorization/viewer.js';
import { Area } from './area.entity.js';
import { ComplaintSector } from './complaint-sector.entity.js';
import { ComplaintType } from './complaint-type.entity.js';
import { ComplaintStatusView, LodgedComplaint } from './complaint-views.js';
import { ComplaintsService } from './complaints.service.js';
import { LodgeComplaintInput } from './inputs/lodge-complaint.input.js';

@Resolver()
export class ComplaintsResolver {
  constructor(private readonly complaints: ComplaintsService) {}

  @Public()
  @Mutation(() => LodgedComplaint, { description: 'Lodges a complaint from the web; no sign-in needed, anonymous allowed. Rate limited per client address.' })
  lodgeComplaint(@CurrentViewer() viewer: Viewer, @Args('input') input: LodgeComplaintInput, @Context('req') req: RequestWithViewer): Promise<LodgedComplaint> {
    return this.complaints.lodgeOnWeb(viewer, input, req.ip);
  }

  @Public()
  @Query(() => ComplaintStatusView, { description: 'Where a complaint stands. An anonymous complaint needs the secret given when it was lodged.' })
  trackComplaint(
    @Args('trackingNumber', { description: 'As on the receipt; any case, dashes optional.' }) trackingNumber: string,
    @Args('secret', { type: () => String, nullable: true }) secret?: string | null,
  ): Promise<ComplaintStatusView> {
    return this.complaints.track(trackingNumber, secret);
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
