import { Length, Matches } from 'class-validator';

/** The merge form of the convener's complaint page: the tracking number of the complaint that stays; its messages are catalogue keys. */
export class MergeComplaintForm {
  @Length(1, 40, { message: 'convener.merge.error.trackingNumber' })
  @Matches(/\S/, { message: 'convener.merge.error.trackingNumber' })
  trackingNumber: string;
}
