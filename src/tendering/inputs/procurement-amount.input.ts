import { Field, ID, InputType } from '@nestjs/graphql';
import { IsUUID } from 'class-validator';
import { IsAmount, IsOptionalCurrency } from './money.js';

/** An amount of money recorded against a procurement: what bids and awards both carry. */
@InputType({ isAbstract: true })
export abstract class ProcurementAmountInput {
  @Field(() => ID)
  @IsUUID()
  procurementId: string;

  @Field({ description: 'Decimal amount such as "1250000.00".' })
  @IsAmount()
  amount: string;

  @Field(() => String, { nullable: true, description: "ISO 4217 code; defaults to the procurement's currency." })
  @IsOptionalCurrency()
  currency?: string;
}
