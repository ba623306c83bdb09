/**
 * `npm start`: builds with the Nest CLI and bundles the result (scripts/bundle.mjs) only when the
 * sources changed since the last build, then runs the bundle in this same process. `nest start`
 * rebuilds on every run, which cost a later start about 4 s of its 7 (bench/startup.ts); the check
 * here costs a few milliseconds.
 *
 * The fingerprint covers every input of the build (paths, sizes and modification times), so an
 * edit, a `git checkout` or a new lock file all lead to a rebuild; a stale dist/ is never run.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUNDLE, bundle } from './bundle.mjs';

const root = resolve(import.meta.dirname, '..');
const BUILD_INPUTS = ['src', 'migrations', 'nest-cli.json', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json', 'scripts/bundle.mjs'];
const fingerprintFile = join(root, 'dist', '.sources-fingerprint');

function sourcesFingerprint() {
  const hash = createHash('sha256');
  const visit = (path) => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return;
    if (!stat.isDirectory()) return void hash.update(`${path}\0${stat.size}\0${stat.mtimeMs}\n`);
    for (const name of readdirSync(path).sort()) visit(join(path, name));
  };
  BUILD_INPUTS.forEach((input) => visit(join(root, input)));
  return hash.digest('hex');
}

function lastBuildFingerprint() {
  try {
    return readFileSync(fingerprintFile, 'utf8');
  } catch {
    return null;
  }
}

const fingerprint = sourcesFingerprint();
if (fingerprint !== lastBuildFingerprint() || !existsSync(BUNDLE)) {
  process.stdout.write('Building (the sources changed since the last build)…\n');
  const build = spawnSync(process.execPath, [join(root, 'node_modules/@nestjs/cli/bin/nest.js'), 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  await bundle();
  writeFileSync(fingerprintFile, fingerprint);
}
await import(pathToFileURL(BUNDLE).href);
