import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { EmptyIsAbsent } from '../../web/web-forms.js';

/** The administrator's lists and pages: `?page=…`, and which change just succeeded (after POST/redirect/GET). */
export class AdminPageQuery {
  @EmptyIsAbsent()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  page: number = 1;

  @EmptyIsAbsent()
  @IsOptional()
  @IsIn(['organisation', 'user', 'member', 'revoked'])
  done?: 'organisation' | 'user' | 'member' | 'revoked';
}
