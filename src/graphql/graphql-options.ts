import type { ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { ResolvedConfig } from '../config/secrets.js';
import { formatGraphqlError } from '../errors/format-graphql-error.js';
import type { AnonymousBudgetService } from '../rate-limits/anonymous-budget.service.js';
import { graphqlLimits } from './graphql-limits.js';
import { Loaders } from './loaders.js';
import { refuseNulCharacters } from './nul-characters.js';

/** `budget` charges anonymous callers the cost of each operation. */
export function graphqlOptions(config: ResolvedConfig, budget: AnonymousBudgetService): ApolloDriverConfig {
  const production = config.mode === 'production';
  const limits = graphqlLimits(config, budget);
  return {
    path: '/graphql',
    autoSchemaFile: config.schemaFile ?? true,
    sortSchema: true,
    // Nest would run an introspection query over the new schema to check it, a tenth of Nest's
    // start: Apollo Server asserts the schema valid as it starts anyway, so a broken one still stops the start.
    buildSchemaOptions: { skipCheck: true },
    introspection: !production,
    playground: false,
    plugins: [
      // Apollo's cache-control plugin, on by default, visits every resolved field to work out
      // cache hints no response here carries (answers depend on who asks).
      ApolloServerPluginCacheControlDisabled(),
      refuseNulCharacters(),
      ...limits.plugins,
      ...(production ? [] : [ApolloServerPluginLandingPageLocalDefault({ embed: true })]),
    ],
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    autoTransformHttpErrors: false,
    formatError: formatGraphqlError,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    // Guards run on field resolvers too: a sensitive field is refused like an operation.
    fieldResolverEnhancers: ['guards'],
    context: (request: unknown) => ({ req: request, loaders: new Loaders() }),
  };
}
