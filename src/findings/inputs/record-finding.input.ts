import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsUUID } from 'class-validator';
import { ProcurementStage } from '../../procurements/procurement-stage.js';
import { FindingKind, FindingVisibility } from '../finding.entity.js';
import { FindingContent } from './finding-content.input.js';

@InputType()
export class RecordFindingInput extends FindingContent {
  @Field(() => ID)
  @IsUUID()
  procurementId: string;

  @Field(() => ProcurementStage, { nullable: true, description: "Defaults to the procurement's current stage; must be a stage it has reached." })
  @IsOptional()
  @IsEnum(ProcurementStage)
  stage?: ProcurementStage;

  @Field(() => FindingKind)
  @IsEnum(FindingKind)
  kind: FindingKind;

  @Field(() => FindingVisibility, {
    defaultValue: FindingVisibility.CONFIDENTIAL,
    description: 'Confidential until a published report includes it, unless made public now.',
  })
  @IsEnum(FindingVisibility)
  visibility: FindingVisibility;
}
