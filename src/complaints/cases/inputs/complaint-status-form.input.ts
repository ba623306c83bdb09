import { IsEnum, IsOptional, Length } from 'class-validator';
import { EmptyIsAbsent } from '../../../web/web-forms.js';
import { ComplaintStatus } from '../../complaint.entity.js';

/** The status form of a complaint's page; its messages are catalogue keys. It becomes SetComplaintStatusInput. */
export class ComplaintStatusForm {
  @IsEnum(ComplaintStatus, { message: 'partner.status.error.status' })
  status: ComplaintStatus;

  /** Required to reject, and then sent to the complainant (ComplaintHandlingService.setStatus). */
  @EmptyIsAbsent()
  @IsOptional()
  @Length(1, 2000, { message: 'partner.status.error.reasonLength' })
  reason?: string;
}
