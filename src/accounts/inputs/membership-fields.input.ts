import { Field, ID, InputType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsString, IsUUID, MaxLength } from 'class-validator';
import { MembershipRole } from '../../authorization/roles.js';

/** Which organisation, in which role and with which job title: shared by every way of joining one. */
@InputType({ isAbstract: true })
export abstract class MembershipFields {
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

  @Field({ defaultValue: false, description: 'Receives the reminder emails when a complaint referred to the organisation is not acted on in time.' })
  @IsBoolean()
  focalPerson: boolean;
}
