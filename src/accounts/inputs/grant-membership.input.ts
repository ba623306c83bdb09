import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsString, IsUUID, MaxLength } from 'class-validator';
import { MembershipRole } from '../membership.entity.js';

@InputType({ description: 'Gives an existing user a role in an organisation, or changes it.' })
export class GrantMembershipInput {
  @Field(() => ID)
  @IsUUID()
  userId: string;

  @Field(() => ID)
  @IsUUID()
  organisationId: string;

  @Field(() => MembershipRole)
  @IsEnum(MembershipRole)
  role: MembershipRole;

  @Field({ defaultValue: '' })
  @IsString()
  @MaxLength(200)
  title: string;
}
