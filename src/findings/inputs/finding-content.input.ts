import { Field, InputType } from '@nestjs/graphql';
import { IsEnum, IsString, Length } from 'class-validator';
import { FindingSeverity } from '../finding.entity.js';

/** What the monitor writes about a finding: shared by recording it and editing it. */
@InputType({ isAbstract: true })
export class FindingContent {
  @Field()
  @IsString()
  @Length(3, 300)
  title: string;

  @Field({ description: 'What was observed, where and when; plain text.' })
  @IsString()
  @Length(1, 20_000)
  description: string;

  @Field(() => FindingSeverity)
  @IsEnum(FindingSeverity)
  severity: FindingSeverity;
}
