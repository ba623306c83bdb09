import { randomBytes } from 'node:crypto';
import { newSigningKey } from '../src/config/secrets.js';
import { autocannon, graphqlRequest, openDatabase, spawnServer } from './load-servers.js';
const dataDir = '/tmp/pactwatch-bench-profile';
const database = await openDatabase(dataDir, 'profile_bench');
const env = { NODE_ENV: 'production', DATABASE_URL: database.url, PACTWATCH_DATA_DIR: dataDir, SIGNING_KEY: newSigningKey(), TOKEN_SECRET: randomBytes(32).toString('base64url'),
  CONTACT_ENCRYPTION_KEY: randomBytes(32).toString('base64'), RUN_MIGRATIONS: 'true', SEED_DEMO_DATA: 'true', NOTIFICATION_WORKER: 'false', ANONYMOUS_COST_PER_MINUTE: '100000000' };
const seed = await spawnServer('seed', ['dist/src/main.js'], env); await seed.stop();
const app = await spawnServer('pactwatch', ['--cpu-prof', '--cpu-prof-dir=/tmp/prof', 'dist/src/main.js'], env);
const q = `query ($reference: String!) { caseFile(reference: $reference) { reference title stage authority { name } stageHistory { fromStage toStage occurredAt note } pact { versions { number contentHash publishedAt signatures { organisationName party signerName signedAt } } } findings { title severity status createdAt responses { body createdAt } } } }`;
const r = graphqlRequest(app.port, q, { reference: 'TCG/WTR/2026/003' });
const res = await autocannon({ ...r, connections: 20, duration: Number(process.argv[2] ?? 10) });
console.log(res['2xx'] / res.duration, 'rps p99', res.latency.p99, 'non2xx', res.non2xx);
if (process.argv[3] === 'page') { const p = await autocannon({ url: `http://127.0.0.1:${app.port}/procurements/TCG/WTR/2026/003`, method: 'GET', connections: 20, duration: 5 }); console.log('page', p['2xx']/p.duration); }
await app.stop(); await database.server.stop();
