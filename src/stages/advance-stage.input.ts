import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ProcurementStage } from '../procurements/procurement-stage.js';

@InputType()
export class AdvanceStageInput {
  @Field(() => ID)
  @IsUUID()
  procurementId: string;

  @Field(() => ProcurementStage, { description: 'Must be the stage right after the current one.' })
  @IsEnum(ProcurementStage)
  toStage: ProcurementStage;

  @Field({ defaultValue: '', description: 'Why, recorded in the stage history.' })
  @IsString()
  @MaxLength(5000)
  note: string;

  @Field(() => ID, { nullable: true, description: 'Required when moving to AWARD.' })
  @IsOptional()
  @IsUUID()
  awardedBidderId?: string;
}
