import { Field, ID, InputType } from '@nestjs/graphql';
import { IsDate, IsUUID } from 'class-validator';
import { IsAmount, IsOptionalCurrency } from './money.js';

@InputType()
export class RecordAwardInput {
  @Field(() => ID)
  @IsUUID()
  procurementId: string;

  @Field(() => ID, { description: 'The winning organisation; it must take part in the procurement.' })
  @IsUUID()
  supplierId: string;

  @Field({ description: 'Decimal amount such as "1250000.00".' })
  @IsAmount()
  amount: string;

  @Field(() => String, { nullable: true, description: "ISO 4217 code; defaults to the procurement's currency." })
  @IsOptionalCurrency()
  currency?: string;

  @Field()
  @IsDate()
  awardedAt: Date;
}
