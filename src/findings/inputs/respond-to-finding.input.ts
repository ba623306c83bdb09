import { InputType } from '@nestjs/graphql';
import { FindingMessageFields } from './finding-message.input.js';

@InputType({ description: "The contracting authority's answer to a finding." })
export class RespondToFindingInput extends FindingMessageFields {}
