import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsString, IsUUID, MaxLength } from 'class-validator';
import { FindingStatus } from '../finding.entity.js';

@InputType()
export class SetFindingStatusInput {
  @Field(() => ID)
  @IsUUID()
  findingId: string;

  @Field(() => FindingStatus, { description: 'RESOLVED or ESCALATED; ANSWERED comes only from the authority responding.' })
  @IsEnum(FindingStatus)
  status: FindingStatus;

  @Field({ defaultValue: '', description: 'Why; recorded in the audit trail, which the authority also reads.' })
  @IsString()
  @MaxLength(5000)
  note: string;
}
