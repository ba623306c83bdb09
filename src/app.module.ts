import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import type { DestinationStream } from 'pino';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { GraphQLModule } from '@nestjs/graphql';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from './accounts/accounts.module.js';
import { AuditModule } from './audit/audit.module.js';
import { CheckpointsModule } from './checkpoints/checkpoints.module.js';
import { AuthModule } from './auth/auth.module.js';
import { AuthorizationGuard } from './authorization/authorization.guard.js';
import { ClockModule } from './clock/clock.module.js';
import { ComplaintChannelsModule } from './complaint-channels/complaint-channels.module.js';
import { ComplaintStatisticsModule } from './complaint-statistics/complaint-statistics.module.js';
import { ComplaintStatus } from './complaints/complaint.entity.js';
import { ComplaintsModule } from './complaints/complaints.module.js';
import { APP_CONFIG } from './config/app-config.js';
import type { ResolvedConfig } from './config/secrets.js';
import { dataSourceOptions } from './database/data-source-options.js';
import type { DatabaseServer } from './database/database-server.js';
import { DATABASE_SERVER, DatabaseServerShutdown } from './database/database-server.shutdown.js';
import { TransactionModule } from './database/transaction.service.js';
import { shutdownTracing } from './tracing/tracing.js';
import { ENTITIES } from './entities.js';
import { EventsModule } from './events/events.module.js';
import { HttpErrorFilter } from './errors/http-error.filter.js';
import { validationPipe } from './errors/validation.js';
import { graphqlOptions } from './graphql/graphql-options.js';
import { NOTIFICATION_STATUSES } from './notifications/notification-templates.service.js';
import { HealthModule } from './health/health.module.js';
import { LoggingModule } from './logging/logging.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { PactsModule } from './pacts/pacts.module.js';
import { ProcurementsModule } from './procurements/procurements.module.js';
import { TenderingModule } from './tendering/tendering.module.js';
import { FindingsModule } from './findings/findings.module.js';
import { SignOffsModule } from './sign-offs/sign-offs.module.js';
import { RedFlagsModule } from './red-flags/red-flags.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { OcdsModule } from './ocds/ocds.module.js';
import { PublicRecordModule } from './public-record/public-record.module.js';
import { WorkspaceModule } from './workspace/workspace.module.js';
import { QueueModule } from './queue/queue.module.js';
import { AnonymousBudgetGuard } from './rate-limits/anonymous-budget.guard.js';
import { AnonymousBudgetService } from './rate-limits/anonymous-budget.service.js';
import { RateLimitsModule } from './rate-limits/rate-limits.module.js';
import { SeedModule } from './seed/seed.module.js';
import { SignaturesModule } from './signatures/signatures.module.js';
import { SigningModule } from './signing/signing.module.js';
import { StagesModule } from './stages/stages.module.js';

/** The domain's areas, each a folder of src/ (README, "Code layout"), in the order they are set up. */
const DOMAIN_MODULES = [
  AccountsModule,
  ProcurementsModule,
  PactsModule,
  SignaturesModule,
  StagesModule,
  TenderingModule,
  FindingsModule,
  SignOffsModule,
  RedFlagsModule,
  ReportsModule,
  OcdsModule,
  PublicRecordModule,
  WorkspaceModule,
  ComplaintsModule,
  ComplaintStatisticsModule,
  ComplaintChannelsModule,
];

@Module({})
export class AppModule {
  /** `logDestination` replaces standard output for the logs (tests read them). */
  static forRoot(config: ResolvedConfig, database: DatabaseServer, logDestination?: DestinationStream): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        LoggingModule.forRoot(config, logDestination),
        // Migrations ran before, as the owner (startApp); the platform itself connects as the application role.
        TypeOrmModule.forRoot(dataSourceOptions(database.url, ENTITIES)),
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => ({ app: config })] }),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [AnonymousBudgetService],
          useFactory: (budget: AnonymousBudgetService) => graphqlOptions(config, budget),
        }),
        MetricsModule,
        TransactionModule,
        EventEmitterModule.forRoot(),
        EventsModule,
        ClockModule,
        RateLimitsModule,
        QueueModule,
        NotificationsModule,
        AuthModule,
        AuditModule,
        SigningModule,
        CheckpointsModule,
        ...DOMAIN_MODULES,
        SeedModule,
        HealthModule,
      ],
      providers: [
        { provide: APP_CONFIG, useFactory: (settings: ConfigService) => settings.getOrThrow<ResolvedConfig>('app'), inject: [ConfigService] },
        { provide: DATABASE_SERVER, useValue: database },
        DatabaseServerShutdown,
        // Spans still buffered are sent before the process exits.
        { provide: 'TRACING_SHUTDOWN', useValue: { onApplicationShutdown: shutdownTracing } },
        { provide: NOTIFICATION_STATUSES, useValue: Object.values(ComplaintStatus) },
        { provide: APP_GUARD, useClass: AuthorizationGuard },
        // After authorization, so that a refused request spends nothing and the viewer is known.
        { provide: APP_GUARD, useClass: AnonymousBudgetGuard },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        { provide: APP_PIPE, useFactory: validationPipe },
      ],
      exports: [APP_CONFIG, NOTIFICATION_STATUSES],
    };
  }
}
