import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PUBLISH, demoWorld, type DemoWorld } from './support/demo.js';
import { countQueries } from './support/query-counter.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const FINDING = `id procurementId stage kind severity title description visibility status monitorId redFlagId publishedInReportId`;
const RECORD = `mutation ($input: RecordFindingInput!) { recordFinding(input: $input) { ${FINDING} } }`;
const UPDATE = `mutation ($input: UpdateFindingInput!) { updateFinding(input: $input) { ${FINDING} } }`;
const RESPOND = `mutation ($input: RespondToFindingInput!) { respondToFinding(input: $input) { id status responses { authorId body } } }`;
const SET_STATUS = `mutation ($input: SetFindingStatusInput!) { setFindingStatus(input: $input) { id status } }`;
const ADD_NOTE = `mutation ($input: AddFindingNoteInput!) { addFindingNote(input: $input) { id findingId authorId body } }`;
const GET = `query ($id: ID!) { finding(id: $id) { id title status } }`;
const LIST = `query ($procurementId: ID!, $filter: FindingFilterInput, $page: PageInput) {
  findings(procurementId: $procurementId, filter: $filter, page: $page) { totalCount hasMore items { id title visibility severity status } }
}`;

const fixture = (name: string) => readFileSync(new URL(`./fixtures/evidence/${name}`, import.meta.url));
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface Upload {
  name: string;
  bytes: Buffer;
  field?: string;
}

/** Posts a multipart form as a browser would: one file part (or only a text field when `file` is null). */
async function uploadEvidence(app: TestApp, findingId: string, file: Upload | null, token?: string) {
  const form = new FormData();
  if (file) form.append(file.field ?? 'file', new Blob([file.bytes], { type: 'application/pdf' }), file.name);
  else form.append('comment', 'the file was forgotten');
  const response = await fetch(`${app.url}/findings/${findingId}/evidence`, {
    method: 'POST',
    body: form,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: response.status, body: (await response.json()) as any };
}

async function download(app: TestApp, downloadUrl: string, token?: string) {
  const response = await fetch(`${app.url}${downloadUrl}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes, json: () => JSON.parse(bytes.toString('utf8')) };
}

/** A second monitoring organisation, not engaged on the demo procurement. */
async function unassignedMonitor(app: TestApp, world: DemoWorld): Promise<string> {
  const { createOrganisation } = await app.ok(
    `mutation { createOrganisation(input: { name: "Other Monitors Ltd", kind: MONITOR }) { id } }`,
    {},
    world.tokens.admin,
  );
  await app.ok(
    `mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }`,
    {
      input: {
        email: 'other-monitor@example.org',
        name: 'Other Monitor',
        password: 'long enough password',
        organisationId: createOrganisation.id,
        role: 'MEMBER',
        title: 'Monitor',
      },
    },
    world.tokens.admin,
  );
  return app.login('other-monitor@example.org', 'long enough password');
}

describe('findings', () => {
  let app: TestApp;
  let world: DemoWorld;
  let otherMonitor: string;
  let confidential: { id: string };
  let publicFinding: { id: string };

  const record = (input: Record<string, unknown>, token = world.tokens.monitor) =>
    app.gql(
      RECORD,
      { input: { procurementId: world.procurementId, kind: 'OBSERVATION', severity: 'MEDIUM', title: 'An observation', description: 'Details.', ...input } },
      token,
    );
  const count = async (table: string) => (await app.sql.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n as number;
  const auditActions = async (findingId: string) =>
    (await app.sql.query(`SELECT action, procurement_id FROM audit_entries WHERE subject_id = $1 ORDER BY seq`, [findingId])).rows;

  beforeAll(async () => {
    app = await startTestApp();
    world = await demoWorld(app);
    otherMonitor = await unassignedMonitor(app, world);
    // Public findings are part of the public record, which a procurement joins when its pact is published.
    await app.ok(PUBLISH, { draftId: world.draftId }, world.tokens.authority);
  });
  afterAll(() => app?.close());

  describe('recording', () => {
    it('lets the assigned monitor record a finding, confidential and open, at the current stage', async () => {
      const { data, errors } = await record({ title: 'Tender notice published on a single notice board', severity: 'HIGH', kind: 'NON_COMPLIANCE' });
      expect(errors).toBeUndefined();
      confidential = data.recordFinding;
      expect(data.recordFinding).toMatchObject({
        procurementId: world.procurementId,
        stage: 'PLANNING',
        kind: 'NON_COMPLIANCE',
        severity: 'HIGH',
        visibility: 'CONFIDENTIAL',
        status: 'OPEN',
        monitorId: world.monitorId,
        redFlagId: null,
        publishedInReportId: null,
      });
      const { data: second } = await record({
        title: 'Pre-bid meeting minutes shared with all bidders',
        kind: 'OBSERVATION',
        severity: 'LOW',
        visibility: 'PUBLIC',
        stage: 'PLANNING',
      });
      publicFinding = second.recordFinding;
      expect(publicFinding).toMatchObject({ visibility: 'PUBLIC', status: 'OPEN' });
      expect(await auditActions(confidential.id)).toEqual([{ action: 'finding.recorded', procurement_id: world.procurementId }]);
    });

    it('refuses a stage the procurement has not reached, and invalid input', async () => {
      const notReached = await record({ stage: 'TENDER_OPEN' });
      expect(notReached.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'STAGE_NOT_REACHED', fields: [{ field: 'stage' }] });
      const fields = await record({ title: 'x', description: '' });
      expect((fields.errors?.[0].extensions.fields as { field: string }[]).map((f) => f.field).sort()).toEqual(['description', 'title']);
    });

    it('refuses everyone but the assigned monitor, storing nothing', async () => {
      const before = await count('findings');
      expect((await record({}, otherMonitor)).errors?.[0].extensions.code).toBe('FORBIDDEN');
      expect((await record({}, world.tokens.authority)).errors?.[0].extensions.code).toBe('FORBIDDEN');
      expect((await record({}, world.tokens.implementer)).errors?.[0].extensions.code).toBe('FORBIDDEN');
      expect((await record({}, world.tokens.bidders[0])).errors?.[0].extensions.code).toBe('FORBIDDEN');
      expect(
        (await app.gql(RECORD, { input: { procurementId: world.procurementId, kind: 'OBSERVATION', severity: 'LOW', title: 'Anonymous', description: 'x' } }))
          .errors?.[0].extensions.code,
      ).toBe('UNAUTHENTICATED');
      expect(await count('findings')).toBe(before);
    });
  });

  describe('editing', () => {
    it('lets the monitor edit its finding', async () => {
      const { updateFinding } = await app.ok(
        UPDATE,
        { input: { findingId: confidential.id, severity: 'CRITICAL', description: 'Only the county notice board; no newspaper, no portal.' } },
        world.tokens.monitor,
      );
      expect(updateFinding).toMatchObject({
        severity: 'CRITICAL',
        description: 'Only the county notice board; no newspaper, no portal.',
        title: 'Tender notice published on a single notice board',
      });
      const [, updated] = await auditActions(confidential.id);
      expect(updated.action).toBe('finding.updated');
    });

    it('never lets the authority, the implementer, a bidder or another monitor edit it', async () => {
      const input = { findingId: confidential.id, title: 'Nothing to see here' };
      expect((await app.fails(UPDATE, { input }, world.tokens.authority)).extensions.code).toBe('FORBIDDEN');
      expect((await app.fails(UPDATE, { input }, world.tokens.implementer)).extensions.code).toBe('FORBIDDEN');
      expect((await app.fails(UPDATE, { input }, world.tokens.bidders[0])).extensions.code).toBe('FORBIDDEN');
      expect((await app.fails(UPDATE, { input }, otherMonitor)).extensions.code).toBe('FORBIDDEN');
      expect((await app.fails(UPDATE, { input })).extensions.code).toBe('UNAUTHENTICATED');
      const { rows } = await app.sql.query('SELECT title FROM findings WHERE id = $1', [confidential.id]);
      expect(rows[0].title).toBe('Tender notice published on a single notice board');
    });
  });

  describe('status', () => {
    it('cannot be resolved before the authority answers, nor answered except by a response', async () => {
      const resolve = await app.fails(SET_STATUS, { input: { findingId: confidential.id, status: 'RESOLVED', note: 'closing' } }, world.tokens.monitor);
      expect(resolve.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'FINDING_STATUS_CHANGE_REFUSED', from: 'OPEN', to: 'RESOLVED' });
      expect(resolve.message).toMatch(/ANSWERED \(by the authority's response\) or ESCALATED/);
      const answer = await app.fails(SET_STATUS, { input: { findingId: confidential.id, status: 'ANSWERED' } }, world.tokens.monitor);
      expect(answer.extensions).toMatchObject({ reason: 'FINDING_STATUS_CHANGE_REFUSED', from: 'OPEN', to: 'ANSWERED' });
    });

    it('becomes ANSWERED when the authority responds, and only the authority may', async () => {
      const input = { findingId: confidential.id, body: 'The notice will also run in the Daily Nation and on the public procurement portal.' };
      expect((await app.fails(RESPOND, { input }, world.tokens.monitor)).extensions.code).toBe('FORBIDDEN');
      expect((await app.fails(RESPOND, { input }, world.tokens.implementer)).extensions.code).toBe('FORBIDDEN');
      expect((await app.fails(RESPOND, { input }, world.tokens.bidders[0])).extensions.code).toBe('FORBIDDEN');
      const { respondToFinding } = await app.ok(RESPOND, { input }, world.tokens.authority);
      expect(respondToFinding.status).toBe('ANSWERED');
      expect(respondToFinding.responses).toEqual([{ authorId: expect.any(String), body: input.body }]);
    });

    it('is escalated or resolved by the monitor or implementer, never by the authority', async () => {
      expect((await app.fails(SET_STATUS, { input: { findingId: confidential.id, status: 'RESOLVED' } }, world.tokens.authority)).extensions.code).toBe(
        'FORBIDDEN',
      );
      expect((await app.fails(SET_STATUS, { input: { findingId: confidential.id, status: 'ESCALATED' } }, otherMonitor)).extensions.code).toBe('FORBIDDEN');
      const escalated = await app.ok(
        SET_STATUS,
        { input: { findingId: confidential.id, status: 'ESCALATED', note: 'The portal notice is still missing.' } },
        world.tokens.monitor,
      );
      expect(escalated.setFindingStatus.status).toBe('ESCALATED');
      const again = await app.fails(SET_STATUS, { input: { findingId: confidential.id, status: 'ESCALATED' } }, world.tokens.implementer);
      expect(again.extensions).toMatchObject({ reason: 'FINDING_STATUS_CHANGE_REFUSED', from: 'ESCALATED', to: 'ESCALATED' });
      const answered = await app.ok(RESPOND, { input: { findingId: confidential.id, body: 'Published on the portal today.' } }, world.tokens.authority);
      expect(answered.respondToFinding.status).toBe('ANSWERED');
      expect(answered.respondToFinding.responses).toHaveLength(2);
      const resolved = await app.ok(
        SET_STATUS,
        { input: { findingId: confidential.id, status: 'RESOLVED', note: 'Checked on the portal.' } },
        world.tokens.implementer,
      );
      expect(resolved.setFindingStatus.status).toBe('RESOLVED');
    });

    it('is final once resolved', async () => {
      const respond = await app.fails(RESPOND, { input: { findingId: confidential.id, body: 'One more thing.' } }, world.tokens.authority);
      expect(respond.extensions).toMatchObject({ reason: 'FINDING_STATUS_CHANGE_REFUSED', from: 'RESOLVED', to: 'ANSWERED' });
      const escalate = await app.fails(SET_STATUS, { input: { findingId: confidential.id, status: 'ESCALATED' } }, world.tokens.monitor);
      expect(escalate.extensions).toMatchObject({ reason: 'FINDING_STATUS_CHANGE_REFUSED', from: 'RESOLVED', to: 'ESCALATED' });
      expect(escalate.message).toMatch(/final/);
      const edit = await app.fails(UPDATE, { input: { findingId: confidential.id, title: 'Edited after the fact' } }, world.tokens.monitor);
      expect(edit.extensions).toMatchObject({ code: 'CONFLICT', reason: 'FINDING_RESOLVED' });
    });

    it('leaves every step in the audit trail of the procurement', async () => {
      const steps = await auditActions(confidential.id);
      expect(steps.map((s: { action: string }) => s.action)).toEqual([
        'finding.recorded',
        'finding.updated',
        'finding.answered',
        'finding.status_changed',
        'finding.answered',
        'finding.status_changed',
      ]);
      expect(steps.every((s: { procurement_id: string }) => s.procurement_id === world.procurementId)).toBe(true);
      const { rows } = await app.sql.query(`SELECT data FROM audit_entries WHERE subject_id = $1 AND action = 'finding.status_changed' ORDER BY seq`, [
        confidential.id,
      ]);
      expect(rows.map((r: { data: object }) => r.data)).toEqual([
        { from: 'ANSWERED', to: 'ESCALATED', note: 'The portal notice is still missing.' },
        { from: 'ANSWERED', to: 'RESOLVED', note: 'Checked on the portal.' },
      ]);
    });
  });

  describe('internal notes', () => {
    const SECRET = 'The procurement officer is a cousin of a director of Lodwar Medical Supplies.';
    const NOTES = `query ($id: ID!) { finding(id: $id) { id notes { body } } }`;

    it('pass between the monitor and the implementer', async () => {
      const { addFindingNote } = await app.ok(ADD_NOTE, { input: { findingId: publicFinding.id, body: SECRET } }, world.tokens.monitor);
      expect(addFindingNote).toMatchObject({ findingId: publicFinding.id, body: SECRET });
      await app.ok(ADD_NOTE, { input: { findingId: publicFinding.id, body: 'Noted; raise it with the county integrity officer.' } }, world.tokens.implementer);
      for (const token of [world.tokens.monitor, world.tokens.implementer]) {
        const { finding } = await app.ok(NOTES, { id: publicFinding.id }, token);
        expect(finding.notes.map((n: { body: string }) => n.body)).toEqual([SECRET, 'Noted; raise it with the county integrity officer.']);
      }
    });

    it('are never shown to the authority, bidders, another monitor or the public', async () => {
      for (const [token, code] of [
        [world.tokens.authority, 'FORBIDDEN'],
        [world.tokens.bidders[0], 'FORBIDDEN'],
        [otherMonitor, 'FORBIDDEN'],
        [undefined, 'UNAUTHENTICATED'],
      ] as const) {
        const result = await app.gql(NOTES, { id: publicFinding.id }, token);
        expect(result.errors?.[0].extensions.code).toBe(code);
        expect(result.errors?.[0].path).toEqual(['finding', 'notes']);
        expect(JSON.stringify(result)).not.toContain('cousin');
      }
      const listed = await app.gql(
        `query ($p: ID!) { procurement(id: $p) { findings { items { id notes { body } } } } }`,
        { p: world.procurementId },
        world.tokens.authority,
      );
      expect(listed.errors?.[0].extensions.code).toBe('FORBIDDEN');
      expect(JSON.stringify(listed)).not.toContain('cousin');
    });

    it('cannot be written by the authority, bidders or another monitor', async () => {
      const input = { findingId: publicFinding.id, body: 'Let me in.' };
      expect((await app.fails(ADD_NOTE, { input }, world.tokens.authority)).extensions.code).toBe('FORBIDDEN');
      expect((await app.fails(ADD_NOTE, { input }, world.tokens.bidders[0])).extensions.code).toBe('FORBIDDEN');
      expect((await app.fails(ADD_NOTE, { input }, otherMonitor)).extensions.code).toBe('FORBIDDEN');
    });

    it('leave only their existence, never their text, in the audit trail the authority reads', async () => {
      const { procurement } = await app.ok(
        `query ($p: ID!) { procurement(id: $p) { auditTrail(page: { limit: 200 }) { items { action data } } } }`,
        { p: world.procurementId },
        world.tokens.authority,
      );
      const noteEntries = procurement.auditTrail.items.filter((e: { action: string }) => e.action === 'finding.note_added');
      expect(noteEntries).toHaveLength(2);
      expect(JSON.stringify(procurement.auditTrail)).not.toContain('cousin');
    });
  });

  describe('who sees which findings', () => {
    const ids = (page: { items: { id: string }[] }) => page.items.map((f) => f.id).sort();

    it('shows the authority, the monitor and the implementer every finding of the procurement', async () => {
      for (const token of [world.tokens.authority, world.tokens.monitor, world.tokens.implementer]) {
        const { findings } = await app.ok(LIST, { procurementId: world.procurementId }, token);
        expect(ids(findings)).toEqual([confidential.id, publicFinding.id].sort());
        expect(findings.totalCount).toBe(2);
      }
    });

    it('shows bidders, another monitor and the public only public findings', async () => {
      for (const token of [world.tokens.bidders[0], world.tokens.bidders[2], otherMonitor, undefined]) {
        const { findings } = await app.ok(LIST, { procurementId: world.procurementId }, token);
        expect(findings).toMatchObject({ totalCount: 1, items: [{ id: publicFinding.id, visibility: 'PUBLIC' }] });
        expect(JSON.stringify(findings)).not.toContain('notice board');
      }
    });

    it('refuses a confidential finding by id to bidders and the public, but serves public ones with their answers', async () => {
      expect((await app.fails(GET, { id: confidential.id }, world.tokens.bidders[0])).extensions.code).toBe('FORBIDDEN');
      expect((await app.fails(GET, { id: confidential.id }, otherMonitor)).extensions.code).toBe('FORBIDDEN');
      expect((await app.fails(GET, { id: confidential.id })).extensions.code).toBe('UNAUTHENTICATED');
      await app.ok(RESPOND, { input: { findingId: publicFinding.id, body: 'Minutes are on the notice board and the portal.' } }, world.tokens.authority);
      const { finding } = await app.ok(`query ($id: ID!) { finding(id: $id) { id title status responses { body } } }`, { id: publicFinding.id });
      expect(finding).toEqual({
        id: publicFinding.id,
        title: 'Pre-bid meeting minutes shared with all bidders',
        status: 'ANSWERED',
        responses: [{ body: 'Minutes are on the notice board and the portal.' }],
      });
      expect((await app.ok(GET, { id: confidential.id }, world.tokens.authority)).finding.id).toBe(confidential.id);
    });

    it('filters and pages in the database', async () => {
      const bySeverity = await app.ok(LIST, { procurementId: world.procurementId, filter: { severity: 'CRITICAL' } }, world.tokens.authority);
      expect(ids(bySeverity.findings)).toEqual([confidential.id]);
      const byStatus = await app.ok(
        LIST,
        { procurementId: world.procurementId, filter: { status: 'ANSWERED', stage: 'PLANNING', kind: 'OBSERVATION' } },
        world.tokens.monitor,
      );
      expect(ids(byStatus.findings)).toEqual([publicFinding.id]);
      const confidentialOnly = await app.ok(LIST, { procurementId: world.procurementId, filter: { visibility: 'CONFIDENTIAL' } }, world.tokens.bidders[0]);
      expect(confidentialOnly.findings).toEqual({ totalCount: 0, hasMore: false, items: [] });
      const firstPage = await app.ok(LIST, { procurementId: world.procurementId, page: { limit: 1 } }, world.tokens.authority);
      expect(firstPage.findings).toMatchObject({ totalCount: 2, hasMore: true, items: [{ id: publicFinding.id }] });
      const secondPage = await app.ok(LIST, { procurementId: world.procurementId, page: { limit: 1, offset: 1 } }, world.tokens.authority);
      expect(secondPage.findings).toMatchObject({ totalCount: 2, hasMore: false, items: [{ id: confidential.id }] });
    });

    it('lists them on the procurement too, with the same rules', async () => {
      const query = `query ($p: ID!) { procurement(id: $p) { findings(filter: { kind: OBSERVATION }) { totalCount items { id } } } }`;
      const authority = await app.ok(query, { p: world.procurementId }, world.tokens.authority);
      expect(ids(authority.procurement.findings)).toEqual([publicFinding.id]);
      const bidder = await app.ok(
        `query ($p: ID!) { procurement(id: $p) { findings { totalCount items { id } } } }`,
        { p: world.procurementId },
        world.tokens.bidders[1],
      );
      expect(bidder.procurement.findings).toEqual({ totalCount: 1, items: [{ id: publicFinding.id }] });
    });

    it('answers NOT_FOUND for unknown findings and procurements', async () => {
      const missing = '00000000-0000-4000-8000-000000000000';
      expect((await app.fails(GET, { id: missing }, world.tokens.monitor)).extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'FINDING_NOT_FOUND' });
      expect((await app.fails(LIST, { procurementId: missing }, world.tokens.monitor)).extensions).toMatchObject({
        code: 'NOT_FOUND',
        reason: 'PROCUREMENT_NOT_FOUND',
      });
    });
  });

  describe('evidence', () => {
    let open: { id: string };
    let pdf: { id: string; downloadUrl: string };
    let publicPng: { id: string; downloadUrl: string };

    beforeAll(async () => {
      open = (await record({ title: 'Evaluation committee met without the monitor' })).data.recordFinding;
    });

    it('takes a PDF, a PNG and plain text from the assigned monitor, typed by content and hashed', async () => {
      const minutes = fixture('tender-opening-minutes.pdf');
      const upload = await uploadEvidence(app, open.id, { name: 'tender-opening-minutes.pdf', bytes: minutes }, world.tokens.monitor);
      expect(upload.status).toBe(201);
      expect(upload.body).toEqual({
        id: expect.any(String),
        findingId: open.id,
        fileName: 'tender-opening-minutes.pdf',
        contentType: 'application/pdf',
        sizeBytes: minutes.length,
        sha256: sha256(minutes),
        uploadedBy: expect.any(String),
        uploadedAt: expect.any(String),
        downloadUrl: `/findings/evidence/${upload.body.id}`,
      });
      pdf = upload.body;
      const { rows } = await app.sql.query(
        `SELECT encode(sha256(content), 'hex') AS digest, sha256, octet_length(content) AS size FROM finding_evidence WHERE id = $1`,
        [pdf.id],
      );
      expect(rows[0]).toEqual({ digest: sha256(minutes), sha256: sha256(minutes), size: minutes.length });

      // The name says PDF; the bytes say PNG, and the bytes decide.
      const photo = await uploadEvidence(
        app,
        publicFinding.id,
        { name: 'C:\\Users\\monitor\\site-photo.pdf', bytes: fixture('site-photo.png') },
        world.tokens.monitor,
      );
      expect(photo.status).toBe(201);
      expect(photo.body).toMatchObject({ contentType: 'image/png', fileName: 'site-photo.pdf' });
      publicPng = photo.body;
      const text = await uploadEvidence(
        app,
        open.id,
        { name: "procès-verbal d'entretien (1).txt", bytes: fixture('interview-notes.txt') },
        world.tokens.monitor,
      );
      expect(text.status).toBe(201);
      expect(text.body.contentType).toBe('text/plain; charset=utf-8');
      const named = await download(app, text.body.downloadUrl, world.tokens.monitor);
      expect(named.headers.get('content-disposition')).toBe(
        `attachment; filename="proc_s-verbal d'entretien (1).txt"; filename*=UTF-8''proc%C3%A8s-verbal%20d%27entretien%20%281%29.txt`,
      );
      expect(named.bytes.equals(fixture('interview-notes.txt'))).toBe(true);
    });

    it('lists evidence metadata on the finding', async () => {
      const { finding } = await app.ok(
        `query ($id: ID!) { finding(id: $id) { evidence { id fileName contentType sizeBytes sha256 downloadUrl } } }`,
        { id: open.id },
        world.tokens.authority,
      );
      expect(finding.evidence.map((e: { fileName: string }) => e.fileName)).toEqual(['tender-opening-minutes.pdf', "procès-verbal d'entretien (1).txt"]);
      expect(finding.evidence[0]).toMatchObject({ id: pdf.id, downloadUrl: pdf.downloadUrl, sha256: sha256(fixture('tender-opening-minutes.pdf')) });
    });

    it('refuses bad files with clear errors and stores nothing', async () => {
      const before = await count('finding_evidence');
      const elf = await uploadEvidence(app, open.id, { name: 'invoice.pdf', bytes: fixture('invoice.pdf') }, world.tokens.monitor);
      expect(elf.status).toBe(415);
      expect(elf.body.error).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'EVIDENCE_TYPE_NOT_ALLOWED', detectedType: 'application/x-elf' });
      expect(elf.body.error.message).toMatch(/application\/x-elf \(judged by its content, not its name\)/);
      const html = await uploadEvidence(app, open.id, { name: 'statement.pdf', bytes: fixture('statement.pdf') }, world.tokens.monitor);
      expect(html.status).toBe(415);
      expect(html.body.error).toMatchObject({ reason: 'EVIDENCE_TYPE_NOT_ALLOWED', detectedType: 'text/html' });
      const empty = await uploadEvidence(app, open.id, { name: 'empty.pdf', bytes: Buffer.alloc(0) }, world.tokens.monitor);
      expect(empty).toMatchObject({ status: 400, body: { error: { code: 'BAD_USER_INPUT', reason: 'EVIDENCE_EMPTY' } } });
      const noFile = await uploadEvidence(app, open.id, null, world.tokens.monitor);
      expect(noFile).toMatchObject({ status: 400, body: { error: { code: 'BAD_USER_INPUT', reason: 'EVIDENCE_MISSING' } } });
      const wrongField = await uploadEvidence(
        app,
        open.id,
        { name: 'minutes.pdf', bytes: fixture('tender-opening-minutes.pdf'), field: 'document' },
        world.tokens.monitor,
      );
      expect(wrongField).toMatchObject({ status: 400, body: { error: { reason: 'EVIDENCE_MISSING' } } });
      const json = await fetch(`${app.url}/findings/${open.id}/evidence`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${world.tokens.monitor}` },
        body: JSON.stringify({ file: 'JVBERi0=' }),
      });
      expect(json.status).toBe(400);
      expect(((await json.json()) as any).error.reason).toBe('EVIDENCE_MISSING');
      expect(await count('finding_evidence')).toBe(before);
    });

    it('accepts uploads only from the assigned monitor', async () => {
      const before = await count('finding_evidence');
      const file = { name: 'minutes.pdf', bytes: fixture('tender-opening-minutes.pdf') };
      for (const [token, status, code] of [
        [world.tokens.authority, 403, 'FORBIDDEN'],
        [world.tokens.implementer, 403, 'FORBIDDEN'],
        [world.tokens.bidders[0], 403, 'FORBIDDEN'],
        [otherMonitor, 403, 'FORBIDDEN'],
        [undefined, 401, 'UNAUTHENTICATED'],
      ] as const) {
        const refused = await uploadEvidence(app, open.id, file, token);
        expect(refused.status).toBe(status);
        expect(refused.body.error.code).toBe(code);
      }
      const unknown = await uploadEvidence(app, '00000000-0000-4000-8000-000000000000', file, world.tokens.monitor);
      expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND', reason: 'FINDING_NOT_FOUND' } } });
      const resolved = await uploadEvidence(app, confidential.id, file, world.tokens.monitor);
      expect(resolved).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT', reason: 'FINDING_RESOLVED' } } });
      expect(await count('finding_evidence')).toBe(before);
    });

    it('downloads as an attachment to those who may read the finding', async () => {
      const minutes = fixture('tender-opening-minutes.pdf');
      for (const token of [world.tokens.monitor, world.tokens.implementer, world.tokens.authority]) {
        const file = await download(app, pdf.downloadUrl, token);
        expect(file.status).toBe(200);
        expect(file.headers.get('content-type')).toBe('application/pdf');
        expect(file.headers.get('content-disposition')).toBe(`attachment; filename="tender-opening-minutes.pdf"; filename*=UTF-8''tender-opening-minutes.pdf`);
        expect(file.headers.get('x-content-type-options')).toBe('nosniff');
        expect(file.bytes.equals(minutes)).toBe(true);
        expect(sha256(file.bytes)).toBe(file.headers.get('x-content-sha256'));
      }
    });

    it('refuses confidential evidence to bidders, other monitors and the public, but serves public evidence to all', async () => {
      expect((await download(app, pdf.downloadUrl)).status).toBe(401);
      expect((await download(app, pdf.downloadUrl)).json().error.code).toBe('UNAUTHENTICATED');
      const bidder = await download(app, pdf.downloadUrl, world.tokens.bidders[0]);
      expect(bidder.status).toBe(403);
      expect(bidder.json().error.code).toBe('FORBIDDEN');
      expect((await download(app, pdf.downloadUrl, otherMonitor)).status).toBe(403);
      const photo = await download(app, publicPng.downloadUrl);
      expect(photo.status).toBe(200);
      expect(photo.headers.get('content-type')).toBe('image/png');
      expect(photo.bytes.equals(fixture('site-photo.png'))).toBe(true);
      expect((await download(app, '/findings/evidence/00000000-0000-4000-8000-000000000000', world.tokens.monitor)).json().error).toMatchObject({
        code: 'NOT_FOUND',
      });
    });

    it('records each upload in the audit trail', async () => {
      const { rows } = await app.sql.query(`SELECT data FROM audit_entries WHERE action = 'finding.evidence_added' AND procurement_id = $1 ORDER BY seq`, [
        world.procurementId,
      ]);
      expect(rows.map((r: { data: { fileName: string } }) => r.data.fileName)).toEqual([
        'tender-opening-minutes.pdf',
        'site-photo.pdf',
        "procès-verbal d'entretien (1).txt",
      ]);
      expect(rows[0].data).toMatchObject({ evidenceId: pdf.id, contentType: 'application/pdf', sha256: sha256(fixture('tender-opening-minutes.pdf')) });
    });
  });

  describe('batched loading', () => {
    const VIEW = `{ procurements { items { findings(page: { limit: 200 }) { totalCount items { id responses { body } notes { body } evidence { fileName downloadUrl } } } } } }`;

    it('loads answers, notes and evidence of a whole list in the same number of queries, however long', async () => {
      const before = await countQueries(app, () => app.ok(VIEW, {}, world.tokens.monitor));
      for (let i = 0; i < 4; i++) {
        const { data } = await record({ title: `Batch finding ${i}` });
        await app.ok(RESPOND, { input: { findingId: data.recordFinding.id, body: `Answer ${i}` } }, world.tokens.authority);
        await app.ok(ADD_NOTE, { input: { findingId: data.recordFinding.id, body: `Note ${i}` } }, world.tokens.implementer);
        await uploadEvidence(app, data.recordFinding.id, { name: `evidence-${i}.txt`, bytes: Buffer.from(`Evidence ${i}`) }, world.tokens.monitor);
      }
      const after = await countQueries(app, () => app.ok(VIEW, {}, world.tokens.monitor));
      const [procurement] = after.result.procurements.items;
      expect(procurement.findings.totalCount).toBe(before.result.procurements.items[0].findings.totalCount + 4);
      expect(procurement.findings.items[0].notes).toEqual([{ body: 'Note 3' }]);
      expect(after.queries).toBe(before.queries);
    });
  });

  describe('published in a report', () => {
    it('becomes public and can no longer be edited', async () => {
      const { data } = await record({ title: 'Clarifications answered to one bidder only', severity: 'HIGH' });
      const finding = data.recordFinding;
      expect((await app.fails(GET, { id: finding.id })).extensions.code).toBe('UNAUTHENTICATED');
      // Stands in for the reports module publishing a report that includes the finding.
      const { rows } = await app.sql.query(
        `WITH report AS (
           INSERT INTO monitoring_reports (procurement_id, kind, title, template_key, language, sections, status, created_by)
           SELECT procurement_id, 'PERIODIC', 'Report', 'standard', 'en', '{}', 'PUBLISHED', created_by FROM findings WHERE id = $1 RETURNING *)
         INSERT INTO published_reports (report_id, procurement_id, kind, title, language, content, canonical_content, content_hash, published_by, published_at)
         SELECT id, procurement_id, kind, title, language, '{}', '{}', md5(random()::text) || md5(random()::text), created_by, now() FROM report RETURNING id`,
        [finding.id],
      );
      await app.sql.query('UPDATE findings SET published_in_report_id = $2 WHERE id = $1', [finding.id, rows[0].id]);
      expect((await app.ok(GET, { id: finding.id })).finding.title).toBe('Clarifications answered to one bidder only');
      const { findings } = await app.ok(LIST, { procurementId: world.procurementId }, world.tokens.bidders[0]);
      expect(findings.items.map((f: { id: string }) => f.id)).toContain(finding.id);
      const edit = await app.fails(UPDATE, { input: { findingId: finding.id, severity: 'LOW' } }, world.tokens.monitor);
      expect(edit.extensions).toMatchObject({ code: 'CONFLICT', reason: 'FINDING_PUBLISHED' });
    });
  });
});

describe('evidence size limit', () => {
  let app: TestApp;
  let world: DemoWorld;
  let findingId: string;

  beforeAll(async () => {
    app = await startTestApp({ evidenceMaxBytes: 2048 });
    world = await demoWorld(app);
    const { recordFinding } = await app.ok(
      RECORD,
      { input: { procurementId: world.procurementId, kind: 'OBSERVATION', severity: 'LOW', title: 'Bid register photographed', description: 'See evidence.' } },
      world.tokens.monitor,
    );
    findingId = recordFinding.id;
  });
  afterAll(() => app?.close());

  it('refuses a file over the configured limit with 413 and stores nothing', async () => {
    const big = Buffer.from('Bid register, page 1.\n'.repeat(200));
    expect(big.length).toBeGreaterThan(2048);
    const refused = await uploadEvidence(app, findingId, { name: 'register.txt', bytes: big }, world.tokens.monitor);
    expect(refused.status).toBe(413);
    expect(refused.body.error).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'EVIDENCE_TOO_LARGE', maxBytes: 2048 });
    expect((await app.sql.query('SELECT count(*)::int AS n FROM finding_evidence')).rows[0].n).toBe(0);
    expect((await app.sql.query(`SELECT count(*)::int AS n FROM audit_entries WHERE action = 'finding.evidence_added'`)).rows[0].n).toBe(0);
  });

  it('still takes a file within the limit', async () => {
    const ok = await uploadEvidence(app, findingId, { name: 'minutes.pdf', bytes: fixture('tender-opening-minutes.pdf') }, world.tokens.monitor);
    expect(ok.status).toBe(201);
  });
});
