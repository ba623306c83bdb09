import { IsString, Length } from 'class-validator';

/** The web form with which the authority answers a finding. */
export class AnswerFindingForm {
  @IsString({ message: 'authority.finding.error.body' })
  @Length(1, 20_000, { message: 'authority.finding.error.body' })
  body: string;
}
