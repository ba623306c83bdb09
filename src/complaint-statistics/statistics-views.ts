import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'A number of complaints; for the public, null with `suppressed` when it is 1 to 4 or would give such a count back by subtraction.' })
export class StatisticCount {
  @Field(() => Int, { nullable: true })
  count: number | null;

  @Field({ description: 'True when the count is withheld: too small to publish, or one that would give a small count back.' })
  suppressed: boolean;
}

@ObjectType({ description: 'One value of a dimension and how many complaints have it.' })
export class StatisticBucket extends StatisticCount {
  @Field(() => String, {
    nullable: true,
    description:
      'The value: an enum value, the code of a sector, type or area, or the id of an organisation. Null for "not given", "unclassified" or "not referred yet".',
  })
  key: string | null;

  @Field()
  label: string;
}

@ObjectType({ description: 'How long complaints took, in hours, over the complaints that got that far.' })
export class TimeFigure {
  @Field(() => Int, { nullable: true, description: 'How many complaints the figures are over.' })
  count: number | null;

  @Field({ description: 'True when the figures are withheld because the count they are over is withheld.' })
  suppressed: boolean;

  @Field(() => Float, { nullable: true })
  medianHours: number | null;

  @Field(() => Float, { nullable: true, description: '90th percentile (continuous, as PostgreSQL percentile_cont).' })
  p90Hours: number | null;
}

@ObjectType({ description: 'The times of the complaints one organisation handles (or of those not referred yet).' })
export class OrganisationTimes {
  @Field(() => ID, { nullable: true, description: 'The handling organisation; null for complaints not referred yet.' })
  organisationId: string | null;

  @Field()
  label: string;

  @Field(() => TimeFigure)
  toFirstAction: TimeFigure;

  @Field(() => TimeFigure)
  toResolution: TimeFigure;
}

@ObjectType({ description: 'One ISO week (Monday to Sunday, UTC).' })
export class WeeklyComplaints {
  @Field({ description: 'ISO week, e.g. `2026-W05`.' })
  week: string;

  @Field({ description: 'Its Monday, `YYYY-MM-DD`.' })
  startsOn: string;

  @Field(() => StatisticCount, { description: 'Complaints lodged that week.' })
  lodged: StatisticCount;

  @Field(() => StatisticCount, { description: 'Complaints resolved that week, whenever they were lodged.' })
  resolved: StatisticCount;
}

@ObjectType({ description: 'One calendar month (UTC).' })
export class MonthlyComplaints {
  @Field({ description: 'The month, e.g. `2026-01`.' })
  month: string;

  @Field({ description: 'Its first day, `YYYY-MM-DD`.' })
  startsOn: string;

  @Field(() => StatisticCount, { description: "Complaints lodged that month; of a public period's whole months, that month's own total." })
  lodged: StatisticCount;
}

@ObjectType({
  description:
    'Figures of the complaint referral mechanism. Signed-in conveners, referral partners, implementers and administrators get every figure; ' +
    'everyone else gets the same shape, for whole calendar months that have ended, with counts of 1 to 4, the counts that would give them back and the times over them withheld.',
})
export class ComplaintStatistics {
  @Field(() => String, { nullable: true, description: 'The filter: first lodging day counted (UTC), `YYYY-MM-DD`.' })
  from: string | null;

  @Field(() => String, { nullable: true, description: 'The filter: last lodging day counted (UTC), inclusive.' })
  to: string | null;

  @Field(() => ID, { nullable: true, description: 'The filter: handled by this organisation.' })
  organisationId: string | null;

  @Field({ description: 'True when small counts are withheld for this viewer.' })
  smallCountsSuppressed: boolean;

  @Field(() => StatisticCount)
  total: StatisticCount;

  @Field(() => [StatisticBucket])
  byGender: StatisticBucket[];

  @Field(() => [StatisticBucket])
  byAgeGroup: StatisticBucket[];

  @Field(() => [StatisticBucket])
  bySector: StatisticBucket[];

  @Field(() => [StatisticBucket])
  byType: StatisticBucket[];

  @Field(() => [StatisticBucket], { description: 'By county; a complaint about a sub-county counts in its county.' })
  byCounty: StatisticBucket[];

  @Field(() => [StatisticBucket], { description: 'By sub-county; complaints naming only a county, or no area, are in the null bucket.' })
  bySubCounty: StatisticBucket[];

  @Field(() => [StatisticBucket])
  byChannel: StatisticBucket[];

  @Field(() => [StatisticBucket], { description: 'By the organisation handling the complaint now.' })
  byHandlingOrganisation: StatisticBucket[];

  @Field(() => [StatisticBucket])
  byStatus: StatisticBucket[];

  @Field(() => TimeFigure, { description: 'From lodging to the first action of the handling organisation.' })
  timeToFirstAction: TimeFigure;

  @Field(() => TimeFigure, { description: 'From lodging to resolution.' })
  timeToResolution: TimeFigure;

  @Field(() => [OrganisationTimes], { description: 'The same times for each handling organisation.' })
  timesByOrganisation: OrganisationTimes[];

  @Field(() => [WeeklyComplaints], {
    description: 'Every ISO week (UTC) from the first complaint lodged or resolved in the period to the last day of the period, or to now without one.',
  })
  weekly: WeeklyComplaints[];

  @Field(() => [MonthlyComplaints], {
    description: 'Every calendar month (UTC) from the first complaint lodged or resolved in the period to the last day of the period, or to now without one.',
  })
  monthly: MonthlyComplaints[];
}
