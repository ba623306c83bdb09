import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { subject } from '@casl/ability';
import { Allow, CurrentViewer, Public } from '../authorization/policy.decorator.js';
import type { Viewer } from '../authorization/viewer.js';
import { CheckpointsService } from '../checkpoints/checkpoints.service.js';
import { publicationCheckpointLoader } from '../checkpoints/publication-checkpoint-loader.js';
import { RequestLoaders, type Loaders } from '../graphql/loaders.js';
import { ProcurementAccessService } from '../procurements/procurement-access.service.js';
import { Procurement } from '../procurements/procurement.entity.js';
import { DraftComment } from './draft-comment.entity.js';
import { CommentOnDraftInput } from './inputs/comment-on-draft.input.js';
import { CreatePactDraftInput } from './inputs/create-pact-draft.input.js';
import { UpdatePactDraftInput } from './inputs/update-pact-draft.input.js';
import { PactDraft } from './pact-draft.entity.js';
import { PactTemplate } from './pact-template.js';
import { PactTemplatesService } from './pact-templates.service.js';
import { PactVersion } from './pact-version.entity.js';
import { Pact } from './pact.entity.js';
import { PactsService } from './pacts.service.js';

@Resolver(() => Pact)
export class PactsResolver {
  constructor(
    private readonly pacts: PactsService,
    private readonly templates: PactTemplatesService,
    private readonly access: ProcurementAccessService,
  ) {}

  @Public()
  @Query(() => [PactTemplate], { description: 'The templates a draft can start from, in every language available.' })
  pactTemplates(): PactTemplate[] {
    return this.templates.list();
  }

  @Allow('read', 'PactVersion')
  @Query(() => PactVersion, { description: 'A published version; public, like the PDF.' })
  pactVersion(@Args('id', { type: () => ID }) id: string): Promise<PactVersion> {
    return this.pacts.version(id);
  }

  @Allow('read', 'PactDraft')
  @Query(() => PactDraft)
  pactDraft(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string): Promise<PactDraft> {
    return this.pacts.draft(viewer, id);
  }

  @Allow('create', 'PactDraft')
  @Mutation(() => PactDraft, { description: "Starts the procurement's pact from a template, placeholders filled in." })
  createPactDraft(@CurrentViewer() viewer: Viewer, @Args('input') input: CreatePactDraftInput): Promise<PactDraft> {
    return this.pacts.createDraft(viewer, input);
  }

  @Allow('update', 'PactDraft')
  @Mutation(() => PactDraft)
  updatePactDraft(@CurrentViewer() viewer: Viewer, @Args('input') input: UpdatePactDraftInput): Promise<PactDraft> {
    return this.pacts.updateDraft(viewer, input);
  }

  @Allow('create', 'DraftComment')
  @Mutation(() => DraftComment)
  commentOnPactDraft(@CurrentViewer() viewer: Viewer, @Args('input') input: CommentOnDraftInput): Promise<DraftComment> {
    return this.pacts.comment(viewer, input);
  }

  @Allow('publish', 'PactDraft')
  @Mutation(() => PactVersion, { description: 'Freezes the draft as the next version, with its SHA-256 content hash.' })
  publishPactDraft(@CurrentViewer() viewer: Viewer, @Args('draftId', { type: () => ID }) draftId: string): Promise<PactVersion> {
    return this.pacts.publish(viewer, draftId);
  }

  @Allow('create', 'PactDraft')
  @Mutation(() => PactDraft, { description: 'Starts an amendment: a new draft from the latest published version, to be published and signed again.' })
  amendPact(@CurrentViewer() viewer: Viewer, @Args('procurementId', { type: () => ID }) procurementId: string): Promise<PactDraft> {
    return this.pacts.amend(viewer, procurementId);
  }

  @Allow('read', 'PactVersion')
  @ResolveField(() => [PactVersion], { description: 'Published versions, oldest first.' })
  async versions(@Parent() pact: Pact, @RequestLoaders() loaders: Loaders): Promise<PactVersion[]> {
    return (await versionsLoader(loaders, this.pacts).load(pact.id)) ?? [];
  }

  @Allow('read', 'PactVersion')
  @ResolveField(() => PactVersion, { nullable: true, description: 'The latest published version: the one to sign.' })
  async currentVersion(@Parent() pact: Pact, @RequestLoaders() loaders: Loaders): Promise<PactVersion | null> {
    return (await versionsLoader(loaders, this.pacts).load(pact.id))?.at(-1) ?? null;
  }

  @Allow('read', 'PactDraft')
  @ResolveField(() => PactDraft, { nullable: true, description: 'The draft being prepared, if any; bidders and the public are refused it (FORBIDDEN).' })
  async openDraft(@CurrentViewer() viewer: Viewer, @Parent() pact: Pact, @RequestLoaders() loaders: Loaders): Promise<PactDraft | null> {
    const scope = await loaders.get('procurementScope', (ids: readonly string[]) => this.access.scopes(ids)).load(pact.procurementId);
    if (!scope || !viewer.ability.can('read', subject('PactDraft', scope))) return null;
    return (await loaders.get('openDraftByPact', (ids: readonly string[]) => this.pacts.openDraftsOfPacts(ids)).load(pact.id)) ?? null;
  }
}

function versionsLoader(loaders: Loaders, pacts: PactsService) {
  return loaders.get<string, PactVersion[]>('versionsByPact', (ids) => pacts.versionsOfPacts(ids));
}

@Resolver(() => Procurement)
export class ProcurementPactResolver {
  constructor(private readonly pacts: PactsService) {}

  @Allow('read', 'Procurement')
  @ResolveField(() => Pact, { nullable: true, description: 'Null until the authority starts the pact.' })
  async pact(@Parent() procurement: Procurement, @RequestLoaders() loaders: Loaders): Promise<Pact | null> {
    return (await loaders.get('pactByProcurement', (ids: readonly string[]) => this.pacts.pactsOfProcurements(ids)).load(procurement.id)) ?? null;
  }
}

@Resolver(() => PactDraft)
export class PactDraftResolver {
  constructor(private readonly pacts: PactsService) {}

  @Allow('read', 'DraftComment')
  @ResolveField(() => [DraftComment])
  async comments(@Parent() draft: PactDraft, @RequestLoaders() loaders: Loaders): Promise<DraftComment[]> {
    return (await loaders.get('commentsByDraft', (ids: readonly string[]) => this.pacts.commentsOfDrafts(ids)).load(draft.id)) ?? [];
  }
}

@Resolver(() => PactVersion)
export class PactVersionResolver {
  constructor(
    private readonly pacts: PactsService,
    private readonly checkpoints: CheckpointsService,
  ) {}

  @Allow('read', 'PactVersion')
  @ResolveField(() => String, {
    nullable: true,
    description:
      'The signed audit log checkpoint made when this was published (a C2SP signed note), null before checkpoints existed. Kept apart from canonicalContent, which is what was hashed and signed.',
  })
  async publicationCheckpoint(@Parent() version: PactVersion, @RequestLoaders() loaders: Loaders): Promise<string | null> {
    return (await publicationCheckpointLoader(loaders, this.checkpoints).load(version.id)) ?? null;
  }

  @Allow('read', 'PactVersion')
  @ResolveField(() => Boolean, { description: 'True once a later version is published; its signatures no longer bind.' })
  async superseded(@Parent() version: PactVersion, @RequestLoaders() loaders: Loaders): Promise<boolean> {
    const latest = await loaders.get('latestVersionNumber', (ids: readonly string[]) => this.pacts.latestNumbers(ids)).load(version.pactId);
    return latest !== undefined && version.number < latest;
  }

  @Allow('read', 'PactVersion')
  @ResolveField(() => String, { description: 'Where anyone can download this version as PDF.' })
  pdfUrl(@Parent() version: PactVersion): string {
    return `/pacts/versions/${version.id}/pdf`;
  }
}
