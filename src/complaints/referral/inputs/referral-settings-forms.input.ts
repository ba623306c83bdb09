import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { EmptyIsAbsent } from '../../../web/web-forms.js';
import { CODE } from '../../inputs/complaint-codes.input.js';

/** The routing rule form of the convener's settings page; its messages are catalogue keys. It becomes SetReferralRuleInput. */
export class ReferralRuleForm {
  @EmptyIsAbsent()
  @IsOptional()
  @Matches(CODE, { message: 'convener.rule.error.sectorCode' })
  sectorCode?: string;

  @EmptyIsAbsent()
  @IsOptional()
  @Matches(CODE, { message: 'convener.rule.error.areaCode' })
  areaCode?: string;

  @EmptyIsAbsent()
  @IsOptional()
  @Matches(CODE, { message: 'convener.rule.error.typeCode' })
  typeCode?: string;

  @IsUUID('all', { message: 'convener.rule.error.organisationId' })
  organisationId: string;
}

/** The deadline form of the convener's settings page. It becomes SetComplaintDeadlineInput. */
export class ComplaintDeadlineForm {
  @EmptyIsAbsent()
  @IsOptional()
  @IsUUID('all', { message: 'convener.deadline.error.organisationId' })
  organisationId?: string;

  @EmptyIsAbsent()
  @IsOptional()
  @Matches(CODE, { message: 'convener.deadline.error.typeCode' })
  typeCode?: string;

  @Type(() => Number)
  @IsInt({ message: 'convener.deadline.error.acknowledgeWithinHours' })
  @Min(1, { message: 'convener.deadline.error.acknowledgeWithinHours' })
  @Max(8760, { message: 'convener.deadline.error.acknowledgeWithinHours' })
  acknowledgeWithinHours: number;

  /** At least acknowledgeWithinHours (ReferralSettingsService.setDeadline). */
  @Type(() => Number)
  @IsInt({ message: 'convener.deadline.error.resolveWithinHours' })
  @Min(1, { message: 'convener.deadline.error.resolveWithinHours' })
  @Max(8760, { message: 'convener.deadline.error.resolveWithinHours' })
  resolveWithinHours: number;
}

export const CLASSIFICATION_LISTS = ['sector', 'type', 'area'] as const;
export type ClassificationList = (typeof CLASSIFICATION_LISTS)[number];

/** The form that adds a sector, a complaint type, or a county or sub-county. It becomes AddClassificationInput or AddAreaInput. */
export class ClassificationEntryForm {
  @IsIn(CLASSIFICATION_LISTS, { message: 'convener.list.error.list' })
  list: ClassificationList;

  @Matches(CODE, { message: 'convener.list.error.code' })
  code: string;

  @Length(2, 200, { message: 'convener.list.error.name' })
  @Matches(/\S/, { message: 'convener.list.error.name' })
  name: string;

  /** For a sub-county: the county it is part of. */
  @EmptyIsAbsent()
  @IsOptional()
  @Matches(CODE, { message: 'convener.list.error.countyCode' })
  countyCode?: string;
}
