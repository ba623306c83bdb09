import { Field, InputType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsOptional } from 'class-validator';
import { ProcurementStage } from '../procurement-stage.js';

@InputType()
export class ProcurementFilterInput {
  @Field(() => ProcurementStage, { nullable: true })
  @IsOptional()
  @IsEnum(ProcurementStage)
  stage?: ProcurementStage;

  @Field({ nullable: true, description: 'true: only the public registry (a pact version is published); false: only the others.' })
  @IsOptional()
  @IsBoolean()
  hasPublishedPact?: boolean;
}
