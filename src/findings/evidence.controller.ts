import type {} from '@fastify/multipart';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiFile, ApiJson } from '../openapi/api-responses.js';
import { Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { receiveFile } from '../uploads/receive-file.js';
import { Allow, CurrentViewer } from '../authorization/policy.decorator.js';
import type { Viewer } from '../authorization/viewer.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { EvidenceService, evidenceMetadata, type EvidenceMetadata } from './evidence.service.js';
import { evidenceMissing, evidenceTooLarge } from './findings.errors.js';

@ApiTags('evidence')
@ApiBearerAuth()
@Controller('findings')
export class EvidenceController {
  constructor(
    private readonly evidence: EvidenceService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Multipart form with one file field named `file`; answers 201 with the stored metadata. */
  @Allow('create', 'Finding')
  @Post(':id/evidence')
  @ApiOperation({ summary: 'Attach an evidence file to a finding' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiJson(201, 'The stored file’s metadata (name, type, size, SHA-256)')
  @ApiErrors(400, 401, 403, 404, 413)
  @HttpCode(201)
  async upload(
    @CurrentViewer() viewer: Viewer,
    @Param('id', new ParseUUIDPipe()) findingId: string,
    @Req() request: FastifyRequest,
  ): Promise<EvidenceMetadata> {
    return evidenceMetadata(
      await this.evidence.add(viewer, findingId, () =>
        receiveFile(request, this.config.evidenceMaxBytes, { missing: evidenceMissing, tooLarge: evidenceTooLarge }),
      ),
    );
  }

  @Allow('read', 'Finding')
  @Get('evidence/:id')
  @ApiOperation({ summary: 'Download an evidence file', description: 'Its media type is the one decided on upload; X-Content-SHA256 carries its hash.' })
  @ApiFile('application/octet-stream', 'The file, as an attachment')
  @ApiErrors(400, 401, 403, 404)
  async download(@CurrentViewer() viewer: Viewer, @Param('id', new ParseUUIDPipe()) evidenceId: string, @Res() reply: FastifyReply): Promise<void> {
    const file = await this.evidence.download(viewer, evidenceId);
    await reply
      .header('content-type', file.contentType)
      .header('content-disposition', attachment(file.fileName))
      // The type was decided on upload; browsers must not second-guess it into something they run.
      .header('x-content-type-options', 'nosniff')
      .header('x-content-sha256', file.sha256)
      .send(file.content);
  }
}

/** Download name in both the plain form old clients read and the UTF-8 form (RFC 6266, RFC 5987) for any other name. */
export function attachment(fileName: string): string {
  const plain = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${plain}"; filename*=UTF-8''${encoded}`;
}
