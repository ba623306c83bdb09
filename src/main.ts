// First: tracing must patch http, pg and graphql before anything loads them.
import './tracing/tracing.js';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { startApp } from './app.js';
import { ConfigError, loadConfig } from './config/app-config.js';

const logger = new Logger('Pactwatch');
const startedAt = performance.now();

try {
  const running = await startApp(loadConfig());
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
