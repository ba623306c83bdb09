import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { MetricsService } from './metrics.service.js';

/** Times each GraphQL operation from receipt to response, by its parsed name and type. */
@Plugin()
export class GraphqlMetricsPlugin implements ApolloServerPlugin {
  constructor(private readonly metrics: MetricsService) {}

  async requestDidStart(): Promise<GraphQLRequestListener<object>> {
    const started = performance.now();
    const metrics = this.metrics;
    return {
      async willSendResponse({ operation, errors }) {
        // The name as parsed (a GraphQL name), not `operationName` as sent; unparsable requests have none.
        metrics.graphqlOperation(operation?.name?.value, operation?.operation ?? 'unknown', !errors?.length, (performance.now() - started) / 1000);
      },
    };
  }
}
