import { IsEmail, IsEnum, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { MembershipRole, OrganisationKind } from '../../authorization/roles.js';
import { EmptyIsAbsent } from '../../web/web-forms.js';

// The administrator's page forms: the GraphQL inputs' rules, with catalogue keys for messages so
// each reads beside its field in the page's language.

/** /admin/organisations/new. */
export class OrganisationForm {
  @IsString({ message: 'admin.organisation.error.name' })
  @Length(2, 200, { message: 'admin.organisation.error.name' })
  name: string;

  @IsEnum(OrganisationKind, { message: 'admin.organisation.error.kind' })
  kind: OrganisationKind;

  @EmptyIsAbsent()
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'admin.organisation.error.country' })
  country?: string;
}

/** Which role and job title, shared by a new account's first membership and a membership given to an existing one. */
abstract class RoleFields {
  @IsEnum(MembershipRole, { message: 'admin.member.error.role' })
  role: MembershipRole;

  @IsOptional()
  @IsString({ message: 'admin.member.error.title' })
  @MaxLength(200, { message: 'admin.member.error.title' })
  title: string = '';
}

/** A new account in an organisation (/admin/organisations/<id>, "Create a user"). */
export class NewUserForm extends RoleFields {
  @MaxLength(254, { message: 'admin.user.error.email' })
  @IsEmail({}, { message: 'admin.user.error.email' })
  email: string;

  @IsString({ message: 'admin.user.error.name' })
  @Length(2, 200, { message: 'admin.user.error.name' })
  name: string;

  // Long rather than clever (NIST SP 800-63B), as for a person's own change of password.
  @IsString({ message: 'admin.user.error.password' })
  @Length(12, 200, { message: 'admin.user.error.password' })
  password: string;
}

/** A role for an existing account, named by its email (/admin/organisations/<id>, "Give a role"). */
export class GrantRoleForm extends RoleFields {
  @MaxLength(254, { message: 'admin.grant.error.email' })
  @IsEmail({}, { message: 'admin.grant.error.email' })
  email: string;
}
