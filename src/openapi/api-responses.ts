import { applyDecorators } from '@nestjs/common';
import { ApiProduces, ApiResponse } from '@nestjs/swagger';

const ERROR_SCHEMA = {
  type: 'object',
  properties: {
    error: { type: 'object', properties: { code: { type: 'string' }, reason: { type: 'string' }, message: { type: 'string' } }, required: ['code', 'message'] },
  },
};

/** A file answer (`200`) of the given media type. */
export function ApiFile(mediaType: string, description: string) {
  return applyDecorators(
    ApiProduces(mediaType),
    ApiResponse({ status: 200, description, content: { [mediaType]: { schema: { type: 'string', format: 'binary' } } } }),
  );
}

/** A JSON answer with the given schema. */
export function ApiJson(status: number, description: string, schema: Record<string, unknown> = { type: 'object' }) {
  return ApiResponse({ status, description, content: { 'application/json': { schema } } });
}

/** The refusals a route can answer, in the platform's one error shape. */
export function ApiErrors(...statuses: number[]) {
  const descriptions: Record<number, string> = {
    400: 'Bad input (`BAD_USER_INPUT`)',
    401: 'Not signed in, or the webhook is not signed (`UNAUTHENTICATED`)',
    403: 'Not allowed (`FORBIDDEN`)',
    404: 'No such thing, or not visible to this viewer (`NOT_FOUND`)',
    413: 'The file is too large',
    429: 'Anonymous budget spent (`RATE_LIMITED`); the `Retry-After` header says when to try again',
  };
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, description: descriptions[status], content: { 'application/json': { schema: ERROR_SCHEMA } } })),
  );
}
