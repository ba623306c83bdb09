import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './database/data-source-options.js';
import { ENTITIES } from './entities.js';

/** For the TypeORM CLI (`npm run migration:generate`), which needs DATABASE_URL. */
if (!process.env.DATABASE_URL) throw new Error('Set DATABASE_URL to the database to compare the entities with');
export default new DataSource(dataSourceOptions(process.env.DATABASE_URL, ENTITIES));
