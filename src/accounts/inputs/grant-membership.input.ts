import { Field, ID, InputType } from '@nestjs/graphql';
import { IsUUID } from 'class-validator';
import { MembershipFields } from './membership-fields.input.js';

@InputType({ description: 'Gives an existing user a role in an organisation, or changes it.' })
export class GrantMembershipInput extends MembershipFields {
  @Field(() => ID)
  @IsUUID()
  userId: string;
}
