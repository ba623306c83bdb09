import { Transform, Type } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import type { ProcurementFilterInput } from '../../procurements/inputs/procurement-filter.input.js';
import { ProcurementStage } from '../../procurements/procurement-stage.js';

/** A search form sends its empty fields as empty strings: they mean "any". */
const EmptyIsAny = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() === '' ? undefined : value));

/** The register's address: `/procurements?q=…&authority=…&stage=…&sector=…&page=…`, what its search form sends. */
export class RegisterQuery {
  @EmptyIsAny()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;

  @EmptyIsAny()
  @IsOptional()
  @IsUUID()
  authority?: string;

  @EmptyIsAny()
  @IsOptional()
  @IsEnum(ProcurementStage)
  stage?: ProcurementStage;

  @EmptyIsAny()
  @IsOptional()
  @IsString()
  @Length(1, 100)
  sector?: string;

  @EmptyIsAny()
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
