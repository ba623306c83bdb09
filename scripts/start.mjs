/**
 * `npm start`: builds with the Nest CLI only when the sources changed since the last build, then
 * runs the compiled platform in this same process. `nest start` rebuilds on every run, which cost
 * a later start about 4 s of its 7 (bench/startup.ts); the check here costs a few milliseconds.
 *
 * What runs is the bundle (scripts/bundle.mjs), which loads in half the time of the compiled files.
 * Making it takes a few seconds a start that had to build need not wait for: that start runs the
 * compiled files while the bundle is made beside it, in a process of its own that records the
 * fingerprint when done. The process is detached, so stopping the start does not stop it halfway.
 *
 * The fingerprint covers every input of the build (paths, sizes and modification times), so an
 * edit, a `git checkout` or a new lock file all lead to a rebuild; a stale dist/ is never run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUNDLE, BUNDLE_FINGERPRINT } from './bundle.mjs';

const root = resolve(import.meta.dirname, '..');
const BUILD_INPUTS = ['src', 'migrations', 'nest-cli.json', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json', 'scripts/bundle.mjs'];
const BUILD_FINGERPRINT = join(root, 'dist', '.sources-fingerprint');

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

function recorded(fingerprintFile) {
  try {
    return readFileSync(fingerprintFile, 'utf8');
  } catch {
    return null;
  }
}

const fingerprint = sourcesFingerprint();
if (fingerprint === recorded(BUNDLE_FINGERPRINT)) {
  await import(pathToFileURL(BUNDLE).href);
} else {
  if (fingerprint !== recorded(BUILD_FINGERPRINT)) {
    process.stdout.write('Building (the sources changed since the last build)…\n');
    const build = spawnSync(process.execPath, [join(root, 'node_modules/@nestjs/cli/bin/nest.js'), 'build'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status ?? 1);
    writeFileSync(BUILD_FINGERPRINT, fingerprint);
  }
  spawn(process.execPath, [join(root, 'scripts/bundle.mjs'), fingerprint], { cwd: root, detached: true, stdio: ['ignore', 'ignore', 'inherit'] }).unref();
  await import(pathToFileURL(join(root, 'dist/src/main.js')).href);
}
