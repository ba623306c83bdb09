import { demoWorld, type DemoWorld } from './support/demo.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Bad input gets a typed error naming the field and the reason; nothing half-done is stored. */
describe('errors and bad input', () => {
  let app: TestApp;
  let world: DemoWorld;

  const CREATE = `mutation ($input: CreateProcurementInput!) { createProcurement(input: $input) { id } }`;

  beforeAll(async () => {
    app = await startTestApp();
    world = await demoWorld(app);
  });
  afterAll(() => app?.close());

  it('names every invalid field and why', async () => {
    const error = await app.fails(
      CREATE,
      { input: { reference: '!', title: 'x', authorityId: 'not-a-uuid', currency: 'shillings', estimatedValue: '-5' } },
      world.tokens.authority,
    );
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    const fields = (error.extensions.fields as { field: string; messages: string[] }[]).map((f) => f.field).sort();
    expect(fields).toEqual(['authorityId', 'currency', 'estimatedValue', 'reference', 'title']);
    expect(error.message).toMatch(/currency must be an ISO 4217 code/);
    expect(JSON.stringify(error)).not.toMatch(/stacktrace|at \w+ \(/);
  });

  it('validates nested clause input by path', async () => {
    const error = await app.fails(
      `mutation ($input: UpdatePactDraftInput!) { updatePactDraft(input: $input) { id } }`,
      {
        input: {
          draftId: world.draftId,
          clauses: [
            { key: 'ok', heading: 'Fine', body: 'Fine' },
            { key: 'Bad Key', heading: '', body: 'x' },
          ],
        },
      },
      world.tokens.authority,
    );
    const fields = (error.extensions.fields as { field: string }[]).map((f) => f.field).sort();
    expect(fields).toEqual(['clauses.1.heading', 'clauses.1.key']);
  });

  it('refuses a tender period that ends before it starts, and a duplicate reference', async () => {
    const reversed = await app.fails(
      CREATE,
      {
        input: {
          reference: 'TCG/1',
          title: 'Reversed dates',
          authorityId: world.authorityId,
          tenderPeriodStart: '2027-02-01T00:00:00Z',
          tenderPeriodEnd: '2027-01-01T00:00:00Z',
        },
      },
      world.tokens.authority,
    );
    expect(reversed.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'tenderPeriodEnd' }] });
    const duplicate = await app.fails(
      CREATE,
      { input: { reference: 'TCG/HLTH/2026/014', title: 'Copy', authorityId: world.authorityId } },
      world.tokens.authority,
    );
    expect(duplicate.extensions).toMatchObject({ code: 'CONFLICT', reason: 'REFERENCE_TAKEN' });
    const { rows } = await app.sql.query(`SELECT count(*)::int AS n FROM procurements`);
    expect(rows[0].n).toBe(1);
  });

  it('answers NOT_FOUND for unknown ids and refuses the wrong kind of organisation', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await app.fails(`query ($id: ID!) { procurement(id: $id) { id } }`, { id: missing }, world.tokens.authority)).extensions).toMatchObject({
      code: 'NOT_FOUND',
      reason: 'PROCUREMENT_NOT_FOUND',
    });
    expect((await app.fails(`query ($id: ID!) { pactVersion(id: $id) { id } }`, { id: missing })).extensions.code).toBe('NOT_FOUND');
    const wrongKind = await app.fails(
      `mutation ($input: AddBidderInput!) { addBidder(input: $input) { bidderId } }`,
      { input: { procurementId: world.procurementId, bidderId: world.monitorId } },
      world.tokens.authority,
    );
    expect(wrongKind.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'WRONG_ORGANISATION_KIND', fields: [{ field: 'bidderId' }] });
  });

  it('answers a variable of the wrong type with BAD_USER_INPUT', async () => {
    const error = await app.fails(
      `query ($f: ProcurementFilterInput) { procurements(filter: $f) { totalCount } }`,
      { f: { stage: 'NOPE' } },
      world.tokens.authority,
    );
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.message).toMatch(/NOPE/);
  });

  it('refuses a signature without explicit consent', async () => {
    const error = await app.fails(
      `mutation ($input: SignPactInput!) { signPact(input: $input) { id } }`,
      { input: { pactVersionId: world.draftId, organisationId: world.authorityId, consent: false } },
      world.tokens.authority,
    );
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'consent' }] });
  });

  it('refuses wrong credentials and bad tokens as UNAUTHENTICATED', async () => {
    const wrong = await app.fails(`mutation { login(input: { email: "authority@pactwatch.demo", password: "nope" }) { token } }`);
    expect(wrong.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'WRONG_CREDENTIALS' });
    const unknown = await app.fails(`mutation { login(input: { email: "nobody@pactwatch.demo", password: "nope" }) { token } }`);
    expect(unknown.message).toBe(wrong.message);
    expect((await app.fails('{ me { id } }', {}, 'not.a.token')).extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'INVALID_TOKEN' });
  });

  it('rate limits login attempts', async () => {
    const attempt = () => app.gql(`mutation { login(input: { email: "monitor@pactwatch.demo", password: "guess" }) { token } }`);
    const codes: string[] = [];
    // LOGIN_FAILURES_PER_ADDRESS (20) is spent first: one address, one account. The tests above
    // failed from the same address, so its count starts afresh here.
    await app.sql.query(`DELETE FROM rate_limits WHERE key LIKE 'login-%'`);
    for (let i = 0; i < 22; i++) codes.push((await attempt()).errors![0].extensions.code);
    expect(codes.slice(0, 20).every((c) => c === 'UNAUTHENTICATED')).toBe(true);
    expect(codes.slice(20)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
  });

  it('limits query depth', async () => {
    const strict = await startTestApp({ graphqlMaxDepth: 4 });
    try {
      const token = await strict.login('authority@pactwatch.demo');
      expect((await strict.gql('{ procurements { items { authority { name } } } }', {}, token)).errors).toBeUndefined();
      const deep = await strict.gql('{ procurements { items { pact { currentVersion { id } } } } }', {}, token);
      expect(deep.errors?.[0].message).toMatch(/depth limit of 4 exceeded/);
      expect(deep.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    } finally {
      await strict.close();
    }
  });

  it('turns introspection and the sandbox off in production mode', async () => {
    const introspect = '{ __schema { queryType { name } } }';
    expect((await app.ok(introspect)).__schema.queryType.name).toBe('Query');
    const sandbox = await fetch(`${app.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(await sandbox.text()).toMatch(/sandbox/i);

    const production = await startTestApp({ mode: 'production' });
    try {
      const refused = await production.gql(introspect);
      expect(refused.errors?.[0].message).toMatch(/introspection is not allowed/i);
      const page = await fetch(`${production.url}/graphql`, { headers: { accept: 'text/html' } });
      expect(await page.text()).not.toMatch(/sandbox/i);
    } finally {
      await production.close();
    }
  });

  it('answers a broken multipart upload with 400, not a 500', async () => {
    for (const body of ['--x\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4 cut', 'no boundary at all']) {
      for (const contentType of ['multipart/form-data; boundary=x', 'multipart/form-data']) {
        const response = await fetch(`${app.url}/verify-document`, { method: 'POST', headers: { 'content-type': contentType }, body });
        expect(response.status).toBe(400);
      }
    }
  });

  it('keeps CSRF prevention on: a simple cross-site GET is refused', async () => {
    const response = await fetch(`${app.url}/graphql?query=${encodeURIComponent('{ pactTemplates { key } }')}`);
    expect(response.status).toBe(400);
  });
});
