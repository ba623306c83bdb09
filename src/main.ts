// First: tracing must patch http, pg and graphql before anything loads them.
import { shutdownTracing } from './tracing/tracing.js';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { startApp } from './app.js';
import { ConfigError, loadConfig } from './config/app-config.js';

const logger = new Logger('Pactwatch');
const startedAt = performance.now();

try {
  const running = await startApp(loadConfig());
  logger.log(`ready in ${Math.round(performance.now() - startedAt)} ms — GraphQL at ${running.url}/graphql`);
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      logger.log(`${signal}: stopping`);
      running.close().then(
        () => shutdownTracing().then(() => process.exit(0)),
        (error) => {
          logger.error(`could not stop cleanly: ${error}`);
          process.exit(1);
        },
      );
    });
  }
} catch (error) {
  logger.error(error instanceof ConfigError ? `configuration: ${error.message}` : (error as Error).stack ?? String(error));
  process.exit(1);
}
