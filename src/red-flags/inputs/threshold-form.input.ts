import { Transform } from 'class-transformer';
import { IsIn, IsNumber, Max, Min } from 'class-validator';
import { INDICATOR_CODES } from '../indicators.js';

/** The web form that changes an indicator's threshold: the rules of UpdateRedFlagSettingInput, with catalogue keys for messages. */
export class ThresholdForm {
  @IsIn(INDICATOR_CODES, { message: 'thresholds.error.code' })
  code: string;

  /** A number field sends text: a blank or a word stays as sent, for @IsNumber to refuse. */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() && Number.isFinite(Number(value)) ? Number(value) : value))
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'thresholds.error.threshold' })
  @Min(0, { message: 'thresholds.error.threshold' })
  @Max(1_000_000, { message: 'thresholds.error.threshold' })
  threshold: number;
}
