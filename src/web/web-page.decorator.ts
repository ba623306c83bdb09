import { applyDecorators, UseFilters, UseInterceptors } from '@nestjs/common';
import { WebPageErrorFilter } from './web-page-error.filter.js';
import { WebPageInterceptor } from './web-page.interceptor.js';

/** Marks a controller's handlers as website pages: language and formats for their templates, errors as pages. */
export const WebPages = () => applyDecorators(UseInterceptors(WebPageInterceptor), UseFilters(WebPageErrorFilter));
