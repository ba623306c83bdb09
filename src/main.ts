// First: tracing must patch http, pg and graphql before anything loads them.
import './tracing/tracing.js';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from './config/app-config.js';
import { openDatabaseServer } from './database/database-server.js';

const logger = new Logger('Pactwatch');
const startedAt = performance.now();

try {
  const config = loadConfig();
  // The embedded database starts while the platform's modules load, rather than after: on a
  // later start each takes a good part of the time to be ready (bench/startup.ts).
  const [app, database] = await Promise.allSettled([import('./app.js'), openDatabaseServer(config, (line) => logger.log(line))]);
  if (app.status === 'rejected') {
    if (database.status === 'fulfilled') await database.value.stop();
    throw app.reason;
  }
  if (database.status === 'rejected') throw database.reason;
  const running = await app.value.startApp(config, database.value);
  // On SIGINT/SIGTERM Nest closes the HTTP server, the queue, the database (embedded one included) and flushes traces.
  running.app.enableShutdownHooks();
  logger.log(`ready in ${Math.round(performance.now() - startedAt)} ms — GraphQL at ${running.url}/graphql`);
} catch (error) {
  if (error instanceof ConfigError) {
    logger.error(`configuration:\n${error.message.replace(/^/gm, '  - ')}`);
  } else {
    logger.error((error as Error).stack ?? String(error));
  }
  process.exit(1);
}
