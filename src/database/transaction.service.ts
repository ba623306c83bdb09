import { Global, Injectable, Module } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

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
}

@Global()
@Module({ providers: [TransactionService], exports: [TransactionService] })
export class TransactionModule {}
