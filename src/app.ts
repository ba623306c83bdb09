import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import multipart from '@fastify/multipart';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { resolveSecrets } from './config/secrets.js';
import { openDatabaseServer, type DatabaseServer } from './database/database-server.js';
import { migrateDatabase, runsAsOwner } from './database/migrate-database.js';
import { requestIdOf } from './logging/request-id.js';
import { exposeRequestIds } from './logging/request-routes.js';
import { MetricsService } from './metrics/metrics.service.js';
import { observeHttpRequests, serveMetrics } from './metrics/metrics-routes.js';
import { serveOpenApi } from './openapi/openapi-document.js';
import { DemoSeederService } from './seed/demo-seeder.service.js';
import { addSecurityHeaders } from './security-headers/security-headers.js';
import { serveWebPages } from './web/web-pages.js';
import { AnonymousBudgetService } from './rate-limits/anonymous-budget.service.js';
import { refuseSpentClients } from './rate-limits/refuse-spent-clients.js';

const ONE_ROLE_WARNING =
  'DATABASE_URL logs in as the owner of the tables (or a superuser), so the database itself does not hold the platform ' +
  'to its grants: give the owner in MIGRATION_DATABASE_URL and the application role in DATABASE_URL (README, "Database roles and grants")';

export interface RunningApp {
  app: NestFastifyApplication;
  url: string;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Where log lines go instead of standard output (tests read them from here). */
  logDestination?: DestinationStream;
}

/**
 * Starts the whole platform: database (embedded or DATABASE_URL), migrations, optional demo
 * data, HTTP server. Used by `main.ts` and by the integration tests alike, so the tests
 * exercise exactly what users run. `database` is either the application's and the owner's
 * connection strings (tests give them), or a server the caller already opened (`main.ts` opens it
 * while this module loads); unset, it comes from the configuration.
 */
export async function startApp(
  config: AppConfig,
  database?: Pick<DatabaseServer, 'url' | 'migrationUrl'> & Partial<DatabaseServer>,
  options: StartOptions = {},
): Promise<RunningApp> {
  const logger = new Logger('Pactwatch');
  const resolved = await resolveSecrets(config);
  const server: DatabaseServer = database ? { stop: async () => undefined, ...database } : await openDatabaseServer(resolved, (line) => logger.log(line));
  try {
    if (resolved.runMigrations) await migrateDatabase(server);
    const asOwner = await runsAsOwner(server.url);
    // Fastify rather than Express: it serves GraphQL with less overhead per request.
    const app = await NestFactory.create<NestFastifyApplication>(
      AppModule.forRoot(resolved, server, options.logDestination),
      // The caller's X-Request-Id when it looks like one, else a new UUID; the logger uses the same.
      // request.ip is the client's own address only behind the proxies named in TRUSTED_PROXIES;
      // trusting none (the default) keeps a client from choosing its address with X-Forwarded-For.
      new FastifyAdapter({ bodyLimit: 1_048_576, genReqId: requestIdOf, trustProxy: config.trustedProxies.length ? config.trustedProxies : false }),
      { bufferLogs: true, abortOnError: false },
    );
    app.useLogger(app.get(PinoNestLogger));
    if (asOwner) logger.warn(ONE_ROLE_WARNING);
    await addSecurityHeaders(app, config.mode === 'production');
    const fastify = app.getHttpAdapter().getInstance();
    exposeRequestIds(fastify);
    observeHttpRequests(fastify, app.get(MetricsService));
    serveMetrics(fastify, app.get(MetricsService), config);
    refuseSpentClients(fastify, app.get(AnonymousBudgetService));
    // Multipart bodies (evidence files, OCDS packages) are streamed; each route sets its own size limit.
    await app.register(multipart, { limits: { files: 1, fields: 10 } });
    serveOpenApi(app);
    await serveWebPages(app, config);
    await app.init();
    if (resolved.seedDemoData) await app.get(DemoSeederService).seedOnce();
    await app.listen({ port: config.port, host: config.host });
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
    return {
      app,
      url,
      // The database server stops with the application (DatabaseServerShutdown).
      close: () => app.close(),
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
