import { Body, Controller, Get, Post, Render, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentViewer, Public } from '../../authorization/policy.decorator.js';
import type { Viewer } from '../../authorization/viewer.js';
import { invalidInput } from '../../errors/domain-error.js';
import { FIELD_COSTS } from '../../graphql/query-cost.js';
import { NotificationTemplatesService } from '../../notifications/notification-templates.service.js';
import { pdfFile } from '../../pdf/pdf-response.js';
import { AnonymousCost } from '../../rate-limits/anonymous-budget.guard.js';
import type { PageLocals } from '../../web/page-locals.service.js';
import { emptyForm, Page, processForm, WebForm, type FormState } from '../../web/web-forms.js';
import { WebPages } from '../../web/web-page.decorator.js';
import { ComplaintsService } from '../complaints.service.js';
import { ComplaintReceiptsService } from '../records/complaint-receipts.service.js';
import { ComplainantDeskService } from './complainant-desk.service.js';
import { ReceiptForm } from './inputs/receipt-form.input.js';
import { ReportForm } from './inputs/report-form.input.js';
import { lodgedComplaintView } from './lodged-complaint-view.js';

/**
 * Journey 4 of the website: a citizen reports a problem. The same intake as the `lodgeComplaint`
 * mutation (referral, notifications, audit, the limit per client address); each rendering of
 * the form lodges at most one complaint, however often it is sent.
 */
@ApiExcludeController()
@Controller('report')
@WebPages()
export class ComplaintReportPagesController {
  constructor(
    private readonly desk: ComplainantDeskService,
    private readonly complaints: ComplaintsService,
    private readonly templates: NotificationTemplatesService,
    private readonly receipts: ComplaintReceiptsService,
  ) {}

  @Public()
  @Get()
  @Render('report/report')
  form(@Page() page: PageLocals) {
    return this.formPage(emptyForm({ language: this.replyLanguage(page.lang) }));
  }

  @Public()
  @WebForm({ once: true })
  @Post()
  @Render('report/report')
  async lodge(
    @CurrentViewer() viewer: Viewer,
    @Body() body: unknown,
    @Page() page: PageLocals,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const lodged = await processForm(ReportForm, body, { name: 'report', t: page.t }, (input) =>
      this.desk.lodgeOnWeb(viewer, input.toLodgeInput(), request.ip),
    );
    if (!lodged.ok) {
      void reply.status(400);
      return this.formPage(lodged.form);
    }
    // Answered here rather than redirected (POST/redirect/GET): the secret is shown once and kept
    // nowhere, so no later GET could show it. A reload re-sends the spent form and is refused.
    // Shown once and never again (only its hash is kept): the answer must not be kept by any cache.
    void reply.header('cache-control', 'no-store');
    return { lodged: lodgedComplaintView(lodged.done), anonymous: lodged.input.anonymous === 'yes' };
  }

  /**
   * The receipt of the complaint just lodged, its secret printed on it. Asked by a form (the
   * tracking number and secret as hidden fields) rather than a link, so the secret is never in an
   * address; downloaded rather than shown, so the page with the secret stays on screen. Checked
   * like the GET receipt (/complaints/<number>/receipt.pdf): a wrong secret is a failed proof.
   */
  @Public()
  @AnonymousCost(FIELD_COSTS.pdf)
  @WebForm()
  @Post('receipt')
  async receipt(
    @Body() body: unknown,
    @Page() page: PageLocals,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const printed = await processForm(ReceiptForm, body, { name: 'receipt', t: page.t }, (input) =>
      this.receipts.render(input.trackingNumber, input.secret, request.ip),
    );
    if (!printed.ok) throw invalidInput(Object.keys(printed.form.errors).map((field) => ({ field, messages: ['invalid'] })));
    // It carries the secret: no cache may keep it.
    void reply.header('cache-control', 'no-store');
    return pdfFile(printed.done, { download: true });
  }

  private async formPage(form: FormState) {
    return { form, ...(await this.complaints.classificationLists()), replyLanguages: this.templates.languages() };
  }

  /** Replies go out in the page's language when there are messages in it, else in English. */
  private replyLanguage(lang: string): string {
    return this.templates.languages().includes(lang) ? lang : 'en';
  }
}
