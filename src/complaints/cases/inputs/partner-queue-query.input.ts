import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { EmptyIsAbsent } from '../../../web/web-forms.js';
import { ComplaintStatus } from '../../complaint.entity.js';
import { CODE } from '../../inputs/complaint-codes.input.js';

/** The partner's queue's address, its filter form sent by GET: `/workspace/complaints?status=…&sector=…&area=…&page=…`. */
export class PartnerQueueQuery {
  @EmptyIsAbsent()
  @IsOptional()
  @IsEnum(ComplaintStatus)
  status?: ComplaintStatus;

  @EmptyIsAbsent()
  @IsOptional()
  @Matches(CODE)
  sector?: string;

  /** A county or a sub-county; a county takes in its sub-counties. */
  @EmptyIsAbsent()
  @IsOptional()
  @Matches(CODE)
  area?: string;

  @EmptyIsAbsent()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  page: number = 1;
}
