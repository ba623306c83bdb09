import { ObjectType } from '@nestjs/graphql';
import { Entity, Unique } from 'typeorm';
import { Classification } from './classification.js';

@ObjectType({ description: 'A public service sector a complaint concerns (health, water, …).' })
@Entity('complaint_sectors')
@Unique('complaint_sectors_code_key', ['code'])
export class ComplaintSector extends Classification {}
