import { IsIn, IsOptional } from 'class-validator';
import { EmptyIsAbsent } from '../../../web/web-forms.js';
import { PartnerQueueQuery } from './partner-queue-query.input.js';

/** The convener's queue's address: the partner's filters, and `referral=awaiting` for the complaints no one has referred yet. */
export class ConvenerQueueQuery extends PartnerQueueQuery {
  @EmptyIsAbsent()
  @IsOptional()
  @IsIn(['awaiting'])
  referral?: 'awaiting';
}
