import { Field, ID, InputType } from '@nestjs/graphql';
import { IsString, IsUUID, Length } from 'class-validator';

@InputType({ description: 'An internal note on a complaint, for the handling organisation and the convener only.' })
export class AddComplaintNoteInput {
  @Field(() => ID)
  @IsUUID()
  complaintId: string;

  @Field()
  @IsString()
  @Length(1, 10_000)
  body: string;
}
