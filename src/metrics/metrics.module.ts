import { Global, Module } from '@nestjs/common';
import { GraphqlMetricsPlugin } from './graphql-metrics.plugin.js';
import { MetricsService } from './metrics.service.js';

/** Prometheus metrics; `MetricsService` is for any feature to count what it does, one line at the point it becomes true. */
@Global()
@Module({ providers: [MetricsService, GraphqlMetricsPlugin], exports: [MetricsService] })
export class MetricsModule {}
