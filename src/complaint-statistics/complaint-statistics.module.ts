import { Module } from '@nestjs/common';
import { ComplaintFiguresService } from './complaint-figures.service.js';
import { ComplaintStatisticsController } from './complaint-statistics.controller.js';
import { ComplaintStatisticsResolver } from './complaint-statistics.resolver.js';
import { ComplaintStatisticsService } from './complaint-statistics.service.js';

@Module({
  controllers: [ComplaintStatisticsController],
  providers: [ComplaintFiguresService, ComplaintStatisticsService, ComplaintStatisticsResolver],
})
export class ComplaintStatisticsModule {}
