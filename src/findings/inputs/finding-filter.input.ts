import { Field, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional } from 'class-validator';
import { ProcurementStage } from '../../procurements/procurement-stage.js';
import { FindingKind, FindingSeverity, FindingStatus, FindingVisibility } from '../finding.entity.js';

@InputType({ description: 'Every field given must match.' })
export class FindingFilterInput {
  @Field(() => ProcurementStage, { nullable: true })
  @IsOptional()
  @IsEnum(ProcurementStage)
  stage?: ProcurementStage;

  @Field(() => FindingKind, { nullable: true })
  @IsOptional()
  @IsEnum(FindingKind)
  kind?: FindingKind;

  @Field(() => FindingSeverity, { nullable: true })
  @IsOptional()
  @IsEnum(FindingSeverity)
  severity?: FindingSeverity;

  @Field(() => FindingStatus, { nullable: true })
  @IsOptional()
  @IsEnum(FindingStatus)
  status?: FindingStatus;

  @Field(() => FindingVisibility, { nullable: true })
  @IsOptional()
  @IsEnum(FindingVisibility)
  visibility?: FindingVisibility;
}
