import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { AppModule } from '../app.module.js';
import { loadConfig, type AppConfig } from '../config/app-config.js';
import { newSigningKey, readOrCreateSecret } from '../config/secrets.js';
import { dataSourceOptions } from '../database/data-source-options.js';
import { openDatabaseServer, type DatabaseServer } from '../database/database-server.js';

/** DATABASE_URL, or the embedded cluster in the data folder (started for the command and stopped after it). */
export async function withDatabaseServer<T>(run: (server: DatabaseServer, config: AppConfig) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const server = await openDatabaseServer(config, (line) => console.error(line));
  try {
    return await run(server, config);
  } finally {
    await server.stop();
  }
}

/** A bare TypeORM connection, for commands that need the database and nothing of the platform (migrate, audit verify). */
export function withDataSource<T>(entities: NonNullable<DataSourceOptions['entities']>, run: (db: DataSource) => Promise<T>): Promise<T> {
  return withDatabaseServer(async (server) => {
    const db = new DataSource(dataSourceOptions(server.url, entities));
    await db.initialize();
    try {
      return await run(db);
    } finally {
      await db.destroy();
    }
  });
}

/**
 * Boots the platform's modules without an HTTP server, for commands that must apply the same
 * services and rules as the server (OCDS import and export, demo data). Publishing in them signs
 * an audit log checkpoint, so they use the platform's signing key; they issue no tokens and open
 * no contact details, so a throwaway token secret fills that place and the contact key stays unset.
 */
export function withPlatform<T>(run: (platform: INestApplicationContext, config: AppConfig) => Promise<T>): Promise<T> {
  return withDatabaseServer(async (server, config) => {
    const signingKey = config.signingKey ?? (await readOrCreateSecret(join(config.dataDir, 'signing-key'), newSigningKey));
    const settings = { ...config, schemaFile: undefined, signingKey, tokenSecret: randomBytes(32).toString('base64url') };
    const platform = await NestFactory.createApplicationContext(AppModule.forRoot(settings, server), { logger: ['error', 'warn'] });
    try {
      return await run(platform, config);
    } finally {
      await platform.close();
    }
  });
}
