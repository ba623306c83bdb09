import { Field, InputType } from '@nestjs/graphql';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';
import { MembershipFields } from './membership-fields.input.js';

@InputType({ description: 'Creates an account together with its first membership.' })
export class CreateUserInput extends MembershipFields {
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
}
