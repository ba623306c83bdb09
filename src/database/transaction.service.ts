import { Global, Injectable, Module } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';

/**
 * The one way services reach the database: they open a unit of work here and hand its manager
 * to their repositories, which hold every statement. Services never see a DataSource, so SQL
 * has one home per feature and a read that belongs inside a transaction cannot quietly run
 * outside it.
 */
@Injectable()
export class TransactionService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Runs `work` in one transaction: everything it writes commits, or nothing does. */
  run<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** The manager for reads that need no transaction (each statement on its own connection from the pool). */
  get reader(): EntityManager {
    return this.db.manager;
  }

  /**
   * Runs `work` on two connections reading one snapshot (read-only, repeatable read; the second
   * imports the first's), so statements on both, side by side, describe the same moment. For
   * long reads that use two cores; nothing is written, and both are rolled back at the end.
   */
  async readSnapshotTwice<T>(work: (first: EntityManager, second: EntityManager) => Promise<T>): Promise<T> {
    const [first, second] = [this.db.createQueryRunner(), this.db.createQueryRunner()];
    try {
      await Promise.all([first.connect(), second.connect()]);
      await first.query('START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const [{ snapshot }] = (await first.query('SELECT pg_export_snapshot() AS snapshot')) as Array<{ snapshot: string }>;
      await second.query('START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      await second.query(`SET TRANSACTION SNAPSHOT ${quoteSnapshotId(snapshot)}`);
      return await work(first.manager, second.manager);
    } finally {
      await Promise.all([release(first), release(second)]);
    }
  }
}

function quoteSnapshotId(value: string): string {
  if (!/^[0-9A-F-]+$/i.test(value)) throw new Error(`unexpected snapshot id ${value}`);
  return `'${value}'`;
}

async function release(runner: QueryRunner): Promise<void> {
  if (runner.isReleased) return;
  try {
    await runner.query('ROLLBACK');
  } finally {
    await runner.release();
  }
}

@Global()
@Module({ providers: [TransactionService], exports: [TransactionService] })
export class TransactionModule {}
