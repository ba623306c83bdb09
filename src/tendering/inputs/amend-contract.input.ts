import { Field, ID, InputType } from '@nestjs/graphql';
import { IsDate, IsString, IsUUID, Length } from 'class-validator';
import { IsAmount } from './money.js';

@InputType()
export class AmendContractInput {
  @Field(() => ID)
  @IsUUID()
  contractId: string;

  @Field()
  @IsDate()
  amendedAt: Date;

  @Field({ description: 'What the amendment changes and why.' })
  @IsString()
  @Length(3, 5000)
  description: string;

  @Field({ description: 'Contract value after this amendment, decimal amount such as "1250000.00".' })
  @IsAmount()
  newValue: string;
}
