import type { ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { ApolloServerPlugin } from '@apollo/server';
import depthLimit from 'graphql-depth-limit';
import { GraphQLError, visit, type DocumentNode } from 'graphql';
import { getComplexity, simpleEstimator } from 'graphql-query-complexity';
import type { ResolvedConfig } from '../config/secrets.js';
import { formatGraphqlError } from '../errors/format-graphql-error.js';
import { Loaders } from './loaders.js';

export function graphqlOptions(config: ResolvedConfig): ApolloDriverConfig {
  const production = config.mode === 'production';
  return {
    path: '/graphql',
    autoSchemaFile: config.schemaFile ?? true,
    sortSchema: true,
    introspection: !production,
    playground: false,
    plugins: [complexityLimit(config.graphqlMaxComplexity), ...(production ? [] : [ApolloServerPluginLandingPageLocalDefault({ embed: true })])],
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    autoTransformHttpErrors: false,
    formatError: formatGraphqlError,
    validationRules: [depthLimit(config.graphqlMaxDepth)],
    // Guards run on field resolvers too: a sensitive field is refused like an operation.
    fieldResolverEnhancers: ['guards'],
    context: (request: unknown) => ({ req: request, loaders: new Loaders() }),
  };
}

/**
 * Cost of an operation by its parsed document (Apollo keeps one per distinct query text): with
 * one point per field, only `@skip`/`@include` on a variable make it depend on the variables.
 */
const knownComplexity = new WeakMap<DocumentNode, Map<string | undefined, number>>();

function usesConditionalDirectives(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Directive(node) {
      if (node.name.value === 'skip' || node.name.value === 'include') found = true;
    },
  });
  return found;
}

/** Refuses an operation whose estimated cost (one per field, multiplied by nothing) is above the limit. */
function complexityLimit(maximum: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          let cached = knownComplexity.get(document);
          let complexity = cached?.get(request.operationName);
          if (complexity === undefined) {
            try {
              complexity = getComplexity({
                schema,
                query: document,
                variables: request.variables ?? {},
                operationName: request.operationName,
                estimators: [simpleEstimator({ defaultComplexity: 1 })],
              });
            } catch {
              // Variables that do not coerce: GraphQL's own validation answers with BAD_USER_INPUT next.
              return;
            }
            if (!cached && !usesConditionalDirectives(document)) knownComplexity.set(document, (cached = new Map<string | undefined, number>()));
            cached?.set(request.operationName, complexity);
          }
          if (complexity > maximum) {
            throw new GraphQLError(`Query is too complex: ${complexity} fields, the limit is ${maximum}`, {
              extensions: { code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COMPLEX', complexity, maximum, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
