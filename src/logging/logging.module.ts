import { Module, type DynamicModule } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { AppConfig } from '../config/app-config.js';
import { loggerParams } from './logger-params.js';
import { GraphqlOperationLogContext, ViewerLogContext } from './request-log-context.js';

/** Structured logs (pino) for the whole application, with the request's context on every line. */
@Module({})
export class LoggingModule {
  static forRoot(config: Pick<AppConfig, 'logLevel' | 'logPretty'>, destination?: DestinationStream): DynamicModule {
    return {
      module: LoggingModule,
      imports: [LoggerModule.forRoot(loggerParams(config, destination))],
      providers: [{ provide: APP_INTERCEPTOR, useClass: ViewerLogContext }, GraphqlOperationLogContext],
    };
  }
}
