import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator, type HealthCheckResult, type HealthIndicatorResult } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Public } from '../authorization/policy.decorator.js';
import { QueueService } from '../queue/queue.service.js';

/**
 * Probes for orchestrators and load balancers. Liveness asks nothing of the database (a
 * restart does not cure a database outage); readiness says whether this instance can serve.
 */
@ApiTags('health')
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly queue: QueueService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Public()
  @Get('health/live')
  @ApiOperation({ summary: 'The process is up and answering' })
  @ApiResponse({ status: 200, description: '`{"status":"ok"}`' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** `/health` stays for docker-compose files and probes configured before these routes existed. */
  @Public()
  @Get(['health/ready', 'health'])
  @ApiOperation({ summary: 'Ready for traffic: database answers, job queue started, no migration pending' })
  @ApiResponse({ status: 200, description: 'Every check is up' })
  @ApiResponse({ status: 503, description: 'At least one check is down; the body says which' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.database.pingCheck('database', { timeout: 2000 }), () => this.jobQueue(), () => this.migrations()]);
    } catch (error) {
      // Terminus refuses with the details as the exception's body: answer them, as 503.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      reply.status(503);
      return error.getResponse() as HealthCheckResult;
    }
  }

  private async jobQueue(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('jobQueue');
    if (!this.queue.running) return check.down('the job queue has not started');
    try {
      // A round trip on the queue's own connection pool.
      await this.queue.boss.getQueues();
      return check.up();
    } catch (error) {
      return check.down(`the job queue's database does not answer: ${(error as Error).message}`);
    }
  }

  private async migrations(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('migrations');
    // True when some migration has not run: this code expects a schema the database does not have yet.
    return (await this.dataSource.showMigrations()) ? check.down('migrations are pending') : check.up();
  }
}
