/**
 * How long a newcomer waits for `npm start`, side by side with the former start (a full `tsc`
 * build before every run). Each round runs in a copy of this checkout's sources with its own
 * data folder and port:
 *
 *   first start    no dist/, no data folder (what follows `npm ci`): build, create the embedded
 *                  cluster, migrate, seed the demo data (the bundle is made beside it)
 *   later start    dist/ and the data folder kept, sources unchanged (scripts/start.mjs skips the
 *                  build and runs the bundle)
 *   nest start     the same, through `nest start`, which rebuilds on every run and runs the files unbundled
 *   app alone      `node dist/bundle/main.js`, what `npm start` runs without npm and the build check (the floor)
 *   unbundled      `node dist/src/main.js`, the compiled files one by one (`nest start` and the Docker image)
 *   tsc build      the former `npm start`'s build step alone (`tsc -p tsconfig.build.json`)
 *
 * "Ready" is the first 200 from /health. Run it on an idle machine:
 *
 *   npm run bench:startup -- [--rounds 3]
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import getPort from 'get-port';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' } } });
const rounds = Number(values.rounds);
const checkout = resolve(import.meta.dirname, '..');

const workspace = mkdtempSync(join(tmpdir(), 'pactwatch-startup-'));
for (const entry of [
  'package.json',
  'package-lock.json',
  'scripts',
  'nest-cli.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'src',
  'migrations',
  'templates',
]) {
  cpSync(join(checkout, entry), join(workspace, entry), { recursive: true });
}
symlinkSync(join(checkout, 'node_modules'), join(workspace, 'node_modules'));

async function timeUntilReady(command: string[], dataDir: string): Promise<number> {
  const port = await getPort();
  const started = performance.now();
  const child = spawn(command[0], command.slice(1), {
    cwd: workspace,
    detached: true,
    stdio: 'ignore',
    env: {
      ...process.env,
      DATABASE_URL: '',
      NODE_ENV: 'development',
      PORT: String(port),
      PACTWATCH_DATA_DIR: dataDir,
      SCHEMA_FILE: join(dataDir, 'schema.gql'),
    },
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${command.join(' ')} exited with ${child.exitCode}`);
      const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return (performance.now() - started) / 1000;
      await new Promise((done) => setTimeout(done, 50));
    }
  } finally {
    if (child.exitCode === null) {
      process.kill(-child.pid!, 'SIGTERM');
      await new Promise((done) => child.once('exit', done));
    }
  }
}

/** The bundle made beside the first start, as a newcomer's next start finds it. */
async function bundleRecorded(): Promise<void> {
  // Written by scripts/bundle.mjs once the bundle is complete.
  const fingerprint = join(workspace, 'dist/bundle/.sources-fingerprint');
  for (let waited = 0; !existsSync(fingerprint); waited += 100) {
    if (waited > 120_000) throw new Error('the bundle was not made within 2 minutes of the first start');
    await new Promise((done) => setTimeout(done, 100));
  }
}

function timeCommand(command: string[]): number {
  const started = performance.now();
  const result = spawnSync(command[0], command.slice(1), { cwd: workspace, stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`${command.join(' ')} failed`);
  return (performance.now() - started) / 1000;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results: Record<string, number[]> = {
  'first start (npm start)': [],
  'later start (npm start)': [],
  'later start (nest start)': [],
  'app alone (node dist/bundle/main.js)': [],
  'unbundled (node dist/src/main.js)': [],
  'tsc build (former npm start)': [],
};

// The machine may be shared: the load beside the figures says whether they can be compared.
const loadAverage = () =>
  loadavg()
    .map((load) => load.toFixed(2))
    .join(' ');
const loadAtStart = loadAverage();

try {
  for (let round = 1; round <= rounds; round++) {
    process.stderr.write(`round ${round}/${rounds}\n`);
    const dataDir = join(workspace, `.pactwatch-${round}`);
    rmSync(join(workspace, 'dist'), { recursive: true, force: true });
    results['first start (npm start)'].push(await timeUntilReady(['npm', 'start'], dataDir));
    await bundleRecorded();
    results['later start (npm start)'].push(await timeUntilReady(['npm', 'start'], dataDir));
    results['app alone (node dist/bundle/main.js)'].push(await timeUntilReady(['node', 'dist/bundle/main.js'], dataDir));
    // After the bundle's run: nest start's build empties dist/.
    results['later start (nest start)'].push(await timeUntilReady(['npx', 'nest', 'start'], dataDir));
    results['unbundled (node dist/src/main.js)'].push(await timeUntilReady(['node', 'dist/src/main.js'], dataDir));
    results['tsc build (former npm start)'].push(timeCommand(['npx', 'tsc', '-p', 'tsconfig.build.json', '--outDir', join(workspace, 'tsc-out')]));
  }
  console.log(`\nstart-up, ${rounds} round(s), seconds until /health answers (median, min–max)`);
  console.log(`load average (1, 5, 15 min): ${loadAtStart} at the start, ${loadAverage()} at the end\n`);
  for (const [name, times] of Object.entries(results)) {
    console.log(`${name.padEnd(36)} ${median(times).toFixed(1).padStart(6)}   ${Math.min(...times).toFixed(1)}–${Math.max(...times).toFixed(1)}`);
  }
} finally {
  if (existsSync(workspace)) rmSync(workspace, { recursive: true, force: true });
}
