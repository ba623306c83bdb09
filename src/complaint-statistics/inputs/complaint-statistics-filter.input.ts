import { Field, ID, InputType } from '@nestjs/graphql';
import { IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The same filter for the GraphQL query and, as query parameters, for the CSV and the PDF. */
@InputType({ description: 'Which complaints the statistics are over; every part is optional.' })
export class ComplaintStatisticsFilter {
  @Field({ nullable: true, description: 'First lodging day counted, `YYYY-MM-DD` (UTC).' })
  @IsOptional()
  @Matches(DAY, { message: 'from must be a day written YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'from must be a day of the calendar' })
  from?: string;

  @Field({ nullable: true, description: 'Last lodging day counted, `YYYY-MM-DD` (UTC), inclusive.' })
  @IsOptional()
  @Matches(DAY, { message: 'to must be a day written YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'to must be a day of the calendar' })
  to?: string;

  @Field(() => ID, { nullable: true, description: 'Only the complaints this organisation handles.' })
  @IsOptional()
  @IsUUID('all', { message: 'organisationId must be the id of an organisation' })
  organisationId?: string;
}
