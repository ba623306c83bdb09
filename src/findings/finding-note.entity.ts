import { ObjectType } from '@nestjs/graphql';
import { Entity, Index } from 'typeorm';
import { FindingMessage } from './finding-message.js';

@ObjectType({ description: 'An internal note between monitor and implementer; never shown to the authority, bidders or the public.' })
@Entity('finding_notes')
@Index('finding_notes_finding_id_idx', ['findingId', 'createdAt'])
export class FindingNote extends FindingMessage {}
