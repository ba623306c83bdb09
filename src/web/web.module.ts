import { Module } from '@nestjs/common';
import { PageLocalsService } from './page-locals.service.js';
import { PublicPageCache } from './public-page-cache.js';
import { WebPageErrorFilter } from './web-page-error.filter.js';
import { WebPageInterceptor } from './web-page.interceptor.js';
import { WebFormGuard } from './web-forms.js';

/** The website's shared pieces: a feature with page controllers imports this module and marks them `@WebPages()`. */
@Module({
  providers: [PageLocalsService, PublicPageCache, WebPageInterceptor, WebPageErrorFilter, WebFormGuard],
  exports: [PageLocalsService, WebPageInterceptor, WebPageErrorFilter, WebFormGuard],
})
export class WebModule {}
