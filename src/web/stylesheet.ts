import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export interface Stylesheet {
  /** Changes whenever the source, govuk-frontend or sass changes: the stylesheet's address carries it, so browsers may keep it for good. */
  version: string;
  /** The compiled CSS, compiled at most once per version and kept on disk. */
  css(): Promise<string>;
}

/**
 * The website's one stylesheet, compiled from `styles/pactwatch.scss` with the `sass` package.
 * Compiling govuk-frontend takes seconds, too long for every start (a later start must stay
 * under 4 s) and pointless when nothing changed; so it is compiled on first use, written to
 * `cacheDir` under its version, and read from there by every later start. Nothing generated is
 * committed, and there is no build step to forget: a stale stylesheet cannot be served.
 */
export async function stylesheet(source: string, cacheDir: string): Promise<Stylesheet> {
  const inputs = await Promise.all([readFile(source, 'utf8'), packageVersion('sass'), packageVersion('govuk-frontend')]);
  const version = createHash('sha256').update(inputs.join('\0')).digest('hex').slice(0, 16);
  const cached = join(cacheDir, `pactwatch-${version}.css`);
  let compiled: Promise<string> | undefined;
  return {
    version,
    css: () =>
      (compiled ??= readFile(cached, 'utf8')
        .catch(() => compileInto(source, cached))
        // A failed compilation is tried again on the next request rather than remembered.
        .catch((error: unknown) => {
          compiled = undefined;
          throw error;
        })),
  };
}

async function compileInto(source: string, cached: string): Promise<string> {
  const sass = await import('sass');
  const { css } = await sass.compileAsync(source, { importers: [new sass.NodePackageImporter()], style: 'compressed', quietDeps: true });
  // An unwritable cache costs a compilation per start, never a page.
  await keep(cached, css).catch(() => undefined);
  return css;
}

async function keep(cached: string, css: string): Promise<void> {
  // Written aside and renamed, so a start that reads it meanwhile sees the whole file or none.
  const partial = `${cached}.${process.pid}.tmp`;
  await mkdir(dirname(cached), { recursive: true });
  await writeFile(partial, css);
  await rename(partial, cached);
  // Earlier versions are never served again.
  const folder = dirname(cached);
  for (const file of await readdir(folder)) {
    if (file.startsWith('pactwatch-') && file.endsWith('.css') && join(folder, file) !== cached) await rm(join(folder, file), { force: true });
  }
}

/** The installed version of a package, found above its entry point (sass does not export its package.json). */
async function packageVersion(name: string): Promise<string> {
  for (let folder = dirname(require.resolve(name)); folder !== dirname(folder); folder = dirname(folder)) {
    const manifest = (await readFile(join(folder, 'package.json'), 'utf8').then(JSON.parse, () => null)) as { name?: string; version: string } | null;
    if (manifest?.name === name) return manifest.version;
  }
  throw new Error(`cannot find the version of ${name}`);
}
