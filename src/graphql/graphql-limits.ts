import type { ApolloServerPlugin } from '@apollo/server';
import armor from '@escape.tech/graphql-armor';
import { GraphQLError, NoFragmentCyclesRule, validate, type DocumentNode, type ValidationRule } from 'graphql';
import type { ResolvedConfig } from '../config/secrets.js';
import { DomainError } from '../errors/domain-error.js';
import type { AnonymousBudgetService, BudgetedRequest } from '../rate-limits/anonymous-budget.service.js';
import { holdRefusal } from '../rate-limits/refusal-hold.js';
import { FIELD_COSTS, queryCostOf } from './query-cost.js';

/** Generous for any screen of ours, far below what it takes to make parsing or validation expensive. */
const MAX_ALIASES = 30;
const MAX_TOKENS = 3000;
const MAX_DIRECTIVES = 20;

export interface GraphqlLimits {
  plugins: ApolloServerPlugin[];
  validationRules: ValidationRule[];
  parseOptions: { maxTokens: number };
}

/**
 * The shape limits come from graphql-armor (depth, aliases, directives and, in
 * production, no "Did you mean" that would spell out the schema introspection hides). Armor's own
 * cost rule is off: it cannot weigh one field more than another, so cost is computed by
 * `queryCostOf` with each field's declared weight, and the same figure is charged to the anonymous
 * budget. Tokens are counted by graphql-js's parser, which stops at the limit.
 */
export function graphqlLimits(config: ResolvedConfig, budget: AnonymousBudgetService): GraphqlLimits {
  const protection = new armor.ApolloArmor({
    costLimit: { enabled: false },
    maxDepth: { n: config.graphqlMaxDepth },
    // Armor lets __typename be aliased without limit by default; ten thousand of them are no cheaper than other fields.
    maxAliases: { n: MAX_ALIASES, allowList: [] },
    maxDirectives: { n: MAX_DIRECTIVES },
    // graphql-js counts tokens while parsing (parseOptions below); armor's plugin does it again and answers a 500.
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: config.mode === 'production' },
  }).protect();
  return {
    // Armor is typed against Apollo's CommonJS declarations, this project loads the ESM ones: same objects.
    plugins: [...(protection.plugins as unknown as ApolloServerPlugin[]), costLimit(config, budget)],
    validationRules: protection.validationRules.map(afterFragmentCycles),
    parseOptions: { maxTokens: MAX_TOKENS },
  };
}

const fragmentCycles = new WeakMap<DocumentNode, boolean>();

/**
 * graphql-js runs its rules and ours side by side in one pass, so a custom rule that follows
 * fragment spreads meets a cycle before NoFragmentCyclesRule has reported it (one such rule
 * overflowed the stack: a 500 to anyone). Our rules therefore stand aside on a cyclic document,
 * which NoFragmentCyclesRule refuses with GRAPHQL_VALIDATION_FAILED.
 */
function afterFragmentCycles(rule: ValidationRule): ValidationRule {
  return (context) => {
    const document = context.getDocument();
    let cyclic = fragmentCycles.get(document);
    if (cyclic === undefined) {
      cyclic = validate(context.getSchema(), document, [NoFragmentCyclesRule]).length > 0;
      fragmentCycles.set(document, cyclic);
    }
    return cyclic ? {} : rule(context);
  };
}

/**
 * An operation costing a statistics or more is costly. Its fields resolve in parallel, so a few of
 * them hold every database connection of the pool; beyond `anonymousCostlyAtOnce` of them on this
 * instance, an anonymous caller is asked to come back in a second (429, after a hold: a client
 * that asks again at once is slowed down), and /health and signed-in users keep connections. A costly operation is charged to the budget at once; a cheaper one in
 * the next batch (see AnonymousBudgetService), so a public read costs no write of its own.
 */
const COSTLY = FIELD_COSTS.statistics;

/** Refuses an operation above the cost limit, then charges its cost to an anonymous caller's budget. */
function costLimit(config: ResolvedConfig, budget: AnonymousBudgetService): ApolloServerPlugin<{ req?: BudgetedRequest }> {
  const maximum = config.graphqlMaxComplexity;
  let costlyRunning = 0;
  return {
    async requestDidStart() {
      let occupying = false;
      // Another plugin's refusal can send the answer while this one still awaits the budget.
      let answered = false;
      return {
        async didResolveOperation({ request, document, schema, contextValue }) {
          const cost = queryCostOf({ schema, document, variables: request.variables, operationName: request.operationName });
          // Variables that do not coerce: GraphQL's own validation answers with BAD_USER_INPUT next.
          if (cost === null) return;
          if (cost > maximum) {
            throw new GraphQLError(`Query is too costly: ${cost}, the limit is ${maximum}`, {
              extensions: { code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COMPLEX', complexity: cost, maximum, http: { status: 400 } },
            });
          }
          if (!contextValue.req || !(await budget.isAnonymous(contextValue.req)) || answered) return;
          if (cost >= COSTLY) {
            if (costlyRunning >= config.anonymousCostlyAtOnce) {
              await holdRefusal();
              asGraphqlRefusal(tooBusy());
            }
            // Taken before the budget's round trip, or every request arriving meanwhile would pass the check.
            costlyRunning++;
            occupying = true;
          }
          await budget.spend(contextValue.req, cost, occupying ? 'at-once' : 'batched').catch(asGraphqlRefusal);
        },
        async willSendResponse() {
          if (occupying) costlyRunning--;
          occupying = false;
          answered = true;
        },
      };
    },
  };
}

function tooBusy(): DomainError {
  return new DomainError('RATE_LIMITED', 'TOO_BUSY', 'Too many costly anonymous requests are running; try again in a second, or sign in', {
    retryAfterSeconds: 1,
  });
}

/** Apollo answers a plugin's GraphQLError with its `http` status and headers; a budget refusal becomes 429 with Retry-After. */
function asGraphqlRefusal(error: unknown): never {
  if (!(error instanceof DomainError)) throw error;
  const retryAfter = typeof error.details.retryAfterSeconds === 'number' ? String(error.details.retryAfterSeconds) : '60';
  throw new GraphQLError(error.message, {
    extensions: {
      ...error.details,
      code: error.code,
      reason: error.reason,
      http: { status: error.httpStatus, headers: new Map([['retry-after', retryAfter]]) },
    },
  });
}
