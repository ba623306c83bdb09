import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { EmptyIsAbsent } from '../../web/web-forms.js';

/** A paginated page's address: `?page=…`. */
export class PageQuery {
  @EmptyIsAbsent()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  page: number = 1;
}
