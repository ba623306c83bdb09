import { Field, ID, InputType } from '@nestjs/graphql';
import { IsDate, IsEnum, IsOptional, IsUUID, Matches } from 'class-validator';
import { ReportKind } from '../monitoring-report.entity.js';

@InputType()
export class CreateMonitoringReportInput {
  @Field(() => ID)
  @IsUUID()
  procurementId: string;

  @Field(() => ReportKind)
  @IsEnum(ReportKind)
  kind: ReportKind;

  @Field(() => Date, {
    nullable: true,
    description: "A periodic report's first instant; findings recorded from then on are included. Left out for a final report.",
  })
  @IsOptional()
  @IsDate()
  periodStart?: Date;

  @Field(() => Date, {
    nullable: true,
    description: "A periodic report's last instant; findings recorded until then are included. Left out for a final report.",
  })
  @IsOptional()
  @IsDate()
  periodEnd?: Date;

  @Field({ defaultValue: 'standard' })
  @Matches(/^[a-z0-9-]{1,60}$/, { message: 'templateKey must be lowercase letters, digits and dashes' })
  templateKey: string;

  @Field({ defaultValue: 'en', description: 'ISO 639-1 code of a language the template exists in.' })
  @Matches(/^[a-z]{2}$/, { message: 'language must be a two-letter ISO 639-1 code such as en or fr' })
  language: string;
}
