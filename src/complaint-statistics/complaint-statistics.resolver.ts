import { Args, Query, Resolver } from '@nestjs/graphql';
import { CurrentViewer, Public } from '../authorization/policy.decorator.js';
import type { Viewer } from '../authorization/viewer.js';
import { FIELD_COSTS } from '../graphql/query-cost.js';
import { ComplaintStatisticsService } from './complaint-statistics.service.js';
import { ComplaintStatisticsFilter } from './inputs/complaint-statistics-filter.input.js';
import { ComplaintStatistics } from './statistics-views.js';

@Resolver()
export class ComplaintStatisticsResolver {
  constructor(private readonly statistics: ComplaintStatisticsService) {}

  /** Public: what each viewer gets is decided inside, by their ability to read ComplaintStatistics. */
  @Public()
  @Query(() => ComplaintStatistics, {
    description: 'Figures of the complaint referral mechanism; the public gets them with small counts withheld.',
    complexity: FIELD_COSTS.statistics,
  })
  complaintStatistics(
    @CurrentViewer() viewer: Viewer,
    @Args('filter', { type: () => ComplaintStatisticsFilter, nullable: true, defaultValue: {} }) filter: ComplaintStatisticsFilter,
  ): Promise<ComplaintStatistics> {
    return this.statistics.forViewer(viewer, filter);
  }
}
