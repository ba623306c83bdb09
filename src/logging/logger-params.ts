import { RequestMethod } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import pino, { type DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import type { AppConfig } from '../config/app-config.js';
import { requestIdOf } from './request-id.js';
import { routeOf } from './request-routes.js';

/** Probes every few seconds would drown the lines worth reading. */
const UNLOGGED_PATHS = new Set(['/health', '/health/live', '/health/ready', '/metrics']);

/**
 * Paths never written, should any code log an object holding them: credentials, and what a
 * complainant said and how to reach them (a complainant may fear being identified; see the
 * referral mechanism's confidentiality rule). The request serializer below already writes only
 * an allow-list, so these are a second net for objects logged by hand.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-webhook-secret"]',
  'req.headers["x-twilio-signature"]',
  'req.body',
  'req.query',
  'req.url',
  'headers.authorization',
  'headers.cookie',
  'body',
  'query',
  'variables',
  '*.variables',
  '*.password',
  '*.secret',
  '*.token',
  '*.phone',
  '*.email',
  '*.name',
  '*.contact',
  '*.description',
  '*.text',
  '*.Body',
  '*.From',
  '*.from',
  '*.recipient',
];

/**
 * JSON lines in production (one object a line, for a log collector), pino-pretty in development.
 * Each line written during a request carries `reqId`; the line closing it adds method, route
 * pattern, status and time, and whatever the request's context assigned (GraphQL operation,
 * viewer id). `destination` replaces standard output, for tests that read the lines.
 */
export function loggerParams(config: Pick<AppConfig, 'logLevel' | 'logPretty'>, destination?: DestinationStream): Params {
  const options: Options<IncomingMessage, ServerResponse> = {
    level: config.logLevel,
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    genReqId: (request) => requestIdOf(request),
    // Only the id on every line: headers, URLs and bodies stay out of the log altogether.
    quietReqLogger: true,
    quietResLogger: true,
    serializers: { err: pino.stdSerializers.err },
    autoLogging: { ignore: (request) => UNLOGGED_PATHS.has(pathOf(request)) },
    customLogLevel: (_request, response, error) => (error || response.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: (request, response) => `${request.method} ${routeOf(request)} ${response.statusCode}`,
    customSuccessObject: (request, response, value: { responseTime: number }) => requestSummary(request, response, value.responseTime),
    customErrorMessage: (request, response) => `${request.method} ${routeOf(request)} ${response.statusCode}`,
    customErrorObject: (request, response, error, value: { responseTime: number }) => ({
      ...requestSummary(request, response, value.responseTime),
      error: error.message,
    }),
    ...(config.logPretty && !destination ? { transport: { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } } } : {}),
  };
  return {
    pinoHttp: destination ? [options, destination] : options,
    forRoutes: [{ path: '*path', method: RequestMethod.ALL }],
    // Fields assigned during a request (operation, viewer) reach the line that closes it too.
    assignResponse: true,
  };
}

function requestSummary(request: IncomingMessage, response: ServerResponse, responseTime: number) {
  return { method: request.method, route: routeOf(request), statusCode: response.statusCode, responseTime };
}

/** Middleware sees a path stripped of its mount point; the original is what the client asked. */
function pathOf(request: IncomingMessage & { originalUrl?: string }): string {
  return (request.originalUrl ?? request.url ?? '').split('?')[0];
}
