import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { hashPassword } from '../auth/passwords.js';
import { actorId, requireAbility } from '../authorization/require.js';
import type { Viewer } from '../authorization/viewer.js';
import { conflict, invalidField, notFound } from '../errors/domain-error.js';
import { pageOf, type Page, type PageInput } from '../pagination/page.js';
import type { CreateOrganisationInput } from './inputs/create-organisation.input.js';
import type { CreateUserInput } from './inputs/create-user.input.js';
import type { GrantMembershipInput } from './inputs/grant-membership.input.js';
import type { OrganisationFilterInput } from './inputs/organisation-filter.input.js';
import { MembershipRole, OrganisationKind } from '../authorization/roles.js';
import { Membership } from './membership.entity.js';
import { Organisation } from './organisation.entity.js';
import { User } from './user.entity.js';

@Injectable()
export class AccountsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async createOrganisation(viewer: Viewer, input: CreateOrganisationInput): Promise<Organisation> {
    requireAbility(viewer, 'create', 'Organisation', { kind: input.kind });
    return this.db.transaction(async (tx) => {
      const organisation = await tx.save(tx.create(Organisation, { name: input.name.trim(), kind: input.kind, country: input.country ?? null }));
      await this.audit.append(tx, {
        actorId: actorId(viewer), action: 'organisation.created', subjectType: 'Organisation', subjectId: organisation.id,
        data: { name: organisation.name, kind: organisation.kind },
      });
      return organisation;
    });
  }

  async organisations(filter: OrganisationFilterInput, page: PageInput): Promise<Page<Organisation>> {
    const query = this.db.getRepository(Organisation).createQueryBuilder('o').orderBy('o.name').addOrderBy('o.id').take(page.limit).skip(page.offset);
    if (filter.kind) query.andWhere('o.kind = :kind', { kind: filter.kind });
    if (filter.nameContains) query.andWhere('o.name ILIKE :name', { name: `%${filter.nameContains.replace(/[\\%_]/g, '\\$&')}%` });
    const [items, total] = await query.getManyAndCount();
    return pageOf(items, total, page);
  }

  async organisation(id: string): Promise<Organisation> {
    const found = await this.db.getRepository(Organisation).findOneBy({ id });
    if (!found) throw notFound('Organisation', id);
    return found;
  }

  async organisationsByIds(ids: readonly string[]): Promise<Map<string, Organisation>> {
    const rows = await this.db.getRepository(Organisation).findBy({ id: In([...ids]) });
    return new Map(rows.map((o) => [o.id, o]));
  }

  async createUser(viewer: Viewer, input: CreateUserInput): Promise<User> {
    requireAbility(viewer, 'create', 'Membership', { organisationId: input.organisationId, userId: null });
    const organisation = await this.organisation(input.organisationId);
    assertRoleFits(organisation, input.role);
    const passwordHash = await hashPassword(input.password);
    return this.db.transaction(async (tx) => {
      const taken = await tx.getRepository(User).createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email: input.email }).getExists();
      if (taken) throw conflict('EMAIL_TAKEN', `An account with ${input.email} already exists`, { field: 'email' });
      const user = await tx.save(tx.create(User, { email: input.email.toLowerCase(), name: input.name.trim(), passwordHash, platformAdmin: false }));
      await tx.insert(Membership, { userId: user.id, organisationId: organisation.id, role: input.role, title: input.title, focalPerson: input.focalPerson ?? false });
      await this.audit.append(tx, {
        actorId: actorId(viewer), action: 'membership.granted', subjectType: 'Organisation', subjectId: organisation.id,
        data: { userId: user.id, role: input.role, title: input.title, focalPerson: input.focalPerson ?? false, newAccount: true },
      });
      return user;
    });
  }

  async grantMembership(viewer: Viewer, input: GrantMembershipInput): Promise<Membership> {
    requireAbility(viewer, 'create', 'Membership', { organisationId: input.organisationId, userId: input.userId });
    const organisation = await this.organisation(input.organisationId);
    assertRoleFits(organisation, input.role);
    return this.db.transaction(async (tx) => {
      if (!(await tx.existsBy(User, { id: input.userId }))) throw notFound('User', input.userId);
      await tx.upsert(Membership, { userId: input.userId, organisationId: input.organisationId, role: input.role, title: input.title, focalPerson: input.focalPerson ?? false }, ['userId', 'organisationId']);
      await this.audit.append(tx, {
        actorId: actorId(viewer), action: 'membership.granted', subjectType: 'Organisation', subjectId: organisation.id,
        data: { userId: input.userId, role: input.role, title: input.title, focalPerson: input.focalPerson ?? false },
      });
      return tx.findOneByOrFail(Membership, { userId: input.userId, organisationId: input.organisationId });
    });
  }

  async revokeMembership(viewer: Viewer, userId: string, organisationId: string): Promise<boolean> {
    requireAbility(viewer, 'delete', 'Membership', { organisationId, userId });
    return this.db.transaction(async (tx) => {
      const { affected } = await tx.delete(Membership, { userId, organisationId });
      if (!affected) throw notFound('Membership', `${userId}@${organisationId}`);
      await this.audit.append(tx, {
        actorId: actorId(viewer), action: 'membership.revoked', subjectType: 'Organisation', subjectId: organisationId, data: { userId },
      });
      return true;
    });
  }

  async members(viewer: Viewer, organisationId: string): Promise<Membership[]> {
    requireAbility(viewer, 'read', 'Membership', { organisationId, userId: null });
    return this.db.getRepository(Membership).find({ where: { organisationId }, order: { createdAt: 'ASC' } });
  }

  async auditTrail(viewer: Viewer, organisationId: string, page: PageInput): Promise<Page<AuditEntry>> {
    requireAbility(viewer, 'read', 'AuditEntry', { organisationId });
    const [items, total] = await this.audit.trail({ subjectType: 'Organisation', subjectId: organisationId }, page.limit, page.offset);
    return pageOf(items, total, page);
  }
}

/** The convener role belongs to the referral system, hosted by a referral partner. */
function assertRoleFits(organisation: Organisation, role: MembershipRole): void {
  if (role === MembershipRole.CONVENER && organisation.kind !== OrganisationKind.REFERRAL_PARTNER) {
    throw invalidField('role', 'CONVENER is a role in a referral partner organisation');
  }
}
