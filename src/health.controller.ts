import { Controller, Get } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Public } from './authorization/policy.decorator.js';

@Controller()
export class HealthController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** For load balancers and docker-compose: up only when the database answers. */
  @Public()
  @Get('health')
  async health(): Promise<{ status: string }> {
    await this.db.query('SELECT 1');
    return { status: 'ok' };
  }
}
