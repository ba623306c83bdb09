import { createRequire } from 'node:module';

/**
 * OpenTelemetry tracing, configured only by the standard OTEL_* variables and off unless they
 * ask for it: OTEL_TRACES_EXPORTER set to anything but `none`, or an OTLP endpoint. When off,
 * the SDK is never loaded. Imported first by `main.ts`: the SDK must patch http, pg and
 * graphql before they are loaded, so it is required synchronously (an `await import` here
 * would let the modules imported after this one load first).
 */
export function tracingRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  const exporter = env.OTEL_TRACES_EXPORTER?.trim();
  if (exporter) return exporter !== 'none';
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim());
}

let stop: (() => Promise<void>) | null = null;

/** Sends the spans still buffered; `main.ts` awaits it before the process exits. */
export async function shutdownTracing(): Promise<void> {
  await stop?.().catch(() => undefined);
  stop = null;
}

function startTracing(): void {
  const require = createRequire(import.meta.url);
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  const { GraphQLInstrumentation } = require('@opentelemetry/instrumentation-graphql') as typeof import('@opentelemetry/instrumentation-graphql');
  const sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME ?? 'pactwatch',
    instrumentations: [
      // Probes and scrapes every few seconds are noise in a trace store.
      new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => /^\/(health|metrics)(\/|$|\?)/.test(request.url ?? '') }),
      new PgInstrumentation(),
      // Resolver spans for every field of a list would dwarf the rest.
      new GraphQLInstrumentation({ ignoreTrivialResolveSpans: true, mergeItems: true }),
    ],
  });
  sdk.start();
  stop = () => sdk.shutdown();
  process.once('beforeExit', () => void shutdownTracing());
}

if (tracingRequested()) startTracing();
