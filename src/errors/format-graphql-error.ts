import { Logger } from '@nestjs/common';
import { HttpException } from '@nestjs/common';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { DomainError } from './domain-error.js';
import { fromDatabaseError } from './database-errors.js';

const logger = new Logger('GraphQLErrors');

/**
 * The one place where anything thrown while answering GraphQL becomes what the client sees:
 * domain errors keep their code and details, guard refusals become UNAUTHENTICATED or
 * FORBIDDEN, database constraint violations become CONFLICT or BAD_USER_INPUT, and anything
 * unexpected is logged with its stack and answered without internals.
 */
export function formatGraphqlError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const cause = unwrapResolverError(error);
  const domain = toDomainError(cause);
  if (domain) {
    return {
      message: domain.message,
      path: formatted.path,
      locations: formatted.locations,
      extensions: { ...domain.details, code: domain.code, reason: domain.reason },
    };
  }
  // GraphQL's own refusals (parse, validation, variable coercion) are already typed and safe.
  const code = formatted.extensions?.code;
  if (cause === error && code && code !== 'INTERNAL_SERVER_ERROR') {
    const { stacktrace: _stack, http: _http, ...extensions } = formatted.extensions ?? {};
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions };
  }
  // Apollo refuses some requests with a 4xx status but no code (a persisted query whose hash does
  // not match its text): the client's mistake, answered as such and not logged as a server fault.
  if (cause === error && isClientStatus(error)) return { message: formatted.message, extensions: { code: 'BAD_REQUEST' } };
  logger.error(`unexpected error at ${formatted.path?.join('.') ?? 'request'}: ${describe(cause)}`, (cause as Error)?.stack);
  return { message: 'Unexpected error; it has been logged', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

export function toDomainError(error: unknown): DomainError | null {
  if (error instanceof DomainError) return error;
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status === 401) return new DomainError('UNAUTHENTICATED', 'UNAUTHENTICATED', error.message);
    if (status === 403) return new DomainError('FORBIDDEN', 'FORBIDDEN', error.message);
    if (status === 404) return new DomainError('NOT_FOUND', 'NOT_FOUND', error.message);
    if (status === 429) return new DomainError('RATE_LIMITED', 'RATE_LIMITED', error.message);
    if (status >= 400 && status < 500) return new DomainError('BAD_USER_INPUT', 'BAD_REQUEST', error.message);
    return null;
  }
  return fromDatabaseError(error);
}

function isClientStatus(error: unknown): boolean {
  const status = error instanceof GraphQLError ? (error.extensions.http as { status?: unknown } | undefined)?.status : undefined;
  return typeof status === 'number' && status >= 400 && status < 500;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
