import { Injectable } from '@nestjs/common';
import { In, IsNull, type EntityManager } from 'typeorm';
import { Organisation } from '../accounts/organisation.entity.js';
import { Procurement } from '../procurements/procurement.entity.js';
import { DraftComment } from './draft-comment.entity.js';
import { PactDraft } from './pact-draft.entity.js';
import { PactVersion } from './pact-version.entity.js';
import { Pact } from './pact.entity.js';

/** Every statement of the pacts feature; each runs in the manager it is given. */
export interface DraftCommentView {
  id: string;
  clauseKey: string | null;
  body: string;
  createdAt: Date;
  authorName: string;
  byAuthority: boolean;
}

@Injectable()
export class PactsRepository {
  /** The procurement's pact, created on first use; two first uses at once end with one pact. */
  async ensurePact(tx: EntityManager, procurementId: string): Promise<Pact> {
    await tx.query('INSERT INTO pacts (procurement_id) VALUES ($1) ON CONFLICT (procurement_id) DO NOTHING', [procurementId]);
    return tx.findOneByOrFail(Pact, { procurementId });
  }

  pact(tx: EntityManager, id: string): Promise<Pact> {
    return tx.findOneByOrFail(Pact, { id });
  }

  hasPublishedVersion(tx: EntityManager, pactId: string): Promise<boolean> {
    return tx.existsBy(PactVersion, { pactId });
  }

  latestVersion(tx: EntityManager, pactId: string): Promise<PactVersion | null> {
    return tx.findOne(PactVersion, { where: { pactId }, order: { number: 'DESC' } });
  }

  /** The number the next published version of the pact takes. */
  async nextVersionNumber(tx: EntityManager, pactId: string): Promise<number> {
    const [{ next }]: Array<{ next: number }> = await tx.query('SELECT coalesce(max(number), 0) + 1 AS next FROM pact_versions WHERE pact_id = $1', [pactId]);
    return next;
  }

  version(tx: EntityManager, id: string): Promise<PactVersion | null> {
    return tx.findOneBy(PactVersion, { id });
  }

  insertVersion(tx: EntityManager, fields: Partial<PactVersion>): Promise<PactVersion> {
    return tx.save(tx.create(PactVersion, fields));
  }

  openDraft(tx: EntityManager, pactId: string): Promise<PactDraft | null> {
    return tx.findOneBy(PactDraft, { pactId, publishedVersionId: IsNull() });
  }

  draft(tx: EntityManager, id: string): Promise<PactDraft | null> {
    return tx.findOneBy(PactDraft, { id });
  }

  /** The draft, its row locked until the transaction ends. */
  lockDraft(tx: EntityManager, id: string): Promise<PactDraft> {
    return tx.findOneOrFail(PactDraft, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  insertDraft(tx: EntityManager, fields: Partial<PactDraft>): Promise<PactDraft> {
    return tx.save(tx.create(PactDraft, fields));
  }

  saveDraft(tx: EntityManager, draft: PactDraft): Promise<PactDraft> {
    return tx.save(draft);
  }

  async markDraftPublished(tx: EntityManager, draftId: string, versionId: string): Promise<void> {
    await tx.update(PactDraft, { id: draftId }, { publishedVersionId: versionId });
  }

  insertComment(tx: EntityManager, fields: Pick<DraftComment, 'draftId' | 'clauseKey' | 'authorId' | 'body'>): Promise<DraftComment> {
    return tx.save(tx.create(DraftComment, fields));
  }

  /** The procurement a pact is written for, with the names of its parties by organisation id. */
  async procurementWithPartyNames(tx: EntityManager, procurementId: string): Promise<{ procurement: Procurement; names: Map<string, string> }> {
    const procurement = await tx.findOneByOrFail(Procurement, { id: procurementId });
    const ids = [procurement.authorityId, procurement.monitorId, procurement.implementerId].filter((id): id is string => !!id);
    const names = new Map((await tx.findBy(Organisation, { id: In(ids) })).map((o) => [o.id, o.name]));
    return { procurement, names };
  }

  async procurementReference(tx: EntityManager, procurementId: string): Promise<string> {
    return (await tx.findOneByOrFail(Procurement, { id: procurementId })).reference;
  }

  pactsOfProcurements(tx: EntityManager, procurementIds: readonly string[]): Promise<Pact[]> {
    return tx.findBy(Pact, { procurementId: In([...procurementIds]) });
  }

  versionsOfPacts(tx: EntityManager, pactIds: readonly string[]): Promise<PactVersion[]> {
    return tx.find(PactVersion, { where: { pactId: In([...pactIds]) }, order: { number: 'ASC' } });
  }

  openDraftsOfPacts(tx: EntityManager, pactIds: readonly string[]): Promise<PactDraft[]> {
    return tx.findBy(PactDraft, { pactId: In([...pactIds]), publishedVersionId: IsNull() });
  }

  commentsOfDrafts(tx: EntityManager, draftIds: readonly string[]): Promise<DraftComment[]> {
    return tx.find(DraftComment, { where: { draftId: In([...draftIds]) }, order: { createdAt: 'ASC' } });
  }

  /** A draft's comments, oldest first, with their authors' names and whether the author speaks for the procurement's authority. */
  commentsWithAuthors(tx: EntityManager, draftId: string, authorityId: string): Promise<DraftCommentView[]> {
    return tx.query(
      `SELECT c.id, c.clause_key AS "clauseKey", c.body, c.created_at AS "createdAt", u.name AS "authorName",
              EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = c.author_id AND m.organisation_id = $2) AS "byAuthority"
         FROM draft_comments c JOIN users u ON u.id = c.author_id
        WHERE c.draft_id = $1
        ORDER BY c.created_at, c.id`,
      [draftId, authorityId],
    );
  }

  /** Highest published version number per pact; pacts with no published version are absent. */
  async latestNumbers(tx: EntityManager, pactIds: readonly string[]): Promise<Map<string, number>> {
    const rows: Array<{ pact_id: string; latest: number }> = await tx.query(
      'SELECT pact_id, max(number) AS latest FROM pact_versions WHERE pact_id = ANY($1) GROUP BY pact_id',
      [pactIds],
    );
    return new Map(rows.map((r) => [r.pact_id, r.latest]));
  }
}
