import { IsUUID, Length, Matches } from 'class-validator';

/** The referral form of the convener's complaint page; its messages are catalogue keys. It becomes ReferComplaintInput. */
export class ReferComplaintForm {
  @IsUUID('all', { message: 'convener.refer.error.organisationId' })
  organisationId: string;

  /** As ReferComplaintInput: why this organisation, kept in the complaint's history for staff. */
  @Length(3, 2000, { message: 'convener.refer.error.reason' })
  @Matches(/\S/, { message: 'convener.refer.error.reason' })
  reason: string;
}
