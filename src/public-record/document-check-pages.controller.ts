import { Body, Controller, Get, Post, Render, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, CurrentViewer } from '../authorization/policy.decorator.js';
import type { Viewer } from '../authorization/viewer.js';
import { FIELD_COSTS } from '../graphql/query-cost.js';
import type { Selection } from '../graphql/selection.js';
import { AnonymousCost } from '../rate-limits/anonymous-budget.guard.js';
import type { PageLocals } from '../web/page-locals.service.js';
import { emptyForm, Page, processForm, WebForm } from '../web/web-forms.js';
import { WebPages } from '../web/web-page.decorator.js';
import { VerifyForm } from './inputs/verify-form.input.js';
import { MAX_DOCUMENT_BYTES } from './public-record.controller.js';
import { PublicRecordService } from './public-record.service.js';

/** Who signed which version: the page names the signers of the version a document turns out to be. */
const SIGNERS: Selection = { pact: { versions: { number: true, signatures: { organisationName: true, signerName: true, party: true, signedAt: true } } } };

/**
 * Journey 3 of the website: what is this document? The same checks as POST /verify-document and
 * the `verifyDocument` query, charged to the same anonymous budget.
 */
@ApiExcludeController()
@Controller('verify')
@WebPages()
export class DocumentCheckPagesController {
  constructor(private readonly publicRecord: PublicRecordService) {}

  @Allow('read', 'PactVersion')
  @Get()
  @Render('verify/verify')
  form() {
    return { form: emptyForm() };
  }

  @Allow('read', 'PactVersion')
  @AnonymousCost(FIELD_COSTS.verification)
  @WebForm({ maxFileBytes: MAX_DOCUMENT_BYTES })
  @Post()
  @Render('verify/verify')
  async check(@CurrentViewer() viewer: Viewer, @Body() body: unknown, @Page() page: PageLocals, @Res({ passthrough: true }) reply: FastifyReply) {
    const checked = await processForm(VerifyForm, body, { name: 'verify', t: page.t }, ({ file, sha256 }) =>
      file ? this.publicRecord.verifyFile(file.content) : this.publicRecord.verifyHash(sha256!),
    );
    if (!checked.ok) {
      void reply.status(400);
      return { form: checked.form };
    }
    const result = checked.done;
    const caseFile = result.pactVersion ? await this.publicRecord.caseFile(viewer, result.procurementReference!, SIGNERS) : null;
    const version = caseFile?.pact?.versions?.find((v) => v.number === result.pactVersion!.number);
    return { form: emptyForm(), result, signatures: version?.signatures ?? [] };
  }

  @Allow('read', 'PactVersion')
  @Get('offline')
  @Render('verify/offline')
  offline() {
    return {};
  }
}
