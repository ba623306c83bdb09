import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import type { ProcurementFilterInput } from '../../procurements/inputs/procurement-filter.input.js';
import { ProcurementStage } from '../../procurements/procurement-stage.js';
import { EmptyIsAbsent } from '../../web/web-forms.js';

/** The register's address (an empty field of its search form means "any"): `/procurements?q=…&authority=…&stage=…&sector=…&page=…`, what its search form sends. */
export class RegisterQuery {
  @EmptyIsAbsent()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;

  @EmptyIsAbsent()
  @IsOptional()
  @IsUUID()
  authority?: string;

  @EmptyIsAbsent()
  @IsOptional()
  @IsEnum(ProcurementStage)
  stage?: ProcurementStage;

  @EmptyIsAbsent()
  @IsOptional()
  @IsString()
  @Length(1, 100)
  sector?: string;

  @EmptyIsAbsent()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  page: number = 1;

  /** The register shows the public record: procurements whose pact is published. */
  filter(): ProcurementFilterInput {
    return { hasPublishedPact: true, search: this.q, authorityId: this.authority, stage: this.stage, sector: this.sector };
  }
}
