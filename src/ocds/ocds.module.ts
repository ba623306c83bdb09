import { Inject, Module } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ProcurementsModule } from '../procurements/procurements.module.js';
import { OcdsExportService } from './ocds-export.service.js';
import { OcdsImportService } from './ocds-import.service.js';
import { OcdsOrganisationImportService } from './ocds-organisation-import.service.js';
import { OcdsTenderingImportService } from './ocds-tendering-import.service.js';
import { OcdsRepository } from './ocds.repository.js';
import { notJson, packageTooLarge } from './ocds.errors.js';
import { OcdsController, IMPORT_ROUTE } from './ocds.controller.js';

@Module({
  imports: [ProcurementsModule],
  controllers: [OcdsController],
  providers: [OcdsImportService, OcdsOrganisationImportService, OcdsTenderingImportService, OcdsExportService, OcdsRepository],
})
export class OcdsModule {
  /**
   * OCDS packages run to megabytes, far past the platform's 1 MiB body limit. Fastify fixes a
   * route's limit when the route is registered, which Nest does after building the modules, so
   * the import route's own limit is set from here. (No HTTP server when a CLI boots the modules.)
   */
  constructor(adapterHost: HttpAdapterHost, @Inject(APP_CONFIG) config: AppConfig) {
    adapterHost.httpAdapter?.getInstance<FastifyInstance>().addHook('onRoute', (route) => {
      if (route.url !== IMPORT_ROUTE || route.method !== 'POST') return;
      route.bodyLimit = config.ocdsImportMaxBytes;
      // Fastify refuses a bad body before any Nest filter runs; answer in the import's own terms.
      route.errorHandler = (error) => {
        const code = (error as { code?: string }).code;
        if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw packageTooLarge(config.ocdsImportMaxBytes);
        throw code === 'FST_ERR_CTP_INVALID_JSON_BODY' ? notJson(error.message) : error;
      };
    });
  }
}
