import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { EmptyIsAbsent } from '../../web/web-forms.js';

/** The workspace's address: `/workspace/procurements?page=…`. */
export class ProcurementsPageQuery {
  @EmptyIsAbsent()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  page: number = 1;
}
