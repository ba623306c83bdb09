import { Module } from '@nestjs/common';
import { RedFlagsService } from './red-flags.service.js';

@Module({ providers: [RedFlagsService], exports: [RedFlagsService] })
export class RedFlagsModule {}
