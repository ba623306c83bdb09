import type {} from '@fastify/multipart';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiFile, ApiJson } from '../openapi/api-responses.js';
import { Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { receiveFile } from '../uploads/receive-file.js';
import { Allow, CurrentViewer, Public } from '../authorization/policy.decorator.js';
import type { Viewer } from '../authorization/viewer.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { extensionFile } from './ocds-extension.js';
import { OcdsExportService } from './ocds-export.service.js';
import { OcdsImportService, type ImportSummary } from './ocds-import.service.js';
import type { OcdsRecordPackage, OcdsReleasePackage } from './ocds-release.js';
import { parsePackage } from './ocds-validation.js';
import { packageFileMissing, packageTooLarge } from './ocds.errors.js';

export const IMPORT_ROUTE = '/ocds/import';

@ApiTags('OCDS')
@Controller('ocds')
export class OcdsController {
  constructor(
    private readonly imports: OcdsImportService,
    private readonly exports: OcdsExportService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * An OCDS 1.1 release or record package, as the JSON body or as the file field `file` of a
   * multipart form. Contracting authorities import their own procurements; administrators any.
   */
  @Allow('create', 'Procurement')
  @Post('import')
  @ApiOperation({ summary: 'Import an OCDS 1.1 release or record package', description: 'As the JSON body, or as the file field `file` of a multipart form.' })
  @ApiBearerAuth()
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({
    schema: {
      oneOf: [
        { type: 'object', description: 'An OCDS release or record package' },
        { type: 'object', properties: { file: { type: 'string', format: 'binary' } } },
      ],
    },
  })
  @ApiJson(200, 'What was imported')
  @ApiErrors(400, 401, 403, 413)
  @HttpCode(200)
  async import(@CurrentViewer() viewer: Viewer, @Req() request: FastifyRequest): Promise<ImportSummary> {
    return this.imports.import(viewer, await receivePackage(request, this.config.ocdsImportMaxBytes), { via: 'http' });
  }

  @Public()
  @Get('procurements/:id/release-package.json')
  @ApiOperation({ summary: 'A procurement’s releases as an OCDS release package' })
  @ApiJson(200, 'OCDS 1.1 release package')
  @ApiErrors(400, 404)
  releasePackage(@CurrentViewer() viewer: Viewer, @Param('id', new ParseUUIDPipe()) id: string, @Req() request: FastifyRequest): Promise<OcdsReleasePackage> {
    return this.exports.releasePackage(viewer, id, baseUrlOf(request));
  }

  @Public()
  @Get('record-package.json')
  @ApiOperation({ summary: 'Every public procurement as an OCDS record package' })
  @ApiJson(200, 'OCDS 1.1 record package')
  recordPackage(@Req() request: FastifyRequest): Promise<OcdsRecordPackage> {
    return this.exports.recordPackage(baseUrlOf(request));
  }

  @Public()
  @Get('extension/:file')
  @ApiOperation({ summary: 'A file of Pactwatch’s OCDS extension (extension.json, release-schema.json)' })
  @ApiParam({ name: 'file', example: 'extension.json' })
  @ApiFile('application/json', 'The extension file')
  @ApiErrors(404)
  async extensionFile(@Param('file') name: string, @Res() reply: FastifyReply): Promise<void> {
    const file = await extensionFile(name);
    await reply.header('content-type', file.contentType).send(file.content);
  }

  @Public()
  @Get('extension/codelists/:file')
  @ApiOperation({ summary: 'A codelist of Pactwatch’s OCDS extension' })
  @ApiFile('text/csv', 'The codelist')
  @ApiErrors(404)
  async extensionCodelist(@Param('file') name: string, @Res() reply: FastifyReply): Promise<void> {
    const file = await extensionFile(`codelists/${name}`);
    await reply.header('content-type', file.contentType).send(file.content);
  }
}

/** The platform's address as the client reached it, for the absolute URLs OCDS packages carry. */
function baseUrlOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/** The JSON body (already parsed by Fastify within the route's body limit), or the one file of a multipart form. */
async function receivePackage(request: FastifyRequest, maxBytes: number): Promise<unknown> {
  if (!request.isMultipart()) {
    if (request.body === undefined) throw packageFileMissing();
    return request.body;
  }
  const { content } = await receiveFile(request, maxBytes, { missing: packageFileMissing, tooLarge: packageTooLarge });
  return parsePackage(content.toString('utf8'));
}
