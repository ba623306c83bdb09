import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '../config/app-config.js';
import type { ResolvedConfig } from '../config/secrets.js';
import { periodCron } from '../queue/period-cron.js';
import { QueueService } from '../queue/queue.service.js';
import { CheckpointsService, WITNESS_QUEUE, type WitnessJob } from './checkpoints.service.js';

/** The pg-boss queue (and schedule) of periodic checkpoints, one for all instances. */
export const CHECKPOINT_QUEUE = 'audit-checkpoint';

const WITNESS_TIMEOUT_MS = 10_000;

/**
 * Makes a checkpoint every CHECKPOINT_INTERVAL_SECONDS when the log has grown (one pg-boss
 * schedule shared by all instances, as the deadline sweep), and POSTs each new checkpoint to the
 * witness URLs, retried like a notification when a witness is down.
 */
@Injectable()
export class CheckpointScheduleService implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly checkpoints: CheckpointsService,
    private readonly queue: QueueService,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {}

  /** Command-line tools boot without the contact key; the schedule is the server's. */
  private get serving(): boolean {
    return Boolean(this.config.contactEncryptionKey);
  }

  onModuleInit(): void {
    this.queue.work<WitnessJob>(
      WITNESS_QUEUE,
      {
        retryLimit: this.config.notificationRetryLimit,
        retryDelaySeconds: this.config.notificationRetryDelaySeconds,
        retryBackoff: true,
        expireInSeconds: 60,
        batchSize: 5,
      },
      (job) => this.postToWitness(job.data),
    );
    if (!this.serving || !periodCron(this.config.checkpoints.intervalSeconds)) return;
    this.queue.work(CHECKPOINT_QUEUE, { retryLimit: 0, retryDelaySeconds: 0, retryBackoff: false, expireInSeconds: 300, batchSize: 1 }, async () => {
      await this.checkpoints.checkpointNow();
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.serving) return;
    const cron = periodCron(this.config.checkpoints.intervalSeconds);
    if (cron) await this.queue.boss.schedule(CHECKPOINT_QUEUE, cron);
    else await this.queue.boss.unschedule(CHECKPOINT_QUEUE);
  }

  private async postToWitness({ url, treeSize }: WitnessJob): Promise<void> {
    const { note } = await this.checkpoints.bySize(Number(treeSize));
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: note,
      signal: AbortSignal.timeout(WITNESS_TIMEOUT_MS),
    });
    // A refusal is retried: the witness may be down for a while, and must not miss a checkpoint.
    if (!response.ok) throw new Error(`witness ${new URL(url).host} answered ${response.status}`);
  }
}
