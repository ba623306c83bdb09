import { Field, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional } from 'class-validator';
import { ProcurementStage } from '../procurement-stage.js';

@InputType()
export class ProcurementFilterInput {
  @Field(() => ProcurementStage, { nullable: true })
  @IsOptional()
  @IsEnum(ProcurementStage)
  stage?: ProcurementStage;
}
