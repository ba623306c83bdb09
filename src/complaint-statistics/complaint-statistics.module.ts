import { Module } from '@nestjs/common';
import { WebModule } from '../web/web.module.js';
import { ComplaintFiguresService } from './complaint-figures.service.js';
import { ComplaintStatisticsRepository } from './complaint-statistics.repository.js';
import { ComplaintStatisticsPagesController } from './complaint-statistics-pages.controller.js';
import { ComplaintStatisticsController } from './complaint-statistics.controller.js';
import { ComplaintStatisticsResolver } from './complaint-statistics.resolver.js';
import { ComplaintStatisticsService } from './complaint-statistics.service.js';

@Module({
  imports: [WebModule],
  controllers: [ComplaintStatisticsController, ComplaintStatisticsPagesController],
  providers: [ComplaintStatisticsRepository, ComplaintFiguresService, ComplaintStatisticsService, ComplaintStatisticsResolver],
})
export class ComplaintStatisticsModule {}
