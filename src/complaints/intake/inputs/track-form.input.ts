import { Type } from 'class-transformer';
import { IsInt, IsOptional, Length, Max, Min } from 'class-validator';
import { EmptyIsAbsent } from '../../../web/web-forms.js';

/** The /track form: the tracking number, and the secret (needed for an anonymous complaint). Posted, never in an address. */
export class TrackForm {
  @Length(1, 40, { message: 'track.error.trackingNumber' })
  trackingNumber: string;

  @EmptyIsAbsent()
  @IsOptional()
  @Length(1, 64, { message: 'track.error.secret' })
  secret?: string;
}

/** What the complainant may do once they see their complaint: the secret is the proof, whoever complained. */
class ProvenForm {
  @Length(1, 40, { message: 'track.error.trackingNumber' })
  trackingNumber: string;

  @Length(1, 64, { message: 'track.error.secretNeeded' })
  secret: string;
}

export class InformationForm extends ProvenForm {
  @Length(1, 5000, { message: 'track.error.information' })
  information: string;
}

export class RatingForm extends ProvenForm {
  @Type(() => Number)
  @IsInt({ message: 'track.error.rating' })
  @Min(1, { message: 'track.error.rating' })
  @Max(5, { message: 'track.error.rating' })
  rating: number;

  @EmptyIsAbsent()
  @IsOptional()
  @Length(1, 2000, { message: 'track.error.comment' })
  comment?: string;
}
