import { expectAccessible, startWebTest, WEB_SETUP_TIMEOUT, type WebTest, signIn, heading, submit } from './support/browser.js';
import { countQueries } from './support/query-counter.js';
import { DEMO_ACCOUNTS, DEMO_PROCUREMENT_REFERENCE, demoWorld, type DemoWorld } from './support/demo.js';

const AUTHORITY = DEMO_ACCOUNTS.authority;
const REF = DEMO_PROCUREMENT_REFERENCE;
const FINDING_TITLE = 'Evaluation committee not yet appointed in writing';

/** The contracting authority's journey in the browser (issue 12, item 1), JavaScript off unless said. */
describe("the contracting authority's workspace", () => {
  let web: WebTest;
  let world: DemoWorld;
  let firstClause: { key: string; heading: string };

  beforeAll(async () => {
    web = await startWebTest();
    world = await demoWorld(web.app);
    const { pactDraft } = await web.app.ok(
      `query ($id: ID!) { pactDraft(id: $id) { clauses { key heading } } }`,
      { id: world.draftId },
      world.tokens.authority,
    );
    firstClause = pactDraft.clauses[0];
    // What the monitor leaves for the authority besides its comment (the first test): a finding.
    await web.app.ok(
      `mutation ($input: RecordFindingInput!) { recordFinding(input: $input) { id } }`,
      {
        input: {
          procurementId: world.procurementId,
          kind: 'OBSERVATION',
          severity: 'MEDIUM',
          title: FINDING_TITLE,
          description: 'The tender committee members are named in an email only.',
        },
      },
      world.tokens.monitor,
    );
  }, WEB_SETUP_TIMEOUT);
  afterAll(() => web?.close());

  it("lets the monitor read the draft from its home and comment on a clause, without the authority's controls", async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, DEMO_ACCOUNTS.monitor);
    await page.getByRole('link', { name: `The pact and its comments ${REF}` }).click();
    expect(await heading(page)).toBe('Integrity Pact');
    await page.getByRole('heading', { name: firstClause.heading }).waitFor();
    for (const control of ['Publish the draft', 'Start the draft']) expect(await page.getByRole('button', { name: control }).count()).toBe(0);
    expect(await page.getByRole('link', { name: /^Edit this clause/ }).count()).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Pages of this procurement' }).count()).toBe(0);

    await page.getByLabel('About').selectOption({ label: firstClause.heading });
    expect(await submit(page, 'Send')).toBe(400);
    await page.getByLabel('Your comment').fill('Please name the complaints channel in this clause.');
    expect(await submit(page, 'Send')).toBe(303);
    await page.getByText('Please name the complaints channel in this clause.').waitFor();
    // Editing stays the authority's, whatever the monitor types in the address bar.
    expect((await page.goto(`/workspace/procurements/${world.procurementId}/pact/clauses/${firstClause.key}`))!.status()).toBe(403);
  });

  it('shows on the home what waits: the draft, the comment, the finding and the next stage', async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, AUTHORITY);
    expect(await heading(page)).toBe('Your workspace');
    const section = page.getByRole('table', { name: 'Your procurements' });
    await section.getByRole('link', { name: `Pact draft to finish and publish ${REF}` }).waitFor();
    await section.getByRole('link', { name: `Comments to answer: 1 ${REF}` }).waitFor();
    await section.getByRole('link', { name: `Findings awaiting your response: 1 ${REF}` }).waitFor();
    await section.getByRole('link', { name: `Move to the next stage: Tender preparation ${REF}` }).waitFor();
  });

  it('advances a stage, and shows plainly the gate that refuses the next one', async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, AUTHORITY);
    await page.getByRole('link', { name: `Move to the next stage: Tender preparation ${REF}` }).click();
    await page.getByLabel('Note for the stage history (optional)').fill('Tender documents drafted');
    expect(await submit(page, 'Move to Tender preparation')).toBe(303);
    await page.getByText('The procurement is now at: Tender preparation').waitFor();

    await page.getByText('publish the Integrity Pact before the tender opens.').waitFor();
    expect(await submit(page, 'Move to Tender open')).toBe(400);
    await page.getByRole('alert').getByRole('link', { name: 'The procurement cannot move on yet: see what stops it above' }).waitFor();
    const { procurement } = await web.app.ok(`query ($id: ID!) { procurement(id: $id) { stage } }`, { id: world.procurementId }, world.tokens.authority);
    expect(procurement.stage).toBe('TENDER_PREPARATION');
  }, 120_000);

  it('edits a clause (bad input re-shown beside the field), answers the comment, publishes, signs, compares with an amendment', async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, AUTHORITY);
    await page.getByRole('link', { name: `Pact draft to finish and publish ${REF}` }).click();
    expect(await heading(page)).toBe('Integrity Pact');

    await page.getByRole('link', { name: `Edit this clause ${firstClause.heading}` }).click();
    await page.getByLabel('Text', { exact: true }).fill('');
    expect(await submit(page, 'Save the clause')).toBe(400);
    await page.getByRole('alert').getByRole('link', { name: 'Enter the clause’s text' }).waitFor();
    await page.getByText('Error: Enter the clause’s text').waitFor();
    expect(await page.getByLabel('Heading').inputValue()).toBe(firstClause.heading);
    await page.getByLabel('Text', { exact: true }).fill('Complaints go to the county complaints desk or to the platform.');
    expect(await submit(page, 'Save the clause')).toBe(303);
    await page.getByText('Complaints go to the county complaints desk or to the platform.').waitFor();

    await page.getByText('To answer', { exact: true }).waitFor();
    await page.getByRole('link', { name: /^Answer Please name the complaints channel/ }).click();
    expect(await page.getByLabel('About').inputValue()).toBe(firstClause.key);
    await page.getByLabel('Your answer or comment').fill('Done: the clause now names the complaints desk.');
    expect(await submit(page, 'Send')).toBe(303);
    await page.getByText('Done: the clause now names the complaints desk.').waitFor();
    expect(await page.getByText('To answer', { exact: true }).count()).toBe(0);

    expect(await submit(page, 'Publish the draft')).toBe(303);
    await page.getByText('Version 1', { exact: true }).waitFor();
    await page.getByRole('link', { name: 'Sign version 1 for the authority' }).click();
    expect(await submit(page, 'Sign for the authority')).toBe(400);
    await page.getByText('Error: Tick the box to confirm that you bind the authority to this pact').waitFor();
    await page.getByLabel(/I have read version 1 of this pact/).check();
    expect(await submit(page, 'Sign for the authority')).toBe(303);
    await page.getByRole('heading', { name: 'Signed for the authority' }).waitFor();

    await page.getByRole('link', { name: 'Back to the pact' }).click();
    await page.getByRole('link', { name: 'Stage', exact: true }).click();
    expect(await submit(page, 'Move to Tender open')).toBe(303);
    await page.getByText('The procurement is now at: Tender open').waitFor();

    await page.getByRole('link', { name: 'Integrity Pact', exact: true }).click();
    expect(await submit(page, 'Start an amendment')).toBe(303);
    await page.getByRole('link', { name: 'Compare version 1 with the draft' }).click();
    expect(await heading(page)).toBe('Compare two texts of the pact');
    const table = page.getByRole('table', { name: 'Version 1 and Draft, clause by clause' });
    expect(await table.getByText('Unchanged').count()).toBeGreaterThan(0);
  }, 120_000);

  it('answers a finding, the empty answer refused beside the field', async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, AUTHORITY);
    await page.getByRole('link', { name: `Findings awaiting your response: 1 ${REF}` }).click();
    await page.getByRole('link', { name: `Read and answer ${FINDING_TITLE}` }).click();
    expect(await submit(page, 'Send the answer')).toBe(400);
    await page.getByText('Error: Write your answer (at most 20,000 characters)').waitFor();
    await page.getByLabel('Your answer to the monitor').fill('The appointment letters were signed on 3 December.');
    expect(await submit(page, 'Send the answer')).toBe(303);
    await page.getByText('The appointment letters were signed on 3 December.').waitFor();
    await page.goto('/workspace');
    expect(await page.getByRole('link', { name: /Findings awaiting your response/ }).count()).toBe(0);
  }, 120_000);

  it('records bids (bad input re-shown), a disqualification, the award, the contract and an amendment', async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, AUTHORITY);
    await page.goto(`/workspace/procurements/${world.procurementId}`);
    await page.getByRole('link', { name: 'Bids, award and contract' }).click();
    expect(await heading(page)).toBe('Bids, award and contract');

    await page.getByLabel('Bidder', { exact: true }).selectOption({ label: 'Lodwar Medical Supplies Ltd' });
    await page.getByLabel('Amount of the bid').fill('about 47 million');
    await page.getByLabel('Date received').fill('2026-12-01');
    expect(await submit(page, 'Record the bid')).toBe(400);
    await page.getByText('Error: Enter an amount with at most 2 decimals, such as 1250000.00').waitFor();
    expect(await page.getByLabel('Amount of the bid').inputValue()).toBe('about 47 million');
    await page.getByLabel('Amount of the bid').fill('47000000.00');
    expect(await submit(page, 'Record the bid')).toBe(303);
    await page.getByText('Lodwar Medical Supplies Ltd: KES 47000000.00').waitFor();

    await page.getByLabel('Bidder', { exact: true }).selectOption({ label: 'Rift Valley Pharma Distributors' });
    await page.getByLabel('Amount of the bid').fill('52500000.00');
    await page.getByLabel('Date received').fill('2026-12-02');
    expect(await submit(page, 'Record the bid')).toBe(303);
    await page.getByLabel('Bid', { exact: true }).selectOption({ label: 'Rift Valley Pharma Distributors — KES 52500000.00' });
    await page.getByLabel('Reason, as the evaluation report states it').fill('Tax compliance certificate expired');
    expect(await submit(page, 'Disqualify the bid')).toBe(303);
    await page.getByText('Tax compliance certificate expired').waitFor();

    await page.getByLabel('Bidder awarded the contract').selectOption({ label: 'Lodwar Medical Supplies Ltd' });
    await page.getByLabel('Amount awarded').fill('47000000.00');
    await page.getByLabel('Date of the award').fill('2026-12-10');
    expect(await submit(page, 'Record the award')).toBe(303);
    await page.getByLabel('Contract value', { exact: true }).fill('47000000.00');
    await page.getByLabel('Signed on').fill('2026-12-15');
    expect(await submit(page, 'Record the contract')).toBe(303);
    await page.getByLabel('What the amendment changes and why').fill('Delivery to two more health facilities');
    await page.getByLabel('Contract value after the amendment').fill('48200000.00');
    await page.getByLabel('Date of the amendment').fill('2026-12-20');
    expect(await submit(page, 'Record the amendment')).toBe(303);
    await page.getByText('Delivery to two more health facilities').waitFor();
    const { rows } = await web.app.sql.query(`SELECT count(*)::int AS n FROM bids WHERE procurement_id = $1`, [world.procurementId]);
    expect(rows[0].n).toBe(2);
  }, 120_000);

  it('creates a procurement (errors beside the fields, values kept), invites a bidder, assigns the monitor, starts the pact in French', async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, AUTHORITY);
    await page.getByRole('button', { name: 'Create a procurement' }).click();
    await page.getByLabel('Tender reference').fill('bad reference!');
    await page.getByLabel('Title').fill('ab');
    await page.getByLabel('Currency').fill('KES');
    expect(await submit(page, 'Create the procurement')).toBe(400);
    await page.getByText('Error: Enter a reference of 2 to 80 letters, digits, dots, dashes, slashes or underscores').waitFor();
    await page.getByText('Error: Enter a title of 3 to 300 characters').waitFor();
    expect(await page.getByLabel('Tender reference').inputValue()).toBe('bad reference!');
    expect(await page.getByLabel('Currency').inputValue()).toBe('KES');

    await page.getByLabel('Tender reference').fill('TCG/HLTH/2026/020');
    await page.getByLabel('Title').fill('Supply of laboratory reagents');
    await page.getByLabel('Estimated value').fill('3200000.00');
    expect(await submit(page, 'Create the procurement')).toBe(303);
    expect(await heading(page)).toBe('Procurement');
    await page.getByText('No bidder takes part yet.').waitFor();
    await page.getByRole('link', { name: 'Edit the details' }).click();
    expect(await page.getByLabel('Estimated value').inputValue()).toBe('3200000.00');
    await page.getByLabel('Title').fill('Supply of laboratory reagents and consumables');
    expect(await submit(page, 'Save the details')).toBe(303);
    await page.getByText('Supply of laboratory reagents and consumables').waitFor();

    await page.getByLabel('Invite a bidder').selectOption({ label: 'Kakuma Health Logistics' });
    expect(await submit(page, 'Invite')).toBe(303);
    await page.getByRole('listitem').filter({ hasText: 'Kakuma Health Logistics' }).waitFor();
    await page.getByText('No monitor is assigned yet.').waitFor();
    await page.getByLabel('Assign the monitor').selectOption({ label: 'Independent Procurement Monitors Ltd' });
    expect(await submit(page, 'Assign')).toBe(303);
    await page.getByText('Monitored by Independent Procurement Monitors Ltd').waitFor();

    await page.getByRole('link', { name: 'Integrity Pact', exact: true }).click();
    await page.getByLabel('Pacte d’intégrité standard (French)').check();
    expect(await submit(page, 'Start the draft')).toBe(303);
    expect(await page.locator('div[lang="fr"]').count()).toBe(1);
  }, 120_000);

  it('records a double-submitted form once', async () => {
    const { page } = await web.visit();
    await signIn(page, AUTHORITY);
    await page.goto('/workspace/procurements/new');
    const hidden = (name: string) => page.getByRole('main').locator(`input[name="${name}"]`).inputValue();
    const form = {
      _csrf: await hidden('_csrf'),
      authorityId: await hidden('authorityId'),
      reference: 'TCG/WKS/2026/031',
      title: 'Road maintenance, Lodwar town',
    };
    const send = () => page.request.post('/workspace/procurements/new', { form, maxRedirects: 0 });
    const [first, second] = [await send(), await send()];
    expect(first.status()).toBe(303);
    expect(second.status()).toBe(409);
    const { rows } = await web.app.sql.query(`SELECT count(*)::int AS n FROM procurements WHERE reference = $1`, ['TCG/WKS/2026/031']);
    expect(rows[0].n).toBe(1);
  });

  it('answers "not allowed" when a bidder opens the authority\'s procurement pages by address', async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, DEMO_ACCOUNTS.bidders[0]);
    for (const path of [
      `/workspace/procurements/${world.procurementId}/edit`,
      `/workspace/procurements/${world.procurementId}`,
      `/workspace/procurements/${world.procurementId}/pact`,
      `/workspace/procurements/${world.procurementId}/tendering`,
      '/workspace/procurements/new',
    ]) {
      expect((await page.goto(path))!.status()).toBe(403);
      expect(await heading(page)).toBe('You are not allowed to see this page');
    }
    expect(await page.getByRole('table', { name: 'Your procurements' }).count()).toBe(0);
  });

  it("keeps the authority's home to a fixed number of SQL statements, however many procurements it has", async () => {
    const { page } = await web.visit({ javaScript: false });
    await signIn(page, AUTHORITY);
    const cookie = (await page.context().cookies()).find((c) => c.name === 'pactwatch-session')!;
    const home = () => fetch(`${web.app.url}/workspace`, { headers: { cookie: `pactwatch-session=${cookie.value}` } });
    const before = await countQueries(web.app, home);
    for (const n of [41, 42, 43]) {
      await web.app.ok(
        `mutation ($input: CreateProcurementInput!) { createProcurement(input: $input) { id } }`,
        { input: { reference: `TCG/EDU/2026/${n}`, title: `School desks, lot ${n}`, authorityId: world.authorityId } },
        world.tokens.authority,
      );
    }
    const after = await countQueries(web.app, home);
    expect(after.result.status).toBe(200);
    expect(after.queries).toBe(before.queries);
    // The session, the user, the bidder's pacts to sign (the authority's administrator may sign), the authority's section (and a touch of the session).
    expect(after.queries).toBeLessThanOrEqual(5);
  });

  it.each(['en', 'ar'])(
    'has no serious accessibility problem on its pages in %s',
    async (lang) => {
      const { page } = await web.visit();
      await signIn(page, AUTHORITY);
      await page.goto(`/workspace?lang=${lang}`);
      const { procurement } = await web.app.ok(
        `query ($id: ID!) { procurement(id: $id) { pact { versions { id } } } }`,
        { id: world.procurementId },
        world.tokens.authority,
      );
      const base = `/workspace/procurements/${world.procurementId}`;
      const { rows } = await web.app.sql.query(`SELECT id FROM findings WHERE procurement_id = $1 LIMIT 1`, [world.procurementId]);
      for (const path of [
        '/workspace',
        '/workspace/procurements',
        '/workspace/procurements/new',
        base,
        `${base}/edit`,
        `${base}/stage`,
        `${base}/pact`,
        `${base}/pact/clauses/${firstClause.key}`,
        `${base}/pact/compare?from=${procurement.pact.versions[0].id}&to=draft`,
        `${base}/answers`,
        `${base}/tendering`,
        `${base}/answers/${rows[0].id}`,
        `/workspace/pact-versions/${procurement.pact.versions[0].id}/authority-signature`,
      ]) {
        const response = await page.goto(path);
        expect({ path, status: response!.status() }).toEqual({ path, status: 200 });
        expect(await page.locator('html').getAttribute('dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
        await expectAccessible(page);
      }
    },
    WEB_SETUP_TIMEOUT,
  );
});
