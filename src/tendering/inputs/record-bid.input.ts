import { Field, ID, InputType } from '@nestjs/graphql';
import { IsDate, IsUUID } from 'class-validator';
import { ProcurementAmountInput } from './procurement-amount.input.js';

@InputType()
export class RecordBidInput extends ProcurementAmountInput {
  @Field(() => ID, { description: 'An organisation taking part in the procurement.' })
  @IsUUID()
  bidderId: string;

  @Field({ description: 'When the authority received the bid.' })
  @IsDate()
  receivedAt: Date;
}
