import pg from 'pg';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { withDatabase } from '../src/database/database-server.js';
const server = await startEmbeddedPostgres('/tmp/pactwatch-bench-website', () => undefined);
const c = new pg.Client({ connectionString: withDatabase(server.serverUrl, 'pactwatch_website_bench') });
await c.connect();
const vis = `EXISTS (SELECT 1 FROM pacts pa JOIN pact_versions pv ON pv.pact_id = pa.id WHERE pa.procurement_id = p.id)`;
for (const q of [
  `SELECT coalesce(json_agg(json_build_object('reference', p.reference, 'title', p.title) ORDER BY p.created_at DESC, p.id), '[]'::json) AS items, (SELECT count(*)::int FROM procurements p WHERE ${vis} AND ${vis}) AS total FROM (SELECT p.* FROM procurements p WHERE ${vis} AND ${vis} ORDER BY p.created_at DESC, p.id LIMIT 20 OFFSET 0) p`,
  `SELECT (SELECT coalesce(json_agg(DISTINCT p.sector ORDER BY p.sector), '[]'::json) FROM procurements p WHERE ${vis} AND p.sector IS NOT NULL) AS sectors, (SELECT coalesce(json_agg(json_build_object('id', a.id, 'name', a.name) ORDER BY a.name), '[]'::json) FROM organisations a WHERE a.id IN (SELECT p.authority_id FROM procurements p WHERE ${vis})) AS a`,
]) {
  const { rows } = await c.query('EXPLAIN (ANALYZE, BUFFERS) ' + q);
  console.log(rows.map((r) => r['QUERY PLAN']).join('\n'), '\n=====');
}
const { rows } = await c.query(`SELECT indexdef FROM pg_indexes WHERE tablename IN ('procurements','pacts','pact_versions')`);
console.log(rows);
await c.end();
await server.stop();
