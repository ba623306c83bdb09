import { Controller, Get, Header, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Allow } from '../authorization/policy.decorator.js';
import { invalidField } from '../errors/domain-error.js';
import { DocumentKind, type DocumentVerification } from './document-verification.js';
import { PublicRecordService } from './public-record.service.js';

/** Plain HTTP for people checking documents with curl and sha256sum. */
@Controller()
export class PublicRecordController {
  constructor(private readonly publicRecord: PublicRecordService) {}

  /** Upload any file (multipart field `file`): the answer says which published document it is, if any. */
  @Allow('read', 'PactVersion')
  @Post('verify-document')
  @HttpCode(200)
  async verifyDocument(@Req() request: FastifyRequest): Promise<DocumentVerification> {
    const upload = await request.file({ limits: { fileSize: 50 * 1024 * 1024 } });
    if (!upload) throw invalidField('file', 'send the document as a multipart field named "file"');
    return this.publicRecord.verifyFile(await upload.toBuffer());
  }

  /** The exact bytes a pact version's hash covers: `sha256sum` of this download equals its contentHash. */
  @Allow('read', 'PactVersion')
  @Get('pacts/versions/:id/canonical.json')
  @Header('content-type', 'application/json; charset=utf-8')
  pactCanonical(@Param('id', new ParseUUIDPipe()) id: string): Promise<string> {
    return this.publicRecord.canonicalContent(DocumentKind.PACT_VERSION, id);
  }

  @Allow('read', 'PublishedReport')
  @Get('reports/published/:id/canonical.json')
  @Header('content-type', 'application/json; charset=utf-8')
  reportCanonical(@Param('id', new ParseUUIDPipe()) id: string): Promise<string> {
    return this.publicRecord.canonicalContent(DocumentKind.MONITORING_REPORT, id);
  }
}
