import { Field, Float, InputType } from '@nestjs/graphql';
import { IsBoolean, IsIn, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { INDICATOR_CODES } from '../indicators.js';

@InputType({ description: 'Fields left out keep their value; a null threshold goes back to the default.' })
export class UpdateRedFlagSettingInput {
  @Field()
  @IsIn(INDICATOR_CODES, { message: `code must be one of ${INDICATOR_CODES.join(', ')}` })
  code: string;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1_000_000)
  threshold?: number | null;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}
