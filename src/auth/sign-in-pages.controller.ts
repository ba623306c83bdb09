import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Allow, CurrentViewer, Public } from '../authorization/policy.decorator.js';
import type { Viewer } from '../authorization/viewer.js';
import type { PageLocals } from '../web/page-locals.service.js';
import { emptyForm, Page, processForm, WebForm, type FormState } from '../web/web-forms.js';
import { WebPages } from '../web/web-page.decorator.js';
import { AuthService } from './auth.service.js';
import { ChangePasswordForm, RevokeSessionsForm, SignInForm } from './inputs/sign-in-forms.input.js';
import { safeReturnPath } from './return-path.js';
import { SessionsService } from './sessions.service.js';
import { sessionSecretOf } from './viewer.service.js';

/** Refusals shown beside a field: a wrong email or password is one answer, so it tells nobody which accounts exist. */
const SIGN_IN_REFUSALS = { WRONG_CREDENTIALS: 'password', TOO_MANY_LOGIN_ATTEMPTS: 'email' };
const PASSWORD_REFUSALS = { WRONG_CURRENT_PASSWORD: 'currentPassword', TOO_MANY_LOGIN_ATTEMPTS: 'currentPassword' };
const REVOKE_REFUSALS = { USER_NOT_FOUND: 'email' };

/** A form re-shown never carries a password back to the browser. */
function withoutPasswords(form: FormState): FormState {
  const { password: _p, currentPassword: _c, newPassword: _n, confirmPassword: _r, ...values } = form.values;
  return { ...form, values };
}

/**
 * Signing in and out of the staff pages, and a person's own account. The same accounts,
 * password hashes and failed-login limits as GraphQL's `login`; what the browser gets is a
 * session cookie (see SessionsService), never a bearer token.
 */
@ApiExcludeController()
@Controller()
@WebPages()
export class SignInPagesController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
  ) {}

  @Public()
  @Get('login')
  signInForm(@Query('next') next: unknown, @Query('signedOut') signedOut: unknown, @Res() reply: FastifyReply) {
    return reply.view('sign-in/login.njk', { form: emptyForm({ next: safeReturnPath(next) }), signedOut: signedOut === '1' });
  }

  @Public()
  @WebForm()
  @Post('login')
  async signIn(@Body() body: unknown, @Page() page: PageLocals, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const previous = sessionSecretOf(request, this.sessions.cookie.name) ?? undefined;
    const result = await processForm(SignInForm, body, { name: 'signIn', t: page.t, refusals: SIGN_IN_REFUSALS }, (input) =>
      this.auth.startSession(input.email, input.password, request.ip, previous),
    );
    if (!result.ok) return reply.status(400).view('sign-in/login.njk', { form: withoutPasswords(result.form) });
    void reply.setCookie(this.sessions.cookie.name, result.done, this.sessions.cookie.options);
    return reply.redirect(safeReturnPath(result.input.next), 303);
  }

  @Public()
  @WebForm()
  @Post('logout')
  async signOut(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const secret = sessionSecretOf(request, this.sessions.cookie.name);
    if (secret) await this.auth.endSession(secret);
    void reply.clearCookie(this.sessions.cookie.name, this.sessions.cookie.options).header('cache-control', 'no-store');
    return reply.redirect('/login?signedOut=1', 303);
  }

  @Allow('read', 'User')
  @Get('account')
  account(@CurrentViewer() viewer: Viewer, @Query('changed') changed: unknown, @Res() reply: FastifyReply) {
    return reply.view('sign-in/account.njk', { user: viewer.user, form: emptyForm(), changed: changed === '1' });
  }

  @Allow('update', 'User')
  @WebForm({ once: true })
  @Post('account')
  async changePassword(
    @CurrentViewer() viewer: Viewer,
    @Body() body: unknown,
    @Page() page: PageLocals,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const kept = sessionSecretOf(request, this.sessions.cookie.name) ?? undefined;
    const result = await processForm(ChangePasswordForm, body, { name: 'account', t: page.t, refusals: PASSWORD_REFUSALS }, (input) =>
      this.auth.changePassword(viewer, input, request.ip, kept),
    );
    if (!result.ok) return reply.status(400).view('sign-in/account.njk', { user: viewer.user, form: withoutPasswords(result.form) });
    return reply.redirect('/account?changed=1', 303);
  }

  @Allow('revokeTokens', 'User')
  @Get('admin/sessions')
  revokeForm(@Query('revoked') revoked: unknown, @Res() reply: FastifyReply) {
    return reply.view('sign-in/revoke.njk', { form: emptyForm(), revoked: revoked === '1' });
  }

  @Allow('revokeTokens', 'User')
  @WebForm({ once: true })
  @Post('admin/sessions')
  async revoke(@CurrentViewer() viewer: Viewer, @Body() body: unknown, @Page() page: PageLocals, @Res() reply: FastifyReply) {
    const result = await processForm(RevokeSessionsForm, body, { name: 'signIn', t: page.t, refusals: REVOKE_REFUSALS }, (input) =>
      this.auth.revokeAllOfEmail(viewer.user!.id, input.email),
    );
    if (!result.ok) return reply.status(400).view('sign-in/revoke.njk', { form: result.form });
    return reply.redirect('/admin/sessions?revoked=1', 303);
  }
}
