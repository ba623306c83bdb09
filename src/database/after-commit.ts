import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';

interface Pending {
  /** The transaction depth (savepoint level) the callback was registered at. */
  depth: number;
  run: () => void;
}

const pending = new WeakMap<QueryRunner, Pending[]>();

/** Savepoint level; kept by TypeORM's query runners but not part of the QueryRunner interface. */
const depthOf = (runner: QueryRunner): number => (runner as unknown as { transactionDepth: number }).transactionDepth;

/**
 * Runs `run` once the transaction `manager` belongs to has committed, and never if it rolls
 * back: for facts (a counter, say) that are only true once the change is. Outside a
 * transaction it runs at once. Needs `installAfterCommit` on the data source.
 */
export function afterCommit(manager: EntityManager, run: () => void): void {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) return run();
  const callbacks = pending.get(runner) ?? [];
  callbacks.push({ depth: depthOf(runner), run });
  pending.set(runner, callbacks);
}

class AfterCommitSubscriber implements EntitySubscriberInterface {
  afterTransactionCommit({ queryRunner }: TransactionCommitEvent): void {
    // A released savepoint commits nothing yet: its callbacks wait for the outer commit.
    if (queryRunner.isTransactionActive) return;
    const callbacks = pending.get(queryRunner) ?? [];
    pending.delete(queryRunner);
    for (const callback of callbacks) callback.run();
  }

  afterTransactionRollback({ queryRunner }: TransactionRollbackEvent): void {
    if (!queryRunner.isTransactionActive) return void pending.delete(queryRunner);
    // Rolled back to a savepoint: what was registered inside it did not happen.
    const kept = (pending.get(queryRunner) ?? []).filter((callback) => callback.depth <= depthOf(queryRunner));
    pending.set(queryRunner, kept);
  }
}

const installed = new WeakSet<DataSource>();

/** Listens to the data source's commits and rollbacks for `afterCommit`; once per data source. */
export function installAfterCommit(dataSource: DataSource): void {
  if (installed.has(dataSource)) return;
  installed.add(dataSource);
  dataSource.subscribers.push(new AfterCommitSubscriber());
}
