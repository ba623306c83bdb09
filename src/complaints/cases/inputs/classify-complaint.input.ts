import { Field, ID, InputType } from '@nestjs/graphql';
import { IsUUID } from 'class-validator';
import { ComplaintCodes } from '../../inputs/complaint-codes.input.js';

@InputType({ description: 'The convener classifies a complaint that arrived as free text (SMS, email); a complaint still waiting is then routed.' })
export class ClassifyComplaintInput extends ComplaintCodes {
  @Field(() => ID)
  @IsUUID()
  complaintId: string;
}
