import { Field, ID, InputType } from '@nestjs/graphql';
import { IsDate, IsUUID } from 'class-validator';
import { IsAmount, IsOptionalCurrency } from './money.js';

@InputType()
export class RecordContractInput {
  @Field(() => ID)
  @IsUUID()
  awardId: string;

  @Field({ description: 'Value when signed, decimal amount such as "1250000.00".' })
  @IsAmount()
  value: string;

  @Field(() => String, { nullable: true, description: "ISO 4217 code; defaults to the award's currency." })
  @IsOptionalCurrency()
  currency?: string;

  @Field()
  @IsDate()
  signedAt: Date;
}
