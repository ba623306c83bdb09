/**
 * `npm run check:boundaries`: checks src/ against .dependency-cruiser.cjs and exits 1 on any
 * violation. It calls dependency-cruiser's API rather than its CLI because the CLI refuses to run
 * on Node 20, which this project still supports (the API works there).
 *
 * Besides the configured rules, it checks cycles between areas: each top-level folder of src/,
 * and each sub-folder of src/complaints/, counts as one area whatever its nesting, so an import
 * into `reports/inputs/` counts as an import of `reports`.
 */
import { cruise, format } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { createRequire } from 'node:module';

const config = createRequire(import.meta.url)('../.dependency-cruiser.cjs');
const result = await cruise(['src'], { ...config.options, validate: true, ruleSet: { forbidden: config.forbidden } }, undefined, {
  tsConfig: extractTSConfig(config.options.tsConfig.fileName),
});
const report = await format(result.output, { outputType: 'err' });
process.stdout.write(report.output);
let failed = report.exitCode !== 0;

/**
 * `src/complaints/intake/x.ts` → `complaints/intake`; `src/pacts/inputs/x.ts` → `pacts`;
 * `src/complaints/inputs/x.ts` → `complaints`; `src/app.ts` → `(root)`. `complaints.module.ts` assembles the sub-areas of complaints, as
 * `app.module.ts` assembles src/, so it is an area of its own: the sub-areas import the files at
 * the top of `complaints/` (entity, status, errors), and those import no sub-area.
 */
function areaOf(source) {
  const parts = source.split('/');
  if (parts[0] !== 'src') return undefined;
  // The command-line tools in src/cli/ belong to the composition root, beside src/cli.ts.
  if (parts.length === 2 || parts[1] === 'cli') return '(root)';
  if (parts[1] === 'complaints') {
    // `complaints/inputs/` holds the inputs of the files at the top of complaints/.
    if (parts.length > 3 && parts[2] !== 'inputs') return `complaints/${parts[2]}`;
    if (parts[2] === 'complaints.module.ts') return 'complaints (module)';
  }
  return parts[1];
}

const edges = new Map();
for (const module of result.output.modules) {
  const from = areaOf(module.source);
  if (!from) continue;
  for (const dependency of module.dependencies) {
    const to = areaOf(dependency.resolved);
    if (!to || to === from) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    const targets = edges.get(from);
    if (!targets.has(to)) targets.set(to, `${module.source} → ${dependency.resolved}`);
  }
}

// Tarjan's strongly connected components: every component of more than one area is a cycle.
const index = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const components = [];
function visit(area) {
  index.set(area, index.size);
  low.set(area, index.get(area));
  stack.push(area);
  onStack.add(area);
  for (const next of edges.get(area)?.keys() ?? []) {
    if (!index.has(next)) {
      visit(next);
      low.set(area, Math.min(low.get(area), low.get(next)));
    } else if (onStack.has(next)) {
      low.set(area, Math.min(low.get(area), index.get(next)));
    }
  }
  if (low.get(area) === index.get(area)) {
    const component = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      component.push(member);
    } while (member !== area);
    if (component.length > 1) components.push(component);
  }
}
for (const area of edges.keys()) if (!index.has(area)) visit(area);

for (const component of components) {
  failed = true;
  const members = new Set(component);
  console.log(`  error no-area-cycles: ${component.sort().join(', ')} import each other:`);
  for (const from of component) {
    for (const [to, example] of edges.get(from) ?? []) if (members.has(to)) console.log(`      ${from} → ${to} (e.g. ${example})`);
  }
}
if (components.length) console.log(`\nx ${components.length} cycle(s) between areas of src/.\n`);

process.exitCode = failed ? 1 : 0;
