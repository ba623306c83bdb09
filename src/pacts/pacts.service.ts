import { subject as asSubject } from '@casl/ability';
import { Injectable } from '@nestjs/common';
import { CheckpointsService } from '../checkpoints/checkpoints.service.js';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { actorId } from '../authorization/require.js';
import type { Viewer } from '../authorization/viewer.js';
import { ClockService } from '../clock/clock.service.js';
import { TransactionService } from '../database/transaction.service.js';
import { notFound } from '../errors/domain-error.js';
import { groupBy } from '../graphql/loaders.js';
import { ProcurementEventsService } from '../events/procurement-events.service.js';
import { ProcurementAccessService } from '../procurements/procurement-access.service.js';
import type { DraftComment } from './draft-comment.entity.js';
import type { CommentOnDraftInput } from './inputs/comment-on-draft.input.js';
import type { CreatePactDraftInput } from './inputs/create-pact-draft.input.js';
import type { UpdatePactDraftInput } from './inputs/update-pact-draft.input.js';
import { alreadyPublished, draftPublished, duplicateClauseKeys, nothingToAmend, openDraftExists, unknownClause } from './pacts.errors.js';
import { canonicalPactContent, sha256Hex } from './pact-content.js';
import type { PactDraft } from './pact-draft.entity.js';
import type { Pact } from './pact.entity.js';
import { PactTemplatesService } from './pact-templates.service.js';
import type { PactVersion } from './pact-version.entity.js';
import { compareClauses, type ClauseComparison } from './pact-comparison.js';
import type { PactTemplate } from './pact-template.js';
import type { PactText } from './pact-text.js';
import { PactsRepository, type DraftCommentView } from './pacts.repository.js';

export interface PactWorkbench {
  procurement: { id: string; reference: string };
  versions: PactVersion[];
  draft: PactDraft | null;
  comments: Array<DraftCommentView & { answered: boolean }>;
  templates: PactTemplate[];
  /** What the viewer may do here: the authority drafts and publishes, the monitor and implementer comment. */
  may: { start: boolean; edit: boolean; publish: boolean; comment: boolean };
}

@Injectable()
export class PactsService {
  constructor(
    private readonly checkpoints: CheckpointsService,
    private readonly transactions: TransactionService,
    private readonly pacts: PactsRepository,
    private readonly access: ProcurementAccessService,
    private readonly templates: PactTemplatesService,
    private readonly audit: AuditService,
    private readonly clock: ClockService,
    private readonly procurementEvents: ProcurementEventsService,
  ) {}

  /** Starts the pact of a procurement from a template, with the procurement's facts filled in. */
  async createDraft(viewer: Viewer, input: CreatePactDraftInput): Promise<PactDraft> {
    const scope = await this.access.require(viewer, 'create', 'PactDraft', input.procurementId);
    const template = this.templates.get(input.templateKey, input.language);
    return this.transactions.run(async (tx) => {
      const pact = await this.pacts.ensurePact(tx, input.procurementId);
      if (await this.pacts.hasPublishedVersion(tx, pact.id)) throw alreadyPublished();
      await this.refuseSecondDraft(tx, pact.id);
      const { title, clauses } = this.templates.render(template, await this.templateValues(tx, input.procurementId));
      const draft = await this.pacts.insertDraft(tx, {
        pactId: pact.id,
        templateKey: template.key,
        language: template.language,
        title,
        clauses,
        createdBy: actorId(viewer),
      });
      await this.audit.append(tx, {
        actorId: actorId(viewer),
        action: 'pact.draft_created',
        subjectType: 'PactDraft',
        subjectId: draft.id,
        procurementId: scope.id,
        data: { templateKey: template.key, language: template.language },
      });
      return draft;
    });
  }

  /** An amendment: a new draft carrying the text of the latest published version. */
  async amend(viewer: Viewer, procurementId: string): Promise<PactDraft> {
    await this.access.require(viewer, 'create', 'PactDraft', procurementId);
    return this.transactions.run(async (tx) => {
      const pact = await this.pacts.ensurePact(tx, procurementId);
      const latest = await this.pacts.latestVersion(tx, pact.id);
      if (!latest) throw nothingToAmend();
      await this.refuseSecondDraft(tx, pact.id);
      const draft = await this.pacts.insertDraft(tx, {
        pactId: pact.id,
        basedOnVersionId: latest.id,
        templateKey: latest.templateKey,
        language: latest.language,
        title: latest.title,
        clauses: latest.clauses,
        createdBy: actorId(viewer),
      });
      await this.audit.append(tx, {
        actorId: actorId(viewer),
        action: 'pact.amendment_started',
        subjectType: 'PactDraft',
        subjectId: draft.id,
        procurementId,
        data: { basedOnVersion: latest.number },
      });
      return draft;
    });
  }

  async updateDraft(viewer: Viewer, input: UpdatePactDraftInput): Promise<PactDraft> {
    const { draft, procurementId } = await this.draftInScope(viewer, 'update', input.draftId);
    if (input.clauses) {
      const seen = new Set<string>();
      for (const clause of input.clauses) {
        if (seen.has(clause.key)) throw duplicateClauseKeys(clause.key);
        seen.add(clause.key);
      }
    }
    return this.transactions.run(async (tx) => {
      const current = await this.pacts.lockDraft(tx, draft.id);
      if (current.publishedVersionId) throw draftPublished(current.publishedVersionId);
      const changedClauses = input.clauses ? changedClauseKeys(current.clauses, input.clauses) : [];
      if (input.title !== undefined) current.title = input.title.trim();
      if (input.clauses) current.clauses = input.clauses.map(({ key, heading, body }) => ({ key, heading, body }));
      await this.pacts.saveDraft(tx, current);
      await this.audit.append(tx, {
        actorId: actorId(viewer),
        action: 'pact.draft_updated',
        subjectType: 'PactDraft',
        subjectId: current.id,
        procurementId,
        data: { titleChanged: input.title !== undefined, changedClauses },
      });
      return current;
    });
  }

  async comment(viewer: Viewer, input: CommentOnDraftInput): Promise<DraftComment> {
    const { draft, procurementId } = await this.draftInScope(viewer, 'create', input.draftId, 'DraftComment');
    if (input.clauseKey && !draft.clauses.some((c) => c.key === input.clauseKey)) throw unknownClause(input.clauseKey);
    return this.transactions.run(async (tx) => {
      const comment = await this.pacts.insertComment(tx, {
        draftId: draft.id,
        clauseKey: input.clauseKey ?? null,
        authorId: actorId(viewer),
        body: input.body,
      });
      await this.audit.append(tx, {
        actorId: actorId(viewer),
        action: 'pact.draft_commented',
        subjectType: 'PactDraft',
        subjectId: draft.id,
        procurementId,
        data: { commentId: comment.id, clauseKey: comment.clauseKey },
      });
      return comment;
    });
  }

  /** Freezes the draft into the next numbered version; from now on its text and hash never change. */
  async publish(viewer: Viewer, draftId: string): Promise<PactVersion> {
    const { procurementId } = await this.draftInScope(viewer, 'publish', draftId);
    return this.transactions.run(async (tx) => {
      const draft = await this.pacts.lockDraft(tx, draftId);
      if (draft.publishedVersionId) throw draftPublished(draft.publishedVersionId);
      const procurementReference = await this.pacts.procurementReference(tx, procurementId);
      const next = await this.pacts.nextVersionNumber(tx, draft.pactId);
      const canonicalContent = canonicalPactContent({
        procurementId,
        procurementReference,
        number: next,
        templateKey: draft.templateKey,
        language: draft.language,
        title: draft.title,
        clauses: draft.clauses,
      });
      const version = await this.pacts.insertVersion(tx, {
        pactId: draft.pactId,
        number: next,
        templateKey: draft.templateKey,
        language: draft.language,
        title: draft.title,
        clauses: draft.clauses,
        canonicalContent,
        contentHash: sha256Hex(canonicalContent),
        publishedBy: actorId(viewer),
        publishedAt: this.clock.now(),
      });
      await this.pacts.markDraftPublished(tx, draft.id, version.id);
      // A new version binds nobody until signed again: "award to a non-signer" may now fire.
      await this.procurementEvents.factsChanged(tx, procurementId);
      await this.audit.append(tx, {
        actorId: actorId(viewer),
        action: 'pact.version_published',
        subjectType: 'PactVersion',
        subjectId: version.id,
        procurementId,
        data: { number: version.number, contentHash: version.contentHash, draftId: draft.id },
      });
      // Copies of this checkpoint outside the database (the PDF, witnesses) anchor the log up to this publication.
      await this.checkpoints.checkpoint(tx);
      return version;
    });
  }

  /**
   * The authority's pact page: the open draft and its comments (each marked answered once the
   * authority has written after it on the same clause), the published versions, the templates.
   */
  async workbench(viewer: Viewer, procurementId: string): Promise<PactWorkbench> {
    const scope = await this.access.require(viewer, 'read', 'PactDraft', procurementId);
    const may = (action: 'create' | 'update' | 'publish', subject: 'PactDraft' | 'DraftComment') =>
      viewer.ability.can(action, asSubject(subject, { ...scope }));
    const tx = this.transactions.reader;
    const reference = await this.pacts.procurementReference(tx, procurementId);
    const [pact] = await this.pacts.pactsOfProcurements(tx, [procurementId]);
    const versions = pact ? await this.pacts.versionsOfPacts(tx, [pact.id]) : [];
    const draft = pact ? await this.pacts.openDraft(tx, pact.id) : null;
    const comments = draft ? await this.pacts.commentsWithAuthors(tx, draft.id, scope.authorityId) : [];
    return {
      procurement: { id: procurementId, reference },
      versions,
      draft,
      comments: comments.map((c, i) => ({
        ...c,
        answered: c.byAuthority || comments.slice(i + 1).some((later) => later.byAuthority && later.clauseKey === c.clauseKey),
      })),
      templates: this.templates.list(),
      may: {
        start: may('create', 'PactDraft'),
        edit: may('update', 'PactDraft'),
        publish: may('publish', 'PactDraft'),
        comment: may('create', 'DraftComment'),
      },
    };
  }

  /** Rewrites one clause of the open draft, the others kept as they are. */
  async editClause(viewer: Viewer, draftId: string, key: string, clause: { heading: string; body: string }): Promise<PactDraft> {
    const draft = await this.draft(viewer, draftId);
    if (!draft.clauses.some((c) => c.key === key)) throw unknownClause(key);
    const clauses = draft.clauses.map((c) => (c.key === key ? { key, heading: clause.heading.trim(), body: clause.body.trim() } : c));
    return this.updateDraft(viewer, { draftId, clauses });
  }

  /**
   * Two texts of the procurement's pact clause by clause: published versions by id, or the open
   * draft ('draft'). Only those who may read the draft compare against it.
   */
  async compare(viewer: Viewer, procurementId: string, from: string, to: string): Promise<{ from: PactText; to: PactText; rows: ClauseComparison[] }> {
    await this.access.require(viewer, 'read', 'PactDraft', procurementId);
    const tx = this.transactions.reader;
    const [pact] = await this.pacts.pactsOfProcurements(tx, [procurementId]);
    if (!pact) throw notFound('Pact', procurementId);
    const text = async (id: string): Promise<PactText> => {
      const found = id === 'draft' ? await this.pacts.openDraft(tx, pact.id) : await this.pacts.version(tx, id);
      if (!found || found.pactId !== pact.id) throw notFound('PactVersion', id);
      return found;
    };
    const [before, after] = await Promise.all([text(from), text(to)]);
    return { from: before, to: after, rows: compareClauses(before.clauses, after.clauses) };
  }

  async version(id: string): Promise<PactVersion> {
    const version = await this.pacts.version(this.transactions.reader, id);
    if (!version) throw notFound('PactVersion', id);
    return version;
  }

  async draft(viewer: Viewer, id: string): Promise<PactDraft> {
    return (await this.draftInScope(viewer, 'read', id)).draft;
  }

  async pactsOfProcurements(procurementIds: readonly string[]): Promise<Map<string, Pact>> {
    const pacts = await this.pacts.pactsOfProcurements(this.transactions.reader, procurementIds);
    return new Map(pacts.map((p) => [p.procurementId, p]));
  }

  async versionsOfPacts(pactIds: readonly string[]): Promise<Map<string, PactVersion[]>> {
    const versions = await this.pacts.versionsOfPacts(this.transactions.reader, pactIds);
    return groupBy(versions, (v) => v.pactId);
  }

  async openDraftsOfPacts(pactIds: readonly string[]): Promise<Map<string, PactDraft>> {
    const drafts = await this.pacts.openDraftsOfPacts(this.transactions.reader, pactIds);
    return new Map(drafts.map((d) => [d.pactId, d]));
  }

  async commentsOfDrafts(draftIds: readonly string[]): Promise<Map<string, DraftComment[]>> {
    const comments = await this.pacts.commentsOfDrafts(this.transactions.reader, draftIds);
    return groupBy(comments, (c) => c.draftId);
  }

  /** Highest published number per pact: a version below it is superseded. */
  latestNumbers(pactIds: readonly string[]): Promise<Map<string, number>> {
    return this.pacts.latestNumbers(this.transactions.reader, pactIds);
  }

  async procurementOfPact(pactId: string): Promise<string> {
    return (await this.pacts.pact(this.transactions.reader, pactId)).procurementId;
  }

  private async draftInScope(
    viewer: Viewer,
    action: 'read' | 'update' | 'publish' | 'create',
    draftId: string,
    subject: 'PactDraft' | 'DraftComment' = 'PactDraft',
  ) {
    const draft = await this.pacts.draft(this.transactions.reader, draftId);
    if (!draft) throw notFound('PactDraft', draftId);
    const procurementId = await this.procurementOfPact(draft.pactId);
    await this.access.require(viewer, action, subject, procurementId);
    return { draft, procurementId };
  }

  private async refuseSecondDraft(tx: EntityManager, pactId: string): Promise<void> {
    const open = await this.pacts.openDraft(tx, pactId);
    if (open) throw openDraftExists(open.id);
  }

  private async templateValues(tx: EntityManager, procurementId: string) {
    const { procurement, names } = await this.pacts.procurementWithPartyNames(tx, procurementId);
    const name = (id: string | null) => ({ name: (id && names.get(id)) || '' });
    return {
      procurement: {
        reference: procurement.reference,
        title: procurement.title,
        description: procurement.description,
        estimatedValue: procurement.estimatedValue ?? '',
        currency: procurement.currency ?? '',
        tenderPeriodStart: procurement.tenderPeriodStart?.toISOString().slice(0, 10) ?? '',
        tenderPeriodEnd: procurement.tenderPeriodEnd?.toISOString().slice(0, 10) ?? '',
      },
      authority: name(procurement.authorityId),
      monitor: name(procurement.monitorId),
      implementer: name(procurement.implementerId),
    };
  }
}

function changedClauseKeys(before: { key: string; heading: string; body: string }[], after: { key: string; heading: string; body: string }[]): string[] {
  const old = new Map(before.map((c) => [c.key, c]));
  const changed = after.filter((c) => old.get(c.key)?.body !== c.body || old.get(c.key)?.heading !== c.heading).map((c) => c.key);
  const removed = before.filter((c) => !after.some((a) => a.key === c.key)).map((c) => c.key);
  return [...changed, ...removed];
}
