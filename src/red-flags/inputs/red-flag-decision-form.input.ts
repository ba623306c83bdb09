import { IsEnum, IsIn, IsString, Length, Matches, ValidateIf } from 'class-validator';
import { FindingSeverity } from '../../findings/finding.entity.js';

/**
 * The monitor's web form on a raised flag: confirm it (it becomes a finding of the severity
 * chosen, the reason its note) or dismiss it; either way with a reason, kept on the record.
 */
export class RedFlagDecisionForm {
  @IsIn(['CONFIRM', 'DISMISS'], { message: 'monitor.flag.error.decision' })
  decision: 'CONFIRM' | 'DISMISS';

  @ValidateIf((form: RedFlagDecisionForm) => form.decision === 'CONFIRM')
  @IsEnum(FindingSeverity, { message: 'monitor.flag.error.severity' })
  severity?: FindingSeverity;

  @IsString({ message: 'monitor.flag.error.reason' })
  @Matches(/\S/, { message: 'monitor.flag.error.reason' })
  @Length(3, 2000, { message: 'monitor.flag.error.reason' })
  reason: string;
}
