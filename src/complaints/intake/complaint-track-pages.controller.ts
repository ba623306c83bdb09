import { Body, Controller, Get, Post, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../authorization/policy.decorator.js';
import type { PageLocals } from '../../web/page-locals.service.js';
import { emptyForm, Page, processForm, WebForm, type FormState } from '../../web/web-forms.js';
import { WebPages } from '../../web/web-page.decorator.js';
import type { Complaint } from '../complaint.entity.js';
import { ComplaintsService } from '../complaints.service.js';
import { ComplainantProofsService } from '../proofs/complainant-proofs.service.js';
import { ComplainantDeskService } from './complainant-desk.service.js';
import { InformationForm, RatingForm, TrackForm } from './inputs/track-form.input.js';

/** Refusals that are the visitor's to correct: every failed proof gets the same answer (see ComplainantProofsService). */
const REFUSALS = { COMPLAINT_NOT_FOUND: 'trackingNumber', RATING_REFUSED: 'rating' };

/**
 * Journey 5 of the website: a complainant follows their complaint. The same services as the
 * `trackComplaint`, `addComplaintInformation` and `rateComplaint` operations, with the same
 * limits on failed proofs. The tracking number and secret travel in POST bodies only, never in
 * an address, so they stay out of logs and browser history.
 */
@ApiExcludeController()
@Controller('track')
@WebPages()
export class ComplaintTrackPagesController {
  constructor(
    private readonly complaints: ComplaintsService,
    private readonly proofs: ComplainantProofsService,
    private readonly desk: ComplainantDeskService,
  ) {}

  @Public()
  @Get()
  @Render('track/track')
  form() {
    return { form: emptyForm() };
  }

  @Public()
  @WebForm()
  @Post()
  @Render('track/track')
  async track(@Body() body: unknown, @Page() page: PageLocals, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const found = await processForm(TrackForm, body, this.handling(page), (input) => this.proofs.forStatus(input.trackingNumber, input.secret, request.ip));
    return this.answer(reply, body, found);
  }

  @Public()
  @WebForm()
  @Post('information')
  @Render('track/track')
  async addInformation(@Body() body: unknown, @Page() page: PageLocals, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const added = await processForm(InformationForm, body, this.handling(page), (input) => this.desk.addInformation(input, request.ip));
    return this.answer(reply, body, added, 'track.informationAdded', request.ip);
  }

  @Public()
  @WebForm()
  @Post('rating')
  @Render('track/track')
  async rate(@Body() body: unknown, @Page() page: PageLocals, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const rated = await processForm(RatingForm, body, this.handling(page), (input) => this.desk.rate(input, request.ip));
    return this.answer(reply, body, rated, 'track.rated', request.ip);
  }

  private handling(page: PageLocals) {
    return { name: 'track', t: page.t, refusals: REFUSALS };
  }

  /**
   * The complaint, with a word on what was just done; or the form's errors. When the proof
   * failed, the first form again (checking it once more would count a second failure); when only
   * the added text or the rating was wrong, the complaint with those errors (a right secret costs nothing).
   */
  private async answer(
    reply: FastifyReply,
    body: unknown,
    result: { ok: true; done: Complaint } | { ok: false; form: FormState },
    notice?: string,
    client?: string,
  ) {
    const { trackingNumber = '', secret } = body as { trackingNumber?: string; secret?: string };
    // The page carries the secret in its forms: no cache may keep it.
    void reply.header('cache-control', 'no-store');
    if (result.ok) return this.statusPage(result.done, { trackingNumber, secret }, { notice });
    void reply.status(400);
    if (!client || result.form.errors.trackingNumber || result.form.errors.secret) return { form: result.form };
    const complaint = await this.proofs.forStatus(trackingNumber, secret, client);
    return this.statusPage(complaint, { trackingNumber, secret }, { form: result.form });
  }

  private async statusPage(complaint: Complaint, proof: { trackingNumber: string; secret?: string }, extra: { notice?: string; form?: FormState }) {
    return { status: await this.complaints.statusView(complaint), proof, form: emptyForm(), ...extra };
  }
}
