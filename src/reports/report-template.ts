import { Field, ObjectType } from '@nestjs/graphql';
import { ReportSection } from './monitoring-report.entity.js';

/** A standard monitoring report in one language, read from `templates/reports/*.yaml`. */
@ObjectType({ description: 'A standard monitoring report in one language; reports start from one.' })
export class ReportTemplate {
  @Field({ description: 'Same for every language of one template, for example `standard`.' })
  key: string;

  @Field({ description: 'ISO 639-1 code.' })
  language: string;

  @Field()
  name: string;

  @Field({ description: 'Title with {{placeholders}} still in it.' })
  title: string;

  @Field(() => [ReportSection], { description: 'Sections with {{placeholders}} and [instructions] still in them.' })
  sections: ReportSection[];

  /** Words the PDF prints around the report, in this language. */
  labels: Record<string, string>;
}
