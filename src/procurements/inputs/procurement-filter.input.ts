import { Field, ID, InputType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsOptional, IsString, IsUUID, Length } from 'class-validator';
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

  @Field(() => ID, { nullable: true, description: 'Only the procurements of this contracting authority.' })
  @IsOptional()
  @IsUUID()
  authorityId?: string;

  @Field(() => String, { nullable: true, description: 'Only the procurements of this sector, as written on them (any case).' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  sector?: string;

  @Field(() => String, { nullable: true, description: 'Words found in the reference, title or description (any case).' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  search?: string;
}
