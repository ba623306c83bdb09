import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config.js';
import { dataSourceOptions } from './data-source-options.js';
import { openDatabaseServer } from './database-server.js';

/** `npm run migration:run`: applies pending migrations to DATABASE_URL or the embedded database. */
const server = await openDatabaseServer(loadConfig(), (line) => console.log(line));
const db = new DataSource(dataSourceOptions(server.url, []));
try {
  await db.initialize();
  const applied = await db.runMigrations({ transaction: 'each' });
  console.log(applied.length ? `applied ${applied.map((m) => m.name).join(', ')}` : 'no pending migrations');
} finally {
  await db.destroy();
  await server.stop();
}
