import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { DatabaseServer } from './database-server.js';

export const DATABASE_SERVER = Symbol('DATABASE_SERVER');

/**
 * Stops the embedded PostgreSQL when the application closes (a signal, or a test's close()).
 * Nest runs the root module's shutdown hooks before TypeORM's, so the pool is closed here first:
 * a server stopped under open connections would log every one of them as an error.
 */
@Injectable()
export class DatabaseServerShutdown implements OnApplicationShutdown {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(DATABASE_SERVER) private readonly server: DatabaseServer,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.db.isInitialized) await this.db.destroy();
    await this.server.stop();
  }
}
