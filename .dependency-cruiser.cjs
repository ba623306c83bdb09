/**
 * Module boundaries of src/ (README, "Code layout"). Run with `npm run check:boundaries`
 * (scripts/check-boundaries.mjs), which also checks cycles between areas that the folder rule
 * below cannot see when an import points into a nested folder such as `inputs/`.
 *
 * Type-only imports count (tsPreCompilationDeps: true): a type names the other folder as much as a
 * value does, and a folder that needs another's types to be read is not independent of it.
 */
const SHARED = [
  'audit',
  'checkpoints',
  'authorization',
  'clock',
  'config',
  'contacts',
  'database',
  'errors',
  'events',
  'graphql',
  'health',
  'logging',
  'metrics',
  'notifications',
  'openapi',
  'pagination',
  'pdf',
  'queue',
  'rate-limits',
  'signing',
  'security-headers',
  'templates',
  'tracing',
  'uploads',
  'web',
];
const shared = `^src/(${SHARED.join('|')})/`;

module.exports = {
  forbidden: [
    {
      name: 'no-file-cycles',
      comment: 'Two files import each other, directly or through others.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-folder-cycles',
      comment: 'Two folders of src/ (or two sub-areas of a feature) import each other: one of them should announce an event instead.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { path: '^src/', circular: true },
    },
    {
      name: 'shared-imports-no-feature',
      comment: `Shared folders (${SHARED.join(', ')}) serve every feature, so they import none and nothing at the root.`,
      severity: 'error',
      from: { path: shared },
      to: { path: '^src/', pathNot: shared },
    },
    {
      name: 'root-is-the-composition-root',
      comment:
        'Files at the top of src/ (app.module, entities, entry points) and the command-line tools in src/cli/ assemble the folders; no other folder imports them.',
      severity: 'error',
      from: { path: '^src/[^/]+/', pathNot: '^src/cli/' },
      to: { path: '^src/[^/]+\\.ts$' },
    },
    {
      name: 'not-to-spec',
      comment: 'Code never imports a test.',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.spec\\.ts$' },
      to: { path: '\\.spec\\.ts$' },
    },
    {
      name: 'no-unresolvable',
      comment: 'A relative import that does not resolve hides a dependency from this check.',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true, path: '^\\.' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.spec\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
