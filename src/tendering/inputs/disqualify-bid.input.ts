import { Field, ID, InputType } from '@nestjs/graphql';
import { IsString, IsUUID, Length } from 'class-validator';

@InputType()
export class DisqualifyBidInput {
  @Field(() => ID)
  @IsUUID()
  bidId: string;

  @Field({ description: 'Why the bid was disqualified, as the evaluation report states it.' })
  @IsString()
  @Length(3, 2000)
  reason: string;
}
