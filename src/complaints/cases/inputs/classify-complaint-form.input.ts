import { IsOptional, Length, Matches } from 'class-validator';
import { EmptyIsAbsent } from '../../../web/web-forms.js';
import { CODE } from '../../inputs/complaint-codes.input.js';

/** The classification form of the convener's complaint page; its messages are catalogue keys. It becomes ClassifyComplaintInput. */
export class ClassifyComplaintForm {
  @Matches(CODE, { message: 'staff.classify.error.sectorCode' })
  sectorCode: string;

  @Matches(CODE, { message: 'staff.classify.error.typeCode' })
  typeCode: string;

  @Matches(CODE, { message: 'staff.classify.error.areaCode' })
  areaCode: string;

  /**
   * Classifying sets the procurement too (ComplaintHandlingService.classify): the form offers the
   * current one, so classifying a complaint does not silently take it away from its monitor.
   */
  @EmptyIsAbsent()
  @IsOptional()
  @Length(1, 200, { message: 'staff.classify.error.procurementReference' })
  procurementReference?: string;
}
