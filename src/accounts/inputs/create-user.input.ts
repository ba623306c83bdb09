import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEmail, IsEnum, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { MembershipRole } from '../membership.entity.js';

@InputType({ description: 'Creates an account together with its first membership.' })
export class CreateUserInput {
  @Field()
  @IsEmail()
  @MaxLength(254)
  email: string;

  @Field()
  @IsString()
  @Length(2, 200)
  name: string;

  @Field({ description: 'At least 12 characters.' })
  @IsString()
  @Length(12, 200)
  password: string;

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
