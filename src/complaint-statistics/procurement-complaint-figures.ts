import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ComplaintStatus } from '../complaints/complaint.entity.js';
import { protectCounts, SMALLEST_PUBLIC_COUNT } from './protect-counts.js';
import { StatisticBucket, StatisticCount } from './statistics-views.js';

/** How many complaints about one procurement have each status (merged duplicates left out), as counted. */
export interface StatusCount {
  status: ComplaintStatus;
  complaints: number;
}

@ObjectType({
  description:
    'The complaints about one procurement by status. For the public, as in the complaint statistics: a count of 1 to 4 is withheld, and so is any count that would give one back by subtraction.',
})
export class ProcurementComplaintFigures {
  @Field({ description: 'True when small counts are withheld from you (everyone but those who may read the full complaint statistics).' })
  smallCountsSuppressed: boolean;

  @Field(() => Int, { description: 'The smallest count published to the public.' })
  smallestPublicCount: number;

  @Field(() => StatisticCount)
  total: StatisticCount;

  @Field(() => [StatisticBucket], { description: 'One per status some complaint has, in the order a complaint moves through them; the key is the status.' })
  byStatus: StatisticBucket[];
}

/**
 * The figures one viewer gets: everything with `fullAccess` (the same CASL decision as for the
 * statistics, `read ComplaintStatistics`), otherwise the counts `protectCounts` leaves, so the
 * case file never shows what the statistics and the published reports withhold.
 */
export function procurementComplaintFigures(counted: readonly StatusCount[], fullAccess: boolean): ProcurementComplaintFigures {
  const statuses = Object.values(ComplaintStatus).filter((status) => counted.some((c) => c.status === status && c.complaints > 0));
  const byStatus = statuses.map((status) => counted.filter((c) => c.status === status).reduce((sum, c) => sum + c.complaints, 0));
  const counts = [byStatus.reduce((sum, count) => sum + count, 0), ...byStatus];
  const withheld = fullAccess ? counts.map(() => false) : protectCounts(counts, [{ parent: 0, children: byStatus.map((_, index) => index + 1) }]);
  const shown = (index: number): StatisticCount => (withheld[index] ? { count: null, suppressed: true } : { count: counts[index], suppressed: false });
  return {
    smallCountsSuppressed: !fullAccess,
    smallestPublicCount: SMALLEST_PUBLIC_COUNT,
    total: shown(0),
    byStatus: statuses.map((status, index) => ({ key: status, label: status, ...shown(index + 1) })),
  };
}
