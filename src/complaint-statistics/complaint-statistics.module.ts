import { Module } from '@nestjs/common';
import { ComplaintFiguresService } from './complaint-figures.service.js';
import { ComplaintStatisticsRepository } from './complaint-statistics.repository.js';
import { ComplaintStatisticsController } from './complaint-statistics.controller.js';
import { ComplaintStatisticsResolver } from './complaint-statistics.resolver.js';
import { ComplaintStatisticsService } from './complaint-statistics.service.js';

@Module({
  controllers: [ComplaintStatisticsController],
  providers: [ComplaintStatisticsRepository, ComplaintFiguresService, ComplaintStatisticsService, ComplaintStatisticsResolver],
})
export class ComplaintStatisticsModule {}
