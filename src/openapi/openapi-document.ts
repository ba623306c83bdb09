import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/** Schemes named by the controllers' `@ApiBearerAuth()` and `@ApiSecurity(...)`. */
export const WEBHOOK_SECRET_SCHEME = 'webhookSecret';

/**
 * The REST routes (webhooks, OCDS, PDFs, receipts, evidence, signing key, verification, health)
 * as an OpenAPI 3 document, built from the controllers' decorators at start-up. GraphQL is
 * described by its own schema (`schema.gql`) and is not repeated here.
 */
export function openApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Pactwatch REST routes')
    .setDescription(
      'Files, webhooks and open data served beside the GraphQL API (`/graphql`, described by `schema.gql`). Errors answer `{"error":{"code","reason","message"}}`.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'The token returned by the GraphQL `login` mutation' })
    .addApiKey(
      { type: 'apiKey', in: 'header', name: 'X-Webhook-Secret', description: 'The shared secret of the gateway (or `?secret=`)' },
      WEBHOOK_SECRET_SCHEME,
    )
    .build();
  return SwaggerModule.createDocument(app, config);
}

/**
 * Serves the document at `/openapi.json` for gateways and integration partners; public, like
 * `schema.gql`. Built at the first request, not at start-up: few starts are ever asked for it,
 * and building it is a good part of a start.
 */
export function serveOpenApi(app: NestFastifyApplication): void {
  let document: OpenAPIObject | undefined;
  app
    .getHttpAdapter()
    .getInstance()
    .get('/openapi.json', async (_request, reply) => reply.header('content-type', 'application/json; charset=utf-8').send((document ??= openApiDocument(app))));
}
