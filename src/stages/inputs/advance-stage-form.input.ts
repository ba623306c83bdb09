import { IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ProcurementStage } from '../../procurements/procurement-stage.js';
import { EmptyIsAbsent } from '../../web/web-forms.js';

/** The web form that moves a procurement on: the stage it goes to (from the page), why, and the awardee when it is the award. */
export class AdvanceStageForm {
  @IsEnum(ProcurementStage, { message: 'authority.stage.error.toStage' })
  toStage: ProcurementStage;

  @EmptyIsAbsent()
  @IsOptional()
  @IsString({ message: 'authority.stage.error.note' })
  @MaxLength(5000, { message: 'authority.stage.error.note' })
  note?: string;

  @EmptyIsAbsent()
  @IsOptional()
  @IsUUID('all', { message: 'authority.stage.error.awardedBidderId' })
  awardedBidderId?: string;
}
