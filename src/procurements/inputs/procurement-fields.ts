import { Field, InputType } from '@nestjs/graphql';
import { IsDate, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';

/** The descriptive fields shared by creating and editing a procurement. */
@InputType({ isAbstract: true })
export class ProcurementFields {
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  description?: string;

  @Field(() => String, { nullable: true, description: 'Decimal amount such as "1250000.00".' })
  @IsOptional()
  @Matches(/^\d{1,16}(\.\d{1,2})?$/, { message: 'estimatedValue must be a non-negative amount with at most 2 decimals, such as 1250000.00' })
  estimatedValue?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as KES' })
  currency?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(2, 100)
  sector?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(2, 100)
  area?: string;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDate()
  tenderPeriodStart?: Date;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDate()
  tenderPeriodEnd?: Date;
}
