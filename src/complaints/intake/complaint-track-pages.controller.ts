import { Body, Controller, Get, Post, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../authorization/policy.decorator.js';
import type { PageLocals } from '../../web/page-locals.service.js';
import { emptyForm, Page, readForm, submitForm, WebForm, type FormState } from '../../web/web-forms.js';
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
    const read = await readForm(TrackForm, body, page.t);
    const { trackingNumber, secret } = read.ok ? read.input : { trackingNumber: '', secret: undefined };
    const found = read.ok
      ? await submitForm(() => this.proofs.forStatus(trackingNumber, secret, request.ip), { values: body, name: 'track', t: page.t, refusals: REFUSALS })
      : read;
    if (!found.ok) {
      void reply.status(400);
      return { form: found.form };
    }
    return this.statusPage(found.done, { trackingNumber, secret });
  }

  @Public()
  @WebForm()
  @Post('information')
  @Render('track/track')
  async addInformation(@Body() body: unknown, @Page() page: PageLocals, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const read = await readForm(InformationForm, body, page.t);
    const done = read.ok
      ? await submitForm(() => this.desk.addInformation(read.input, request.ip), { values: body, name: 'track', t: page.t, refusals: REFUSALS })
      : read;
    return this.afterAction(done, body, request, reply, 'track.informationAdded');
  }

  @Public()
  @WebForm()
  @Post('rating')
  @Render('track/track')
  async rate(@Body() body: unknown, @Page() page: PageLocals, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const read = await readForm(RatingForm, body, page.t);
    const done = read.ok
      ? await submitForm(() => this.desk.rate(read.input, request.ip), { values: body, name: 'track', t: page.t, refusals: REFUSALS })
      : read;
    return this.afterAction(done, body, request, reply, 'track.rated');
  }

  /** The complaint again, with a word on what was done, or the form's errors (the proof checked again: a right secret costs nothing). */
  private async afterAction(
    done: { ok: true; done: Complaint } | { ok: false; form: FormState },
    body: unknown,
    request: FastifyRequest,
    reply: FastifyReply,
    notice: string,
  ) {
    const proof = body as { trackingNumber?: string; secret?: string };
    if (done.ok) return this.statusPage(done.done, proof, { notice });
    void reply.status(400);
    const complaint = await this.proofs.forStatus(String(proof.trackingNumber ?? ''), proof.secret, request.ip);
    return this.statusPage(complaint, proof, { form: done.form });
  }

  private async statusPage(complaint: Complaint, proof: { trackingNumber?: string; secret?: string }, extra: { notice?: string; form?: FormState } = {}) {
    return { status: await this.complaints.statusView(complaint), proof, form: emptyForm(), ...extra };
  }
}
