import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { FindingSeverity } from '../../findings/finding.entity.js';

@InputType()
export class ConfirmRedFlagInput {
  @Field(() => ID)
  @IsUUID()
  redFlagId: string;

  @Field(() => FindingSeverity, { description: 'Severity of the finding the confirmation creates.' })
  @IsEnum(FindingSeverity)
  severity: FindingSeverity;

  @Field(() => String, { nullable: true, description: "The monitor's reading of the evidence, added to the finding." })
  @IsOptional()
  @IsString()
  @Length(1, 5000)
  note?: string;
}
