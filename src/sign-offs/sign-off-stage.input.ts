import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsString, IsUUID, MaxLength } from 'class-validator';
import { ProcurementStage } from '../procurements/procurement-stage.js';
import { SignOffDecision } from './stage-sign-off.entity.js';

@InputType()
export class SignOffStageInput {
  @Field(() => ID)
  @IsUUID()
  procurementId: string;

  @Field(() => ProcurementStage, { description: 'A stage the procurement has moved into (not PLANNING), up to its current one.' })
  @IsEnum(ProcurementStage)
  stage: ProcurementStage;

  @Field(() => SignOffDecision)
  @IsEnum(SignOffDecision)
  decision: SignOffDecision;

  @Field({ defaultValue: '', description: 'Why; required for an objection.' })
  @IsString()
  @MaxLength(10_000)
  reason: string;
}
