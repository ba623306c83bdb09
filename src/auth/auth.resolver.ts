import { Args, Context, Field, ID, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { MembershipRole } from '../authorization/roles.js';
import { OrganisationKind } from '../authorization/roles.js';
import { Allow, CurrentViewer, Public, type RequestWithViewer } from '../authorization/policy.decorator.js';
import type { Viewer } from '../authorization/viewer.js';
import { unauthenticated } from '../errors/domain-error.js';
import { AuthService } from './auth.service.js';
import { LoginInput } from './login.input.js';
import { bearerTokenOf } from './viewer.service.js';

@ObjectType()
class LoginResult {
  @Field({ description: 'Send as `Authorization: Bearer <token>`.' })
  token: string;

  @Field()
  expiresAt: Date;

  @Field(() => ID)
  userId: string;
}

@ObjectType()
class MyMembership {
  @Field(() => ID)
  organisationId: string;

  @Field()
  organisationName: string;

  @Field(() => OrganisationKind)
  organisationKind: OrganisationKind;

  @Field(() => MembershipRole)
  role: MembershipRole;

  @Field()
  title: string;
}

@ObjectType({ description: 'The signed-in user and the organisations they act for.' })
class Me {
  @Field(() => ID)
  id: string;

  @Field()
  email: string;

  @Field()
  name: string;

  @Field()
  platformAdmin: boolean;

  @Field(() => [MyMembership])
  memberships: MyMembership[];
}

@Resolver()
export class AuthResolver {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Mutation(() => LoginResult, { description: 'Exchanges email and password for a short-lived token. Rate limited.' })
  login(@Args('input') input: LoginInput, @Context('req') req: RequestWithViewer): Promise<LoginResult> {
    return this.auth.login(input.email, input.password, req.ip);
  }

  @Public()
  @Mutation(() => Boolean, { description: 'Revokes the bearer token this request carries, on every instance, until it would have expired.' })
  logout(@CurrentViewer() viewer: Viewer, @Context('req') req: RequestWithViewer): Promise<boolean> {
    const token = bearerTokenOf(req);
    if (!viewer.user || !token) throw unauthenticated();
    return this.auth.logout(token);
  }

  @Allow('revokeTokens', 'User')
  @Mutation(() => Boolean, { description: 'Platform administrators: refuses every token the user holds now (they must log in again).' })
  revokeUserTokens(@CurrentViewer() viewer: Viewer, @Args('userId', { type: () => ID }) userId: string): Promise<boolean> {
    return this.auth.revokeAllTokens(viewer.user!.id, userId);
  }

  @Public()
  @Query(() => Me)
  me(@CurrentViewer() viewer: Viewer): Me {
    if (!viewer.user) throw unauthenticated();
    return viewer.user;
  }
}
