import { Global, Module } from '@nestjs/common';
import { GraphqlMetricsPlugin } from './graphql-metrics.plugin.js';
import { Metrics } from './metrics.service.js';

/** Prometheus metrics; `Metrics` is for any feature to count what it does, one line at the point it becomes true. */
@Global()
@Module({ providers: [Metrics, GraphqlMetricsPlugin], exports: [Metrics] })
export class MetricsModule {}
