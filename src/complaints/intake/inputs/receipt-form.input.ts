import { Length } from 'class-validator';

/**
 * The receipt button on the page that answers a lodged complaint: the tracking number and the
 * secret travel as hidden fields of a POST, never in an address, so they stay out of logs and
 * browser history. Hidden fields are not typed by anyone: a bad one is a tampered form.
 */
export class ReceiptForm {
  @Length(1, 40, { message: 'track.error.trackingNumber' })
  trackingNumber: string;

  @Length(1, 64, { message: 'track.error.secretNeeded' })
  secret: string;
}
