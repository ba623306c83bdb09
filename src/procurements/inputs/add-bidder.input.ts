import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsUUID } from 'class-validator';
import { Participation } from '../procurement-bidder.entity.js';

@InputType()
export class AddBidderInput {
  @Field(() => ID)
  @IsUUID()
  procurementId: string;

  @Field(() => ID, { description: 'An organisation of kind BIDDER.' })
  @IsUUID()
  bidderId: string;

  @Field(() => Participation, { defaultValue: Participation.INVITED })
  @IsEnum(Participation)
  participation: Participation;
}
