import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { AppModule } from './app.module.js';
import { loadConfig, type AppConfig } from './config/app-config.js';
import { newSigningKey } from './config/secrets.js';
import { openDatabaseServer } from './database/database-server.js';

/**
 * Boots the platform's modules without an HTTP server for a command-line tool, on DATABASE_URL or
 * the embedded cluster in the data folder (as `audit:verify` does), so the tool runs the same
 * services, rules and migrations as the server. It neither signs nor issues tokens, so it reads
 * no secret and writes none: throwaway ones fill the places the modules expect.
 */
export async function withPlatform<T>(run: (platform: INestApplicationContext, config: AppConfig) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const server = await openDatabaseServer(config, (line) => console.error(line));
  try {
    const platform = await NestFactory.createApplicationContext(
      AppModule.forRoot({ ...config, schemaFile: undefined, signingKey: newSigningKey(), tokenSecret: randomBytes(32).toString('base64url') }, server),
      { logger: ['error', 'warn'] },
    );
    try {
      return await run(platform, config);
    } finally {
      await platform.close();
    }
  } finally {
    await server.stop();
  }
}
