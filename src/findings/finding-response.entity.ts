import { ObjectType } from '@nestjs/graphql';
import { Entity, Index } from 'typeorm';
import { FindingMessage } from './finding-message.js';

@ObjectType({ description: "The contracting authority's answer to a finding." })
@Entity('finding_responses')
@Index('finding_responses_finding_id_idx', ['findingId', 'createdAt'])
export class FindingResponse extends FindingMessage {}
