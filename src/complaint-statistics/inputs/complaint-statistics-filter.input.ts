import { Field, ID, InputType } from '@nestjs/graphql';
import { IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The same filter for the GraphQL query and, as query parameters, for the CSV and the PDF. */
@InputType({ description: 'Which complaints the statistics are over; every part is optional.' })
export class ComplaintStatisticsFilter {
  @Field({ nullable: true, description: 'First lodging day counted, `YYYY-MM-DD` (UTC); for the public, the first day of a month.' })
  @IsOptional()
  @Matches(DAY, { message: 'from must be a day written YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'from must be a day of the calendar' })
  from?: string;

  @Field({
    nullable: true,
    description: 'Last lodging day counted, `YYYY-MM-DD` (UTC), inclusive; for the public, the last day of a month that has ended (the default).',
  })
  @IsOptional()
  @Matches(DAY, { message: 'to must be a day written YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'to must be a day of the calendar' })
  to?: string;

  @Field(() => ID, { nullable: true, description: 'Only the complaints this organisation handles; not for the public.' })
  @IsOptional()
  @IsUUID('all', { message: 'organisationId must be the id of an organisation' })
  organisationId?: string;
}
