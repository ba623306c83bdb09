import { Equals, IsUUID, Length } from 'class-validator';

/**
 * The web form that signs a pact: the signer types their own name (as one signs on paper) and
 * ticks an explicit confirmation; the organisation comes from the page, and is checked again.
 */
export class SignPactForm {
  @IsUUID('all', { message: 'bidder.error.organisationId' })
  organisationId: string;

  @Length(1, 200, { message: 'bidder.error.signerName' })
  signerName: string;

  @Equals('yes', { message: 'bidder.error.confirm' })
  confirm: string;
}
