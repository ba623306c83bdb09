import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { ComplaintStatus } from '../../complaint.entity.js';

@InputType({ description: 'Moves a complaint on: ACKNOWLEDGED, IN_PROGRESS, RESOLVED, REJECTED (with a reason) or CLOSED.' })
export class SetComplaintStatusInput {
  @Field(() => ID)
  @IsUUID()
  complaintId: string;

  @Field(() => ComplaintStatus)
  @IsEnum(ComplaintStatus)
  status: ComplaintStatus;

  @Field({ nullable: true, description: 'Required to reject, and then sent to the complainant.' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  reason?: string;
}
