import { Transform } from 'class-transformer';
import { IsDate, IsEnum, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { ReportKind } from '../monitoring-report.entity.js';

/*
 * The web forms of monitoring reports. Their rules are those of the GraphQL inputs, their
 * messages catalogue keys (`reports.new.error.kind`), so errors read in the page's language.
 */

/**
 * A day from a date field (`2026-11-30`) as the instant the period starts or ends, in UTC like
 * the period the report prints; an empty field is no date, anything else is left as sent for
 * @IsDate to refuse.
 */
const DayAt = (time: string) =>
  Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') return value;
    if (!value.trim()) return undefined;
    return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T${time}Z`) : value;
  });

/** Starts a report from a template; the period is the service's to check against the kind. */
export class NewReportForm {
  @Matches(/^[a-z0-9-]{1,60}$/, { message: 'reports.new.error.templateKey' })
  templateKey: string;

  @Matches(/^[a-z]{2}$/, { message: 'reports.new.error.language' })
  language: string;

  @IsEnum(ReportKind, { message: 'reports.new.error.kind' })
  kind: ReportKind;

  @DayAt('00:00:00.000')
  @IsOptional()
  @IsDate({ message: 'reports.new.error.periodStart' })
  periodStart?: Date;

  /** The whole last day is in the period. */
  @DayAt('23:59:59.999')
  @IsOptional()
  @IsDate({ message: 'reports.new.error.periodEnd' })
  periodEnd?: Date;
}

/** One section's text, as the implementer rewrites it. */
export class ReportSectionForm {
  @IsString({ message: 'reports.section.error.body' })
  @Matches(/\S/, { message: 'reports.section.error.body' })
  @Length(1, 50_000, { message: 'reports.section.error.body' })
  body: string;
}

/** The monitor's text for one section. */
export class ReportContributionForm {
  @IsString({ message: 'reports.contribution.error.body' })
  @Matches(/\S/, { message: 'reports.contribution.error.body' })
  @Length(1, 20_000, { message: 'reports.contribution.error.body' })
  body: string;
}

/** Publishing cannot be undone: the implementer says so in as many words. */
export class PublishReportForm {
  @IsIn(['yes'], { message: 'reports.publish.error.confirm' })
  confirm: string;
}
