import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Plugin } from '@nestjs/apollo';
import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { PinoLogger } from 'nestjs-pino';
import type { Observable } from 'rxjs';
import { requestOf } from '../authorization/policy.decorator.js';

const assigned = new WeakSet<object>();

/**
 * Adds fields to every later line of the current request, including the one closing it.
 * Outside a request (start-up, queue jobs) there is nothing to add them to.
 */
function assignToRequest(logger: PinoLogger, fields: Record<string, string>): void {
  try {
    logger.assign(fields);
  } catch {
    // Not in a request's context.
  }
}

/**
 * Names who asked on the request's log lines: the viewer's id, never their name or address.
 * Runs after the authorization guard resolved the viewer, once per request (GraphQL calls it
 * once per root field).
 */
@Injectable()
export class ViewerLogContext implements NestInterceptor {
  constructor(private readonly logger: PinoLogger) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = requestOf(context);
    if (request && !assigned.has(request)) {
      assigned.add(request);
      assignToRequest(this.logger, { viewerId: request.viewer?.user?.id ?? 'anonymous' });
    }
    return next.handle();
  }
}

/** Names the GraphQL operation on the request's log lines; never its variables, which hold what complainants wrote. */
@Plugin()
export class GraphqlOperationLogContext implements ApolloServerPlugin {
  constructor(private readonly logger: PinoLogger) {}

  async requestDidStart(): Promise<GraphQLRequestListener<object>> {
    const logger = this.logger;
    return {
      async didResolveOperation({ operation }) {
        // The parsed name, so only a GraphQL name can reach the line.
        assignToRequest(logger, { graphqlOperation: operation?.name?.value ?? 'anonymous', graphqlOperationType: operation?.operation ?? 'unknown' });
      },
    };
  }
}
