import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { accessibleSql } from '../authorization/accessible-sql.js';
import type { AppAbility } from '../authorization/ability.factory.js';
import type { MembershipRole } from '../authorization/roles.js';
import type { OrganisationFilterInput } from './inputs/organisation-filter.input.js';
import { Membership } from './membership.entity.js';
import { Organisation } from './organisation.entity.js';
import { User } from './user.entity.js';

type MembershipFields = Pick<Membership, 'userId' | 'organisationId' | 'role' | 'title' | 'focalPerson'>;

/** A membership as an administrator's list shows it: with the name of the other side. */
export interface MembershipRow {
  userId: string;
  userName: string;
  email: string;
  organisationId: string;
  organisationName: string;
  role: MembershipRole;
  title: string;
}

const MEMBERSHIP_ROWS = `SELECT m.user_id AS "userId", u.name AS "userName", u.email, m.organisation_id AS "organisationId", o.name AS "organisationName", m.role, m.title
  FROM memberships m JOIN users u ON u.id = m.user_id JOIN organisations o ON o.id = m.organisation_id`;

/** Every statement of the accounts feature; each runs in the manager it is given. */
@Injectable()
export class AccountsRepository {
  insertOrganisation(tx: EntityManager, fields: Pick<Organisation, 'name' | 'kind' | 'country'>): Promise<Organisation> {
    return tx.save(tx.create(Organisation, fields));
  }

  /** One page of organisations by name, optionally of one kind and with a name containing the text (case-insensitive, taken literally). */
  organisationsPage(tx: EntityManager, filter: OrganisationFilterInput, page: { limit: number; offset: number }): Promise<[Organisation[], number]> {
    const query = tx.getRepository(Organisation).createQueryBuilder('o').orderBy('o.name').addOrderBy('o.id').take(page.limit).skip(page.offset);
    if (filter.kind) query.andWhere('o.kind = :kind', { kind: filter.kind });
    if (filter.nameContains) query.andWhere('o.name ILIKE :name', { name: `%${filter.nameContains.replace(/[\\%_]/g, '\\$&')}%` });
    return query.getManyAndCount();
  }

  organisation(tx: EntityManager, id: string): Promise<Organisation | null> {
    return tx.findOneBy(Organisation, { id });
  }

  organisationsByIds(tx: EntityManager, ids: readonly string[]): Promise<Organisation[]> {
    return tx.findBy(Organisation, { id: In([...ids]) });
  }

  /** The names of these accounts; nothing else of them. */
  userNames(tx: EntityManager, ids: readonly string[]): Promise<Array<Pick<User, 'id' | 'name'>>> {
    return tx.find(User, { select: { id: true, name: true }, where: { id: In([...ids]) } });
  }

  user(tx: EntityManager, id: string): Promise<User | null> {
    return tx.findOneBy(User, { id });
  }

  /** One page of the accounts the ability may read, by name; with the count of all of them. */
  usersPage(tx: EntityManager, ability: AppAbility, page: { limit: number; offset: number }): Promise<[User[], number]> {
    const visible = accessibleSql(ability, 'read', 'User', { id: 'u.id' });
    return tx
      .getRepository(User)
      .createQueryBuilder('u')
      .where(visible.where, visible.parameters)
      .orderBy('u.name')
      .addOrderBy('u.id')
      .take(page.limit)
      .skip(page.offset)
      .getManyAndCount();
  }

  /** The memberships of these accounts, with their organisations' names, in one statement. */
  membershipsOfUsers(tx: EntityManager, userIds: readonly string[]): Promise<MembershipRow[]> {
    return tx.query(`${MEMBERSHIP_ROWS} WHERE m.user_id = ANY($1::uuid[]) ORDER BY o.name, o.id`, [userIds]);
  }

  async membershipRow(tx: EntityManager, userId: string, organisationId: string): Promise<MembershipRow | null> {
    const rows: MembershipRow[] = await tx.query(`${MEMBERSHIP_ROWS} WHERE m.user_id = $1 AND m.organisation_id = $2`, [userId, organisationId]);
    return rows[0] ?? null;
  }

  /** The members of one organisation, with their names and emails, by name. */
  membersOfOrganisation(tx: EntityManager, organisationId: string): Promise<MembershipRow[]> {
    return tx.query(`${MEMBERSHIP_ROWS} WHERE m.organisation_id = $1 ORDER BY u.name, u.id`, [organisationId]);
  }

  /** The account with this email, in any letter case. */
  async userIdByEmail(tx: EntityManager, email: string): Promise<string | null> {
    const rows: Array<{ id: string }> = await tx.query('SELECT id FROM users WHERE lower(email) = lower($1)', [email]);
    return rows[0]?.id ?? null;
  }

  /** Whether an account uses this email, in any letter case. */
  emailTaken(tx: EntityManager, email: string): Promise<boolean> {
    return tx.getRepository(User).createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email }).getExists();
  }

  userExists(tx: EntityManager, id: string): Promise<boolean> {
    return tx.existsBy(User, { id });
  }

  insertUser(tx: EntityManager, fields: Pick<User, 'email' | 'name' | 'passwordHash' | 'platformAdmin'>): Promise<User> {
    return tx.save(tx.create(User, fields));
  }

  async insertMembership(tx: EntityManager, fields: MembershipFields): Promise<void> {
    await tx.insert(Membership, fields);
  }

  /** Grants the membership, or changes the role and title of an existing one. */
  async upsertMembership(tx: EntityManager, fields: MembershipFields): Promise<Membership> {
    await tx.upsert(Membership, fields, ['userId', 'organisationId']);
    return tx.findOneByOrFail(Membership, { userId: fields.userId, organisationId: fields.organisationId });
  }

  /** Removes the membership; false when there was none. */
  async deleteMembership(tx: EntityManager, userId: string, organisationId: string): Promise<boolean> {
    const { affected } = await tx.delete(Membership, { userId, organisationId });
    return !!affected;
  }

  members(tx: EntityManager, organisationId: string): Promise<Membership[]> {
    return tx.find(Membership, { where: { organisationId }, order: { createdAt: 'ASC' } });
  }
}
