import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Allow, CurrentViewer } from '../authorization/policy.decorator.js';
import { MembershipRole, OrganisationKind } from '../authorization/roles.js';
import type { Viewer } from '../authorization/viewer.js';
import type { PageLocals } from '../web/page-locals.service.js';
import { paginationLinks } from '../web/pagination-links.js';
import { emptyForm, Page, processForm, WebForm, type FormState } from '../web/web-forms.js';
import { WebPages } from '../web/web-page.decorator.js';
import { AccountsService } from './accounts.service.js';
import { GrantRoleForm, NewUserForm, OrganisationForm } from './inputs/admin-forms.input.js';
import { AdminPageQuery } from './inputs/admin-page-query.input.js';

const PAGE_SIZE = 25;
const KINDS = Object.values(OrganisationKind);
const ROLES = Object.values(MembershipRole);
/** Refusals the administrator can correct, beside the field they concern. */
const NEW_USER_REFUSALS = { EMAIL_TAKEN: 'email' };
const GRANT_REFUSALS = { USER_NOT_FOUND: 'email' };

/**
 * The platform administrator's pages (issue 12, item 7): organisations, accounts, memberships and
 * roles, through the services GraphQL uses. `manage` is granted to platform administrators only
 * (see the ability factory), so an organisation's own admin, a bidder or a monitor is answered
 * "not allowed"; the services check each row as they do for GraphQL. Signing a user out
 * everywhere stays at /admin/sessions, which these pages link to. An account's page lists its
 * memberships, each revoked after a page that asks to confirm (`revokeMembership`'s service).
 */
@ApiExcludeController()
@Controller('admin')
@WebPages()
export class AccountsPagesController {
  constructor(private readonly accounts: AccountsService) {}

  @Allow('manage', 'Organisation')
  @Get('organisations')
  @Render('admin/organisations')
  async organisations(@Query() query: AdminPageQuery, @Req() request: FastifyRequest) {
    const found = await this.accounts.organisations({}, { limit: PAGE_SIZE, offset: (query.page - 1) * PAGE_SIZE });
    return { ...found, pagination: paginationLinks(request.url, query.page, Math.ceil(found.totalCount / PAGE_SIZE)) };
  }

  @Allow('manage', 'Organisation')
  @Get('organisations/new')
  @Render('admin/new-organisation')
  newOrganisation() {
    return { form: emptyForm(), kinds: KINDS };
  }

  @Allow('manage', 'Organisation')
  @WebForm({ once: true })
  @Post('organisations/new')
  async createOrganisation(@CurrentViewer() viewer: Viewer, @Body() body: unknown, @Page() page: PageLocals, @Res() reply: FastifyReply) {
    const created = await processForm(OrganisationForm, body, { name: 'admin.organisation', t: page.t }, (input) =>
      this.accounts.createOrganisation(viewer, input),
    );
    if (created.ok) return reply.redirect(`/admin/organisations/${created.done.id}?done=organisation`, 303);
    return reply.status(400).view('admin/new-organisation.njk', { form: created.form, kinds: KINDS });
  }

  @Allow('manage', 'Membership')
  @Get('organisations/:id')
  @Render('admin/organisation')
  async organisation(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Query() query: AdminPageQuery) {
    const [organisation, members] = await Promise.all([this.accounts.organisation(id), this.accounts.memberList(viewer, id)]);
    return { organisation, members, done: query.done };
  }

  @Allow('manage', 'Membership')
  @Get('organisations/:id/users/new')
  async newUser(@Param('id', ParseUUIDPipe) id: string, @Res() reply: FastifyReply) {
    return this.showForm(reply, 'admin/new-user.njk', id, emptyForm({ role: MembershipRole.MEMBER }));
  }

  @Allow('manage', 'Membership')
  @WebForm({ once: true })
  @Post('organisations/:id/users/new')
  async createUser(
    @CurrentViewer() viewer: Viewer,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @Page() page: PageLocals,
    @Res() reply: FastifyReply,
  ) {
    const created = await processForm(NewUserForm, body, { name: 'admin.user', t: page.t, refusals: NEW_USER_REFUSALS }, (input) =>
      this.accounts.createUser(viewer, { ...input, organisationId: id, focalPerson: false }),
    );
    if (created.ok) return reply.redirect(`/admin/organisations/${id}?done=user`, 303);
    // A password is never sent back to the browser.
    const { password: _password, ...values } = created.form.values;
    return this.showForm(reply.status(400), 'admin/new-user.njk', id, { ...created.form, values });
  }

  @Allow('manage', 'Membership')
  @Get('organisations/:id/members/new')
  async newMember(@Param('id', ParseUUIDPipe) id: string, @Res() reply: FastifyReply) {
    return this.showForm(reply, 'admin/grant-role.njk', id, emptyForm({ role: MembershipRole.MEMBER }));
  }

  @Allow('manage', 'Membership')
  @WebForm({ once: true })
  @Post('organisations/:id/members/new')
  async grant(
    @CurrentViewer() viewer: Viewer,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @Page() page: PageLocals,
    @Res() reply: FastifyReply,
  ) {
    const granted = await processForm(GrantRoleForm, body, { name: 'admin.grant', t: page.t, refusals: GRANT_REFUSALS }, (input) =>
      this.accounts.grantMembershipByEmail(viewer, input.email, { organisationId: id, role: input.role, title: input.title, focalPerson: false }),
    );
    if (granted.ok) return reply.redirect(`/admin/organisations/${id}?done=member`, 303);
    return this.showForm(reply.status(400), 'admin/grant-role.njk', id, granted.form);
  }

  @Allow('manage', 'User')
  @Get('users')
  @Render('admin/users')
  async users(@CurrentViewer() viewer: Viewer, @Query() query: AdminPageQuery, @Req() request: FastifyRequest) {
    const found = await this.accounts.users(viewer, { limit: PAGE_SIZE, offset: (query.page - 1) * PAGE_SIZE });
    return { ...found, pagination: paginationLinks(request.url, query.page, Math.ceil(found.totalCount / PAGE_SIZE)) };
  }

  @Allow('manage', 'User')
  @Get('users/:id')
  @Render('admin/user')
  async user(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Query() query: AdminPageQuery) {
    return { ...(await this.accounts.user(viewer, id)), done: query.done };
  }

  /** Revoking takes effect at the person's next request and is undone only by giving the role again: it is asked for on a page of its own. */
  @Allow('manage', 'Membership')
  @Get('users/:id/memberships/:organisationId/revoke')
  @Render('admin/revoke-membership')
  async confirmRevoke(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Param('organisationId', ParseUUIDPipe) organisationId: string) {
    return { membership: await this.accounts.membership(viewer, id, organisationId) };
  }

  @Allow('manage', 'Membership')
  @WebForm({ once: true })
  @Post('users/:id/memberships/:organisationId/revoke')
  async revoke(
    @CurrentViewer() viewer: Viewer,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('organisationId', ParseUUIDPipe) organisationId: string,
    @Res() reply: FastifyReply,
  ) {
    await this.accounts.revokeMembership(viewer, id, organisationId);
    return reply.redirect(`/admin/users/${id}?done=revoked`, 303);
  }

  /** A form about one organisation, fresh or re-shown after a refusal. */
  private async showForm(reply: FastifyReply, view: string, id: string, form: FormState) {
    return reply.view(view, { organisation: await this.accounts.organisation(id), roles: ROLES, form });
  }
}
