import { Field, ID, InputType } from '@nestjs/graphql';
import { IsString, IsUUID, Length } from 'class-validator';

@InputType({ description: 'Refers a complaint by hand, or re-refers it, to the organisation that must act.' })
export class ReferComplaintInput {
  @Field(() => ID)
  @IsUUID()
  complaintId: string;

  @Field(() => ID)
  @IsUUID()
  organisationId: string;

  @Field({ description: 'Why this organisation; kept in the complaint’s history for staff.' })
  @IsString()
  @Length(3, 2000, { message: 'reason must say why, in 3 to 2000 characters' })
  reason: string;
}
