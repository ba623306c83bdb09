import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import PgBoss from 'pg-boss';
import pg from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';

/** How a queue's jobs are retried and how long one may run; applied at every start, so a changed setting takes effect. */
export interface QueueOptions {
  retryLimit: number;
  retryDelaySeconds: number;
  retryBackoff: boolean;
  /** A job still running after this long is taken as lost (a crashed process) and retried. */
  expireInSeconds: number;
  /** Jobs fetched, and worked concurrently, per poll. */
  batchSize: number;
}

/** Works one job; a rejection fails that job alone, which pg-boss then retries as the queue says. */
export type JobHandler<T extends object> = (job: PgBoss.JobWithMetadata<T>) => Promise<void>;

interface DeclaredQueue {
  name: string;
  options: QueueOptions;
  /** Absent for a queue this instance only sends to. */
  handler?: JobHandler<object>;
}

/** Jobs beyond this many seconds of work at shutdown are failed and retried by the next start. */
const STOP_TIMEOUT_MS = 10_000;

/**
 * The application's one pg-boss instance, on the application database. Jobs sent with
 * `sendInTransaction` are rows written by the caller's transaction, so a job exists if and
 * only if the change that asked for it commits. Started on application bootstrap, after
 * TypeORM has run the migrations; stopped before the database connections close.
 */
@Injectable()
export class QueueService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(QueueService.name);
  private readonly database: BossDatabase;
  private readonly pgBoss: PgBoss;
  private readonly queues: DeclaredQueue[] = [];
  private started = false;

  constructor(@Inject(APP_CONFIG) config: AppConfig, @InjectDataSource() dataSource: DataSource) {
    const url = (dataSource.options as { url?: string }).url;
    if (!url) throw new Error('the job queue needs the database connection string');
    this.database = new BossDatabase(url, (error) => {
      // 57P01: the server is shutting down (the embedded one stops on the same signal as the app); not a fault.
      if ((error as { code?: string }).code !== '57P01') this.logger.error(`job queue connection: ${error.message}`);
    });
    this.pgBoss = new PgBoss({ db: this.database, pollingIntervalSeconds: config.notificationPollSeconds });
    // pg-boss reports its own failures (maintenance, polling) as events; an unheard 'error' would end the process.
    this.pgBoss.on('error', (error) => this.logger.error(`job queue: ${error.message}`));
  }

  /** The started pg-boss instance, for what this service does not wrap (schedules, looking up jobs). */
  get boss(): PgBoss {
    return this.pgBoss;
  }

  /** Started and not stopping: what the readiness probe asks. */
  get running(): boolean {
    return this.started;
  }

  /**
   * Declares a queue and the handler of its jobs. Call it from `onModuleInit`: the queue is
   * created and worked once the application has started (at once when it already has).
   */
  work<T extends object>(name: string, options: QueueOptions, handler: JobHandler<T>): void {
    this.add({ name, options, handler: handler as JobHandler<object> });
  }

  /**
   * Declares a queue this instance sends to but does not work (an intake-only instance leaves
   * delivery to another): created at start like a worked one, since pg-boss drops jobs sent to
   * a queue that does not exist, and the instance that works it may not have started yet.
   */
  declare(name: string, options: QueueOptions): void {
    this.add({ name, options });
  }

  private add(queue: DeclaredQueue): void {
    this.queues.push(queue);
    if (this.started) void this.startQueue(queue).catch((error: Error) => this.logger.error(`queue ${queue.name}: ${error.message}`));
  }

  /**
   * Adds jobs, one per item of `data`, inside `tx`'s transaction and in one statement: they
   * commit or roll back with the caller's change.
   */
  async sendInTransaction(tx: EntityManager, queue: string, data: object[]): Promise<void> {
    const runner = tx.queryRunner;
    if (!runner?.isTransactionActive) throw new Error(`jobs for ${queue} must be sent inside a transaction`);
    if (!data.length) return;
    let inserted = 0;
    const db: PgBoss.Db = {
      executeSql: async (text, values) => {
        const result = await runner.query(text, values, true);
        inserted += result.affected ?? 0;
        return { rows: result.records ?? [] };
      },
    };
    await this.pgBoss.insert(
      data.map((item) => ({ name: queue, data: item })),
      { db },
    );
    // pg-boss inserts nothing for a queue it does not know.
    if (inserted !== data.length) throw new Error(`queue ${queue} does not exist`);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.pgBoss.start();
    this.started = true;
    for (const queue of this.queues) await this.startQueue(queue);
  }

  async onModuleDestroy(): Promise<void> {
    if (this.started) {
      this.started = false;
      // Waits for the jobs being worked, so none is cut off halfway.
      await this.pgBoss.stop({ graceful: true, wait: true, timeout: STOP_TIMEOUT_MS });
    }
    await this.database.close();
  }

  private async startQueue({ name, options, handler }: DeclaredQueue): Promise<void> {
    const queue = {
      name,
      retryLimit: options.retryLimit,
      retryDelay: options.retryDelaySeconds,
      retryBackoff: options.retryBackoff,
      expireInSeconds: options.expireInSeconds,
    };
    await this.pgBoss.createQueue(name, queue);
    await this.pgBoss.updateQueue(name, queue);
    if (!handler) return;
    const workerId = await this.pgBoss.work<object>(name, { batchSize: options.batchSize, includeMetadata: true }, async (jobs) => {
      const results = await Promise.allSettled(jobs.map((job) => handler(job)));
      // Each failed job is failed on its own, so it alone is retried; pg-boss completes the others.
      await Promise.all(
        results.flatMap((result, index) =>
          result.status === 'rejected'
            ? [
                this.pgBoss
                  .fail(name, jobs[index].id, { message: errorMessage(result.reason) })
                  .catch((error: Error) => this.logger.error(`queue ${name}: ${error.message}`)),
              ]
            : [],
        ),
      );
      // A full batch means more are waiting: fetch again at once rather than after the polling interval.
      if (jobs.length === options.batchSize) this.pgBoss.notifyWorker(workerId);
    });
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * pg-boss's connections, in a pool of our own. pg-boss finishes a job without waiting for the
 * database's answer, so a job ending during shutdown may still write after the pool is gone:
 * those writes are dropped quietly (the job is retried after it expires) rather than
 * surfacing as an unhandled rejection.
 */
class BossDatabase implements PgBoss.Db {
  private readonly pool: pg.Pool;
  private closed = false;

  constructor(connectionString: string, onError: (error: Error) => void) {
    this.pool = new pg.Pool({ connectionString, max: 4, application_name: 'pactwatch-queue' });
    this.pool.on('error', onError);
  }

  async executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> {
    // An answer without rows is one pg-boss reads as nothing fetched and nothing affected;
    // an empty list would make it read the count of a completed job from a row that is not there.
    if (this.closed) return {} as { rows: unknown[] };
    return this.pool.query(text, values);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
