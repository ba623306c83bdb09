import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { EmptyIsAbsent } from '../../web/web-forms.js';

/** The audit trail page's address: `/workspace/procurements/<id>/audit?page=…`. */
export class AuditPageQuery {
  @EmptyIsAbsent()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  page: number = 1;
}
