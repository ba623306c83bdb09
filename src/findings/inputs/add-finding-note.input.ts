import { InputType } from '@nestjs/graphql';
import { FindingMessageFields } from './finding-message.input.js';

@InputType({ description: 'An internal note between monitor and implementer; the authority, bidders and the public never see it.' })
export class AddFindingNoteInput extends FindingMessageFields {}
