import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow, CurrentViewer } from '../authorization/policy.decorator.js';
import { requireAbility } from '../authorization/require.js';
import type { Viewer } from '../authorization/viewer.js';
import { RequestLoaders, type Loaders } from '../graphql/loaders.js';
import { PageInput, PageType, type Page } from '../pagination/page.js';
import { ProcurementAccessService } from '../procurements/procurement-access.service.js';
import { Procurement } from '../procurements/procurement.entity.js';
import { evidenceDownloadPath } from './evidence.service.js';
import { findingSubject } from './finding-access.js';
import { FindingEvidence } from './finding-evidence.entity.js';
import { FindingNote } from './finding-note.entity.js';
import { FindingResponse } from './finding-response.entity.js';
import { Finding } from './finding.entity.js';
import { FindingsService } from './findings.service.js';
import { AddFindingNoteInput } from './inputs/add-finding-note.input.js';
import { FindingFilterInput } from './inputs/finding-filter.input.js';
import { RecordFindingInput } from './inputs/record-finding.input.js';
import { RespondToFindingInput } from './inputs/respond-to-finding.input.js';
import { SetFindingStatusInput } from './inputs/set-finding-status.input.js';
import { UpdateFindingInput } from './inputs/update-finding.input.js';

const FindingPage = PageType(Finding);

@Resolver(() => Finding)
export class FindingsResolver {
  constructor(
    private readonly service: FindingsService,
    private readonly access: ProcurementAccessService,
  ) {}

  @Allow('read', 'Finding')
  @Query(() => Finding, { description: 'Bidders and the public read only public findings.' })
  finding(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string): Promise<Finding> {
    return this.service.get(viewer, id);
  }

  @Allow('read', 'Finding')
  @Query(() => FindingPage, { description: 'The findings of a procurement you may see, newest first; bidders and the public see only public ones.' })
  findings(
    @CurrentViewer() viewer: Viewer,
    @Args('procurementId', { type: () => ID }) procurementId: string,
    @Args('filter', { nullable: true, defaultValue: {} }) filter: FindingFilterInput,
    @Args('page', { nullable: true, defaultValue: {} }) page: PageInput,
  ): Promise<Page<Finding>> {
    return this.service.list(viewer, procurementId, filter, page);
  }

  @Allow('create', 'Finding')
  @Mutation(() => Finding, { description: 'The assigned monitor records a finding; it starts OPEN and, unless made public, CONFIDENTIAL.' })
  recordFinding(@CurrentViewer() viewer: Viewer, @Args('input') input: RecordFindingInput): Promise<Finding> {
    return this.service.record(viewer, input);
  }

  @Allow('create', 'Finding')
  @Mutation(() => Finding, { description: 'The monitor edits a finding until it is resolved or published in a report.' })
  updateFinding(@CurrentViewer() viewer: Viewer, @Args('input') input: UpdateFindingInput): Promise<Finding> {
    return this.service.update(viewer, input);
  }

  @Allow('create', 'FindingResponse')
  @Mutation(() => Finding, { description: 'The contracting authority answers a finding, which becomes ANSWERED.' })
  respondToFinding(@CurrentViewer() viewer: Viewer, @Args('input') input: RespondToFindingInput): Promise<Finding> {
    return this.service.respond(viewer, input);
  }

  @Allow('update', 'Finding')
  @Mutation(() => Finding, {
    description: 'The monitor or implementer resolves or escalates a finding; refused with FINDING_STATUS_CHANGE_REFUSED naming from and to.',
  })
  setFindingStatus(@CurrentViewer() viewer: Viewer, @Args('input') input: SetFindingStatusInput): Promise<Finding> {
    return this.service.setStatus(viewer, input);
  }

  @Allow('create', 'FindingNote')
  @Mutation(() => FindingNote, { description: 'An internal note between monitor and implementer.' })
  addFindingNote(@CurrentViewer() viewer: Viewer, @Args('input') input: AddFindingNoteInput): Promise<FindingNote> {
    return this.service.addNote(viewer, input);
  }

  @Allow('read', 'Finding')
  @ResolveField(() => [FindingResponse], { description: "The authority's answers, oldest first; readable by whoever reads the finding." })
  async responses(@Parent() finding: Finding, @RequestLoaders() loaders: Loaders): Promise<FindingResponse[]> {
    return (await loaders.get('responsesByFinding', (ids: readonly string[]) => this.service.responsesOf(ids)).load(finding.id)) ?? [];
  }

  @Allow('read', 'FindingNote')
  @ResolveField(() => [FindingNote], {
    description: 'Internal notes, oldest first; only the monitor and the implementer, everyone else is refused (FORBIDDEN).',
  })
  async notes(@CurrentViewer() viewer: Viewer, @Parent() finding: Finding, @RequestLoaders() loaders: Loaders): Promise<FindingNote[]> {
    const scope = await loaders.get('procurementScope', (ids: readonly string[]) => this.access.scopes(ids)).load(finding.procurementId);
    requireAbility(viewer, 'read', 'FindingNote', findingSubject(scope!, finding));
    return (await loaders.get('notesByFinding', (ids: readonly string[]) => this.service.notesOf(ids)).load(finding.id)) ?? [];
  }

  @Allow('read', 'Finding')
  @ResolveField(() => [FindingEvidence], { description: 'Evidence files, oldest first; each downloads from its downloadUrl.' })
  async evidence(@Parent() finding: Finding, @RequestLoaders() loaders: Loaders): Promise<FindingEvidence[]> {
    return (await loaders.get('evidenceByFinding', (ids: readonly string[]) => this.service.evidenceOf(ids)).load(finding.id)) ?? [];
  }
}

@Resolver(() => FindingEvidence)
export class FindingEvidenceResolver {
  @Allow('read', 'Finding')
  @ResolveField(() => String, { description: 'Where those who may read the finding download the file (HTTP GET, as an attachment).' })
  downloadUrl(@Parent() evidence: FindingEvidence): string {
    return evidenceDownloadPath(evidence.id);
  }
}

@Resolver(() => Procurement)
export class ProcurementFindingsResolver {
  constructor(private readonly service: FindingsService) {}

  @Allow('read', 'Finding')
  @ResolveField(() => FindingPage, { description: 'The findings you may see, newest first; bidders and the public see only public ones.' })
  async findings(
    @CurrentViewer() viewer: Viewer,
    @Parent() procurement: Procurement,
    @RequestLoaders() loaders: Loaders,
    @Args('filter', { nullable: true, defaultValue: {} }) filter: FindingFilterInput,
    @Args('page', { nullable: true, defaultValue: {} }) page: PageInput,
  ): Promise<Page<Finding>> {
    // One loader per distinct arguments: procurements asking for the same slice share one batch.
    const loader = loaders.get<string, Page<Finding>>(`findingsByProcurement:${JSON.stringify([filter, page])}`, (ids) =>
      this.service.pagesOf(viewer, ids, filter, page),
    );
    return (await loader.load(procurement.id))!;
  }
}
