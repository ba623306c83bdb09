import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { hashPassword } from '../auth/passwords.js';
import { actorId, requireAbility } from '../authorization/require.js';
import type { Viewer } from '../authorization/viewer.js';
import { TransactionService } from '../database/transaction.service.js';
import { conflict, invalidField, notFound } from '../errors/domain-error.js';
import { pageOf, type Page, type PageInput } from '../pagination/page.js';
import type { CreateOrganisationInput } from './inputs/create-organisation.input.js';
import type { CreatePlatformAdministratorInput } from './inputs/create-platform-administrator.input.js';
import type { CreateUserInput } from './inputs/create-user.input.js';
import type { GrantMembershipInput } from './inputs/grant-membership.input.js';
import type { MembershipFields } from './inputs/membership-fields.input.js';
import type { OrganisationFilterInput } from './inputs/organisation-filter.input.js';
import { MembershipRole, OrganisationKind } from '../authorization/roles.js';
import { AccountsRepository, type MembershipRow } from './accounts.repository.js';
import type { Membership } from './membership.entity.js';
import type { Organisation } from './organisation.entity.js';
import type { User } from './user.entity.js';

@Injectable()
export class AccountsService {
  constructor(
    private readonly transactions: TransactionService,
    private readonly accounts: AccountsRepository,
    private readonly audit: AuditService,
  ) {}

  async createOrganisation(viewer: Viewer, input: CreateOrganisationInput): Promise<Organisation> {
    requireAbility(viewer, 'create', 'Organisation', { kind: input.kind });
    return this.transactions.run(async (tx) => {
      const organisation = await this.accounts.insertOrganisation(tx, { name: input.name.trim(), kind: input.kind, country: input.country ?? null });
      await this.audit.append(tx, {
        actorId: actorId(viewer),
        action: 'organisation.created',
        subjectType: 'Organisation',
        subjectId: organisation.id,
        data: { name: organisation.name, kind: organisation.kind },
      });
      return organisation;
    });
  }

  async organisations(filter: OrganisationFilterInput, page: PageInput): Promise<Page<Organisation>> {
    const [items, total] = await this.accounts.organisationsPage(this.transactions.reader, filter, page);
    return pageOf(items, total, page);
  }

  async organisation(id: string): Promise<Organisation> {
    const found = await this.accounts.organisation(this.transactions.reader, id);
    if (!found) throw notFound('Organisation', id);
    return found;
  }

  async organisationsByIds(ids: readonly string[]): Promise<Map<string, Organisation>> {
    const rows = await this.accounts.organisationsByIds(this.transactions.reader, ids);
    return new Map(rows.map((o) => [o.id, o]));
  }

  /** Who did what, in a trail: the names of the actors, in one statement. */
  async userNames(ids: readonly string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await this.accounts.userNames(this.transactions.reader, [...new Set(ids)]);
    return new Map(rows.map((user) => [user.id, user.name]));
  }

  async createUser(viewer: Viewer, input: CreateUserInput): Promise<User> {
    requireAbility(viewer, 'create', 'Membership', { organisationId: input.organisationId, userId: null });
    const organisation = await this.organisation(input.organisationId);
    assertRoleFits(organisation, input.role);
    const passwordHash = await hashPassword(input.password);
    return this.transactions.run(async (tx) => {
      if (await this.accounts.emailTaken(tx, input.email)) throw conflict('EMAIL_TAKEN', `An account with ${input.email} already exists`, { field: 'email' });
      const user = await this.accounts.insertUser(tx, { email: input.email.toLowerCase(), name: input.name.trim(), passwordHash, platformAdmin: false });
      await this.accounts.insertMembership(tx, {
        userId: user.id,
        organisationId: organisation.id,
        role: input.role,
        title: input.title,
        focalPerson: input.focalPerson ?? false,
      });
      await this.audit.append(tx, {
        actorId: actorId(viewer),
        action: 'membership.granted',
        subjectType: 'Organisation',
        subjectId: organisation.id,
        data: { userId: user.id, role: input.role, title: input.title, focalPerson: input.focalPerson ?? false, newAccount: true },
      });
      return user;
    });
  }

  /**
   * A platform administrator, created by the operator (who holds the database credentials) on a
   * production install, where no demo accounts exist to log in with. Audited without an actor.
   */
  async createPlatformAdministrator(input: CreatePlatformAdministratorInput): Promise<User> {
    const passwordHash = await hashPassword(input.password);
    return this.transactions.run(async (tx) => {
      if (await this.accounts.emailTaken(tx, input.email)) throw conflict('EMAIL_TAKEN', `An account with ${input.email} already exists`, { field: 'email' });
      const user = await this.accounts.insertUser(tx, { email: input.email.toLowerCase(), name: input.name.trim(), passwordHash, platformAdmin: true });
      await this.audit.append(tx, { actorId: null, action: 'user.platform-admin-created', subjectType: 'User', subjectId: user.id, data: { via: 'cli' } });
      return user;
    });
  }

  async grantMembership(viewer: Viewer, input: GrantMembershipInput): Promise<Membership> {
    requireAbility(viewer, 'create', 'Membership', { organisationId: input.organisationId, userId: input.userId });
    const organisation = await this.organisation(input.organisationId);
    assertRoleFits(organisation, input.role);
    return this.transactions.run(async (tx) => {
      if (!(await this.accounts.userExists(tx, input.userId))) throw notFound('User', input.userId);
      const membership = await this.accounts.upsertMembership(tx, {
        userId: input.userId,
        organisationId: input.organisationId,
        role: input.role,
        title: input.title,
        focalPerson: input.focalPerson ?? false,
      });
      await this.audit.append(tx, {
        actorId: actorId(viewer),
        action: 'membership.granted',
        subjectType: 'Organisation',
        subjectId: organisation.id,
        data: { userId: input.userId, role: input.role, title: input.title, focalPerson: input.focalPerson ?? false },
      });
      return membership;
    });
  }

  /** The same grant, for a person named by their email (as an administrator's page asks); unknown emails are USER_NOT_FOUND. */
  async grantMembershipByEmail(viewer: Viewer, email: string, fields: MembershipFields): Promise<Membership> {
    // Checked before the lookup: whether an email has an account is not for everyone to learn.
    requireAbility(viewer, 'create', 'Membership', { organisationId: fields.organisationId, userId: null });
    const userId = await this.accounts.userIdByEmail(this.transactions.reader, email);
    if (!userId) throw notFound('User', email);
    return this.grantMembership(viewer, { ...fields, userId });
  }

  /** A page of the accounts the viewer may read (all of them, for a platform administrator), each with its memberships; two statements and the count. */
  async users(viewer: Viewer, page: PageInput): Promise<Page<{ user: User; memberships: MembershipRow[] }>> {
    const [users, total] = await this.accounts.usersPage(this.transactions.reader, viewer.ability, page);
    const memberships = users.length
      ? await this.accounts.membershipsOfUsers(
          this.transactions.reader,
          users.map((u) => u.id),
        )
      : [];
    const items = users.map((user) => ({ user, memberships: memberships.filter((m) => m.userId === user.id) }));
    return pageOf(items, total, page);
  }

  /** One account with its memberships, as an administrator's page shows it. */
  async user(viewer: Viewer, id: string): Promise<{ user: User; memberships: MembershipRow[] }> {
    requireAbility(viewer, 'read', 'User', { id });
    const [user, memberships] = await Promise.all([
      this.accounts.user(this.transactions.reader, id),
      this.accounts.membershipsOfUsers(this.transactions.reader, [id]),
    ]);
    if (!user) throw notFound('User', id);
    return { user, memberships };
  }

  /** An organisation's members with their names and emails; for those who may read its memberships. */
  async memberList(viewer: Viewer, organisationId: string): Promise<MembershipRow[]> {
    requireAbility(viewer, 'read', 'Membership', { organisationId, userId: null });
    return this.accounts.membersOfOrganisation(this.transactions.reader, organisationId);
  }

  /** One membership with the names of both sides, for the page that asks before revoking it. */
  async membership(viewer: Viewer, userId: string, organisationId: string): Promise<MembershipRow> {
    requireAbility(viewer, 'read', 'Membership', { organisationId, userId });
    const found = await this.accounts.membershipRow(this.transactions.reader, userId, organisationId);
    if (!found) throw notFound('Membership', `${userId}@${organisationId}`);
    return found;
  }

  async revokeMembership(viewer: Viewer, userId: string, organisationId: string): Promise<boolean> {
    requireAbility(viewer, 'delete', 'Membership', { organisationId, userId });
    return this.transactions.run(async (tx) => {
      if (!(await this.accounts.deleteMembership(tx, userId, organisationId))) throw notFound('Membership', `${userId}@${organisationId}`);
      await this.audit.append(tx, {
        actorId: actorId(viewer),
        action: 'membership.revoked',
        subjectType: 'Organisation',
        subjectId: organisationId,
        data: { userId },
      });
      return true;
    });
  }

  async members(viewer: Viewer, organisationId: string): Promise<Membership[]> {
    requireAbility(viewer, 'read', 'Membership', { organisationId, userId: null });
    return this.accounts.members(this.transactions.reader, organisationId);
  }

  async auditTrail(viewer: Viewer, organisationId: string, page: PageInput): Promise<Page<AuditEntry>> {
    requireAbility(viewer, 'read', 'AuditEntry', { organisationId });
    const [items, total] = await this.audit.trail({ subjectType: 'Organisation', subjectId: organisationId }, page);
    return pageOf(items, total, page);
  }
}

/** The convener role belongs to the referral system, hosted by a referral partner. */
function assertRoleFits(organisation: Organisation, role: MembershipRole): void {
  if (role === MembershipRole.CONVENER && organisation.kind !== OrganisationKind.REFERRAL_PARTNER) {
    throw invalidField('role', 'CONVENER is a role in a referral partner organisation');
  }
}
