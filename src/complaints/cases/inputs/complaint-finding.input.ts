import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsString, IsUUID, Length } from 'class-validator';
import { FindingKind, FindingSeverity } from '../../../findings/finding.entity.js';

@InputType({ description: "The procurement's monitor records a complaint about it as a finding (confidential, without the complainant's details)." })
export class ComplaintFindingInput {
  @Field(() => ID)
  @IsUUID()
  complaintId: string;

  @Field()
  @IsString()
  @Length(3, 300)
  title: string;

  @Field(() => FindingKind, { defaultValue: FindingKind.OBSERVATION })
  @IsEnum(FindingKind)
  kind: FindingKind;

  @Field(() => FindingSeverity)
  @IsEnum(FindingSeverity)
  severity: FindingSeverity;
}
