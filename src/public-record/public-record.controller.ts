import { Controller, Get, Header, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiFile, ApiJson } from '../openapi/api-responses.js';
import type { FastifyRequest } from 'fastify';
import { Allow } from '../authorization/policy.decorator.js';
import { DomainError, invalidField } from '../errors/domain-error.js';
import { FIELD_COSTS } from '../graphql/query-cost.js';
import { AnonymousCost } from '../rate-limits/anonymous-budget.guard.js';
import { receiveFile } from '../uploads/receive-file.js';
import { DocumentKind, type DocumentVerification } from './document-verification.js';
import { PublicRecordService } from './public-record.service.js';

/** Published PDFs are a few hundred kilobytes; anything far larger is not one of ours. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** Plain HTTP for people checking documents with curl and sha256sum. */
@ApiTags('verification')
@Controller()
export class PublicRecordController {
  constructor(private readonly publicRecord: PublicRecordService) {}

  /** Upload any file (multipart field `file`): the answer says which published document it is, if any. */
  @Allow('read', 'PactVersion')
  @AnonymousCost(FIELD_COSTS.verification)
  @Post('verify-document')
  @ApiOperation({
    summary: 'Which published document a file is, if any',
    description: 'Compares the file’s SHA-256 with every published pact version and report.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiJson(200, 'The document it matches, or none')
  @ApiErrors(400, 413, 429)
  @HttpCode(200)
  async verifyDocument(@Req() request: FastifyRequest): Promise<DocumentVerification> {
    const { content } = await receiveFile(request, MAX_DOCUMENT_BYTES, {
      missing: () => invalidField('file', 'send the document as a multipart field named "file"'),
      tooLarge: (maxBytes) => new DomainError('BAD_USER_INPUT', 'DOCUMENT_TOO_LARGE', `Documents above ${maxBytes} bytes are not checked`, { maxBytes }, 413),
    });
    return this.publicRecord.verifyFile(content);
  }

  /** The exact bytes a pact version's hash covers: `sha256sum` of this download equals its contentHash. */
  @Allow('read', 'PactVersion')
  @Get('pacts/versions/:id/canonical.json')
  @ApiOperation({ summary: 'The exact bytes a pact version’s content hash covers' })
  @ApiFile('application/json', '`sha256sum` of this download equals the version’s contentHash')
  @ApiErrors(400, 404)
  @Header('content-type', 'application/json; charset=utf-8')
  pactCanonical(@Param('id', new ParseUUIDPipe()) id: string): Promise<string> {
    return this.publicRecord.canonicalContent(DocumentKind.PACT_VERSION, id);
  }

  @Allow('read', 'PublishedReport')
  @Get('reports/published/:id/canonical.json')
  @ApiOperation({ summary: 'The exact bytes a published report’s content hash covers' })
  @ApiFile('application/json', '`sha256sum` of this download equals the report’s contentHash')
  @ApiErrors(400, 404)
  @Header('content-type', 'application/json; charset=utf-8')
  reportCanonical(@Param('id', new ParseUUIDPipe()) id: string): Promise<string> {
    return this.publicRecord.canonicalContent(DocumentKind.MONITORING_REPORT, id);
  }
}
