import type { ComplexityEstimatorArgs } from 'graphql-query-complexity';
import { getComplexity } from 'graphql-query-complexity';
import { visit, type ASTNode, type DocumentNode, type GraphQLSchema } from 'graphql';

/**
 * What answering one field costs, in units of a plain field read from an already loaded row.
 * Heavy fields declare their weight where they are declared (`@Query(..., { complexity: N })`,
 * which @nestjs/graphql stores as the field's `complexity` extension), so the number sits beside
 * the code whose cost it estimates; HTTP routes doing the same work spend the same constant.
 */
export const FIELD_COSTS = {
  /** A full pass over the complaints of the period: several aggregate queries. */
  statistics: 100,
  /** A lookup by content hash over every published document, or a signature check. */
  verification: 20,
  /** Rendering a PDF (receipt, statistics) on top of the data it shows. */
  pdf: 50,
} as const;

/**
 * Every field counts (`__typename` included, so ten thousand aliases of it are not free); a field
 * adds its declared weight (1 unless declared). A paged list (`page: { limit }`) adds a tenth of
 * its page size for the rows it reads and sends, but its selection only once: relation fields load
 * through DataLoaders, one query per list whatever its length.
 */
function estimateField({ field, args, childComplexity }: ComplexityEstimatorArgs): number {
  const declared = field.extensions?.complexity;
  const weight = typeof declared === 'number' ? declared : 1;
  const page = (args as { page?: { limit?: unknown } }).page;
  const rows = typeof page?.limit === 'number' ? Math.ceil(page.limit / 10) : 0;
  return weight + rows + childComplexity;
}

export interface CostedOperation {
  schema: GraphQLSchema;
  document: DocumentNode;
  variables?: Record<string, unknown>;
  operationName?: string | null;
}

/** Costs already worked out, per document, by the values of the variables that can change them. */
const knownCosts = new WeakMap<DocumentNode, { variables: string[]; costs: Map<string, number> }>();
/** Past this many variants of one document, its remembered costs are forgotten and worked out again. */
const COSTS_PER_DOCUMENT = 200;

/**
 * The estimated cost of the operation a request will run; null when its variables do not coerce
 * (GraphQL refuses it next). A document is parsed once by Apollo and arrives as the same object, so
 * its cost is remembered for the values of the only variables it depends on; a null is never
 * remembered, or a request with bad variables could make later ones go uncharged.
 */
export function queryCostOf({ schema, document, variables = {}, operationName }: CostedOperation): number | null {
  let known = knownCosts.get(document);
  if (!known) knownCosts.set(document, (known = { variables: variablesAffectingCost(document), costs: new Map() }));
  const key = JSON.stringify([operationName ?? null, ...known.variables.map((name) => variables[name] ?? null)]);
  const remembered = known.costs.get(key);
  if (remembered !== undefined) return remembered;
  let cost: number;
  try {
    cost = getComplexity({ schema, query: document, variables, operationName: operationName ?? undefined, estimators: [estimateField] });
  } catch {
    return null;
  }
  if (known.costs.size >= COSTS_PER_DOCUMENT) known.costs.clear();
  known.costs.set(key, cost);
  return cost;
}

/** The variables `estimateField` and the @skip/@include directives read: those inside a `page` argument or a directive's arguments. */
function variablesAffectingCost(document: DocumentNode): string[] {
  const names = new Set<string>();
  const collect = (node: ASTNode) =>
    visit(node, {
      Variable: (variable) => void names.add(variable.name.value),
    });
  visit(document, {
    Argument: (argument) => {
      if (argument.name.value === 'page') collect(argument.value);
    },
    Directive: (directive) => {
      for (const argument of directive.arguments ?? []) collect(argument.value);
    },
  });
  return [...names].sort();
}
