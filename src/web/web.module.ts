import { Module } from '@nestjs/common';
import { PageLocalsService } from './page-locals.service.js';
import { WebPageErrorFilter } from './web-page-error.filter.js';
import { WebPageInterceptor } from './web-page.interceptor.js';

/** The website's shared pieces: a feature with page controllers imports this module and marks them `@WebPages()`. */
@Module({
  providers: [PageLocalsService, WebPageInterceptor, WebPageErrorFilter],
  exports: [PageLocalsService, WebPageInterceptor, WebPageErrorFilter],
})
export class WebModule {}
