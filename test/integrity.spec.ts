import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import { ENTITIES } from '../src/entities.js';
import { PUBLISH, SIGN, demoWorld, type DemoWorld } from './support/demo.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { SIGNING_KEY_ENV } from './support/test-database.js';

const run = promisify(execFile);

/** Nothing signed or published changes in place — not through the API, not through SQL. */
describe('integrity of the record', () => {
  let app: TestApp;
  let world: DemoWorld;
  let versionId: string;
  let signatureId: string;

  beforeAll(async () => {
    app = await startTestApp();
    world = await demoWorld(app);
    const { publishPactDraft } = await app.ok(PUBLISH, { draftId: world.draftId }, world.tokens.authority);
    versionId = publishPactDraft.id;
    const { signPact } = await app.ok(SIGN, { input: { pactVersionId: versionId, organisationId: world.authorityId, consent: true } }, world.tokens.authority);
    signatureId = signPact.id;
  });
  afterAll(() => app?.close());

  it.each([
    ['pact_versions', `UPDATE pact_versions SET title = 'Rewritten' WHERE id = $1`, () => versionId],
    ['pact_versions', `DELETE FROM pact_versions WHERE id = $1`, () => versionId],
    ['signatures', `UPDATE signatures SET signer_name = 'Someone Else' WHERE id = $1`, () => signatureId],
    ['signatures', `DELETE FROM signatures WHERE id = $1`, () => signatureId],
    ['audit_entries', `UPDATE audit_entries SET action = 'nothing.happened' WHERE seq = $1`, () => '1'],
    ['audit_entries', `DELETE FROM audit_entries WHERE seq = $1`, () => '1'],
  ])('the database refuses a direct %s change: %s', async (table, statement, id) => {
    await expect(app.sql.query(statement, [id()])).rejects.toThrow(new RegExp(`${table} is insert-only`));
  });

  it('refuses TRUNCATE of the audit log and any change to a published draft', async () => {
    await expect(app.sql.query('TRUNCATE audit_entries CASCADE')).rejects.toThrow(/insert-only/);
    await expect(app.sql.query(`UPDATE pact_drafts SET title = 'Sneaky' WHERE id = $1`, [world.draftId])).rejects.toThrow(
      /is published and can no longer change/,
    );
  });

  it('refuses rewriting answers, internal notes and stage decisions, and deleting findings', async () => {
    await app.ok(
      `mutation ($input: AdvanceStageInput!) { advanceStage(input: $input) { stage } }`,
      { input: { procurementId: world.procurementId, toStage: 'TENDER_PREPARATION' } },
      world.tokens.authority,
    );
    const { recordFinding } = await app.ok(
      `mutation ($input: RecordFindingInput!) { recordFinding(input: $input) { id } }`,
      {
        input: {
          procurementId: world.procurementId,
          kind: 'OBSERVATION',
          severity: 'LOW',
          title: 'Notice board checked',
          description: 'The notice was posted on time.',
        },
      },
      world.tokens.monitor,
    );
    await app.ok(
      `mutation ($input: RespondToFindingInput!) { respondToFinding(input: $input) { id } }`,
      { input: { findingId: recordFinding.id, body: 'Noted, thank you.' } },
      world.tokens.authority,
    );
    await app.ok(
      `mutation ($input: AddFindingNoteInput!) { addFindingNote(input: $input) { id } }`,
      { input: { findingId: recordFinding.id, body: 'Follow up next week.' } },
      world.tokens.monitor,
    );
    await app.ok(
      `mutation ($input: SignOffStageInput!) { signOffStage(input: $input) { id } }`,
      { input: { procurementId: world.procurementId, stage: 'TENDER_PREPARATION', decision: 'OBJECTED', reason: 'Specifications favour one brand.' } },
      world.tokens.monitor,
    );
    for (const [statement, refusal] of [
      [`UPDATE finding_responses SET body = 'We never said that'`, /finding_responses is insert-only/],
      [`DELETE FROM finding_notes`, /finding_notes is insert-only/],
      [`UPDATE stage_sign_offs SET decision = 'SIGNED_OFF', reason = ''`, /is a decision on record/],
      [`DELETE FROM stage_sign_offs`, /is a decision on record/],
      [`DELETE FROM findings`, /findings is insert-only/],
    ] as const) {
      await expect(app.sql.query(statement)).rejects.toThrow(refusal);
    }
  });

  it('detects a signature record altered behind the triggers', async () => {
    const client = await app.sql.connect();
    try {
      // Only a superuser can switch triggers off: this is what tampering would take.
      await client.query(`SET session_replication_role = replica`);
      await client.query(`UPDATE signatures SET signer_title = 'Governor' WHERE id = $1`, [signatureId]);
      await client.query(`SET session_replication_role = DEFAULT`);
    } finally {
      client.release();
    }
    const { verifySignature } = await app.ok(`query ($id: ID!) { verifySignature(id: $id) { valid checks { name passed } } }`, { id: signatureId });
    expect(verifySignature.valid).toBe(false);
    expect(verifySignature.checks).toEqual([
      { name: 'platform-signature', passed: true },
      { name: 'payload-matches-record', passed: false },
      { name: 'version-hash', passed: true },
    ]);
  });

  // Two runs of a process that compiles the command-line tools from source: slow on a busy machine.
  it('audit:verify passes on an intact chain and names the first entry a tamperer rewrote', async () => {
    const databaseUrl = await databaseUrlOf(app);
    const verify = () =>
      run(process.execPath, ['--import', '@swc-node/register/esm-register', 'src/cli.ts', 'audit:verify'], {
        // The tree is checked against signed checkpoints, so the command needs the platform's key.
        env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: databaseUrl, SIGNING_KEY: process.env[SIGNING_KEY_ENV] },
      });
    const intact = await verify();
    expect(intact.stdout).toMatch(/audit chain intact: \d+ entries verified/);

    const client = await app.sql.connect();
    try {
      await client.query(`SET session_replication_role = replica`);
      await client.query(`UPDATE audit_entries SET data = data || '{"note": "rewritten"}' WHERE seq = 5`);
      await client.query(`SET session_replication_role = DEFAULT`);
    } finally {
      client.release();
    }
    const broken = await verify().then(
      () => null,
      (error: { code: number; stdout: string }) => error,
    );
    expect(broken?.code).toBe(1);
    expect(broken?.stdout).toMatch(/BROKEN at entry 5: content does not match its hash/);
  }, 180_000);

  it('keeps the migrations and the entities in step', async () => {
    const db = new DataSource(dataSourceOptions(await databaseUrlOf(app), ENTITIES));
    await db.initialize();
    try {
      const pending = await db.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await db.destroy();
    }
  });
});

async function databaseUrlOf(app: TestApp): Promise<string> {
  const { rows } = await app.sql.query('SELECT current_database() AS name');
  const url = new URL(process.env.PACTWATCH_TEST_SERVER_URL!);
  url.pathname = `/${rows[0].name}`;
  return url.toString();
}
