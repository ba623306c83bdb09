/**
 * The two peers bench/read-path.ts measures Pactwatch against, each run in a process of its own
 * on the same database, so that the CPU each uses can be told apart:
 *
 *   postgraphile  PostGraphile 4 over the public schema (installed for the benchmark only, in the
 *                 folder POSTGRAPHILE_PREFIX), with `disableQueryLog` and `dynamicJson` on, no
 *                 authorization of any kind;
 *   handwritten   one Fastify route answering the public case file with one hand-written
 *                 `json_agg` statement: the most a Node.js server can make of this machine.
 *
 * Both print `ready` once they listen on PORT.
 */
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Fastify from 'fastify';
import pg from 'pg';

/** The public case file, hand-written: the same fields and the same public rules as the other servers. */
export const HANDWRITTEN_CASE_FILE_SQL = `
SELECT json_build_object(
  'reference', p.reference, 'title', p.title, 'stage', p.stage,
  'authority', json_build_object('name', o.name),
  'stageHistory', (SELECT coalesce(json_agg(json_build_object('fromStage', t.from_stage, 'toStage', t.to_stage, 'occurredAt', t.occurred_at, 'note', t.note)
                                   ORDER BY t.occurred_at), '[]') FROM stage_transitions t WHERE t.procurement_id = p.id),
  'pact', (SELECT json_build_object('versions', (
             SELECT coalesce(json_agg(json_build_object('number', v.number, 'contentHash', v.content_hash, 'publishedAt', v.published_at,
                      'signatures', (SELECT coalesce(json_agg(json_build_object('organisationName', s.organisation_name, 'party', s.party,
                                                                                'signerName', s.signer_name, 'signedAt', s.signed_at) ORDER BY s.signed_at), '[]')
                                       FROM signatures s WHERE s.pact_version_id = v.id)) ORDER BY v.number), '[]')
               FROM pact_versions v WHERE v.pact_id = pa.id))
             FROM pacts pa WHERE pa.procurement_id = p.id),
  'findings', (SELECT coalesce(json_agg(json_build_object('title', f.title, 'severity', f.severity, 'status', f.status, 'createdAt', f.created_at,
                 'responses', (SELECT coalesce(json_agg(json_build_object('body', r.body, 'createdAt', r.created_at) ORDER BY r.created_at), '[]')
                                 FROM finding_responses r WHERE r.finding_id = f.id)) ORDER BY f.created_at DESC), '[]')
                 FROM findings f WHERE f.procurement_id = p.id AND (f.visibility = 'PUBLIC' OR f.published_in_report_id IS NOT NULL))
) AS case_file
FROM procurements p JOIN organisations o ON o.id = p.authority_id
WHERE p.reference = $1
  AND EXISTS (SELECT 1 FROM pacts pa JOIN pact_versions pv ON pv.pact_id = pa.id WHERE pa.procurement_id = p.id)`;

async function handwritten(databaseUrl: string, port: number): Promise<void> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const app = Fastify({ logger: false });
  app.get<{ Params: { reference: string } }>('/case-files/:reference', async (request, reply) => {
    const { rows } = await pool.query<{ case_file: unknown }>({ name: 'case-file', text: HANDWRITTEN_CASE_FILE_SQL, values: [request.params.reference] });
    if (!rows.length) return reply.code(404).send({ error: 'not found' });
    return rows[0].case_file;
  });
  await app.listen({ port, host: '127.0.0.1' });
}

type PostgraphileMiddleware = (request: unknown, response: unknown) => void;
interface PostgraphileModule {
  postgraphile: (url: string, schema: string, options: Record<string, unknown>) => PostgraphileMiddleware;
}

async function postgraphile(databaseUrl: string, port: number, prefix: string): Promise<void> {
  const { postgraphile: middleware } = createRequire(join(prefix, 'package.json'))('postgraphile') as PostgraphileModule;
  const handler = middleware(databaseUrl, 'public', {
    disableQueryLog: true,
    dynamicJson: true,
    graphqlRoute: '/graphql',
    retryOnInitFail: false,
    watchPg: false,
  });
  await new Promise<void>((listening) => createServer(handler).listen(port, '127.0.0.1', listening));
}

const [kind] = process.argv.slice(2);
const databaseUrl = process.env.DATABASE_URL!;
const port = Number(process.env.PORT);
if (kind === 'handwritten') await handwritten(databaseUrl, port);
else if (kind === 'postgraphile') await postgraphile(databaseUrl, port, process.env.POSTGRAPHILE_PREFIX!);
else throw new Error(`unknown peer "${kind}": postgraphile or handwritten`);
console.log('ready');
