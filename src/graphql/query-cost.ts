import type { ComplexityEstimatorArgs } from 'graphql-query-complexity';
import { getComplexity } from 'graphql-query-complexity';
import type { DocumentNode, GraphQLSchema } from 'graphql';

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

/** The estimated cost of the operation a request will run; null when its variables do not coerce (GraphQL refuses it next). */
export function queryCostOf({ schema, document, variables, operationName }: CostedOperation): number | null {
  try {
    return getComplexity({ schema, query: document, variables: variables ?? {}, operationName: operationName ?? undefined, estimators: [estimateField] });
  } catch {
    return null;
  }
}
