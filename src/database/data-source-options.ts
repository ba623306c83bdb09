import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

/**
 * The entities come from the caller: the shared database folder imports no feature, so the list of
 * all of them lives at the composition root (`src/entities.ts`), and a tool that reads one table
 * (the audit chain) or none (migrations) names only what it needs.
 */
export function dataSourceOptions(url: string, entities: NonNullable<DataSourceOptions['entities']>): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    extra: { max: 10, application_name: 'pactwatch' },
  };
}
