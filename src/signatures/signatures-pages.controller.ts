import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Render, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, CurrentViewer } from '../authorization/policy.decorator.js';
import type { Viewer } from '../authorization/viewer.js';
import type { PageLocals } from '../web/page-locals.service.js';
import { emptyForm, Page, processForm, WebForm, type FormState } from '../web/web-forms.js';
import { WebPages } from '../web/web-page.decorator.js';
import { AuthoritySignatureForm } from './inputs/authority-signature-form.input.js';
import { SignaturesService } from './signatures.service.js';

/** Refusals of signing the authority can act on, shown beside the confirmation. */
const SIGN_REFUSALS = { PACT_VERSION_SUPERSEDED: 'confirm', SIGNING_CLOSED: 'confirm' };

/** The contracting authority signs a published version of its pact (issue 12, item 1). */
@ApiExcludeController()
@Controller('workspace/pact-versions/:versionId/authority-signature')
@WebPages()
export class SignaturesPagesController {
  constructor(private readonly signatures: SignaturesService) {}

  @Allow('sign', 'Signature')
  @Get()
  @Render('workspace/authority/sign')
  page(@CurrentViewer() viewer: Viewer, @Param('versionId', ParseUUIDPipe) versionId: string) {
    return this.view(viewer, versionId, emptyForm());
  }

  @Allow('sign', 'Signature')
  @WebForm({ once: true })
  @Post()
  async sign(
    @CurrentViewer() viewer: Viewer,
    @Param('versionId', ParseUUIDPipe) versionId: string,
    @Body() body: unknown,
    @Page() page: PageLocals,
    @Res() reply: FastifyReply,
  ) {
    const { organisation } = await this.signatures.forAuthority(viewer, versionId);
    const signed = await processForm(AuthoritySignatureForm, body, { name: 'authority.sign', t: page.t, refusals: SIGN_REFUSALS }, () =>
      this.signatures.sign(viewer, { pactVersionId: versionId, organisationId: organisation.id, consent: true }),
    );
    if (signed.ok) return reply.redirect(`/workspace/pact-versions/${versionId}/authority-signature`, 303);
    return reply.status(400).view('workspace/authority/sign.njk', await this.view(viewer, versionId, signed.form));
  }

  private async view(viewer: Viewer, versionId: string, form: FormState) {
    return { ...(await this.signatures.forAuthority(viewer, versionId)), form };
  }
}
