import { IsEnum, IsString, MaxLength } from 'class-validator';
import { SignOffDecision } from './stage-sign-off.entity.js';

/** The monitor's web form on a stage: sign it off, or object (the service requires the reason for an objection). */
export class SignOffForm {
  @IsEnum(SignOffDecision, { message: 'monitor.signOff.error.decision' })
  decision: SignOffDecision;

  @IsString({ message: 'monitor.signOff.error.reason' })
  @MaxLength(10_000, { message: 'monitor.signOff.error.reason' })
  reason: string = '';
}
