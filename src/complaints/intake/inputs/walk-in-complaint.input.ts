import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsString, IsUUID, Length } from 'class-validator';
import { ContactChannel } from '../../complaint.entity.js';
import { LodgeComplaintInput } from './lodge-complaint.input.js';

@InputType({ description: "The complaint log form, filled in by a partner's staff for someone who walked into their office." })
export class WalkInComplaintInput extends LodgeComplaintInput {
  @Field(() => ID, { description: 'The referral partner whose office took the complaint.' })
  @IsUUID()
  organisationId: string;

  @Field({ description: 'The office, e.g. "Lodwar office".' })
  @IsString()
  @Length(2, 200)
  office: string;

  @Field(() => ContactChannel, { description: 'How the complainant wants to hear back — by SMS or email (that detail must be given), or not at all.' })
  @IsEnum(ContactChannel)
  contactBy: ContactChannel;
}
