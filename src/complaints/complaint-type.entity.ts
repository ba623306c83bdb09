import { ObjectType } from '@nestjs/graphql';
import { Entity, Unique } from 'typeorm';
import { Classification } from './classification.js';

@ObjectType({ description: 'What kind of problem a complaint reports (service delivery, bribery, …).' })
@Entity('complaint_types')
@Unique('complaint_types_code_key', ['code'])
export class ComplaintType extends Classification {}
