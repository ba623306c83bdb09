import { Field, ID, InputType, PartialType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsUUID } from 'class-validator';
import { FindingVisibility } from '../finding.entity.js';
import { FindingContent } from './finding-content.input.js';

@InputType({ description: 'Only the fields given change.' })
export class UpdateFindingInput extends PartialType(FindingContent, InputType) {
  @Field(() => ID)
  @IsUUID()
  findingId: string;

  @Field(() => FindingVisibility, { nullable: true })
  @IsOptional()
  @IsEnum(FindingVisibility)
  visibility?: FindingVisibility;
}
