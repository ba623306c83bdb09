import { Field, ID, InputType } from '@nestjs/graphql';
import { IsDate, IsUUID } from 'class-validator';
import { ProcurementAmountInput } from './procurement-amount.input.js';

@InputType()
export class RecordAwardInput extends ProcurementAmountInput {
  @Field(() => ID, { description: 'The winning organisation; it must take part in the procurement.' })
  @IsUUID()
  supplierId: string;

  @Field()
  @IsDate()
  awardedAt: Date;
}
