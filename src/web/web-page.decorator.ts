import { applyDecorators, UseFilters, UseInterceptors } from '@nestjs/common';
import { SignedInBySession } from '../authorization/policy.decorator.js';
import { WebPageErrorFilter } from './web-page-error.filter.js';
import { WebPageInterceptor } from './web-page.interceptor.js';

/**
 * Marks a controller's handlers as website pages: the viewer comes from the sign-in session (not
 * a bearer token), language and formats for their templates, errors as pages.
 */
export const WebPages = () => applyDecorators(SignedInBySession(), UseInterceptors(WebPageInterceptor), UseFilters(WebPageErrorFilter));
