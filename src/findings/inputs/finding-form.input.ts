import { Type } from 'class-transformer';
import { IsEnum, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import type { ReceivedFile } from '../../uploads/receive-file.js';
import { EmptyIsAbsent } from '../../web/web-forms.js';
import { FindingKind, FindingSeverity, FindingStatus, FindingVisibility } from '../finding.entity.js';

/*
 * The monitor's web forms on findings. Their rules are those of the GraphQL inputs, their
 * messages catalogue keys (`monitor.finding.error.title`), so errors read in the page's language.
 */

/** Records a finding, optionally with its first evidence file; also the form that edits one (without the kind and the file). */
export class FindingForm {
  @IsString({ message: 'monitor.finding.error.title' })
  @Matches(/\S/, { message: 'monitor.finding.error.title' })
  @Length(3, 300, { message: 'monitor.finding.error.title' })
  title: string;

  @IsString({ message: 'monitor.finding.error.description' })
  @Matches(/\S/, { message: 'monitor.finding.error.description' })
  @Length(1, 20_000, { message: 'monitor.finding.error.description' })
  description: string;

  @IsEnum(FindingSeverity, { message: 'monitor.finding.error.severity' })
  severity: FindingSeverity;

  @IsEnum(FindingVisibility, { message: 'monitor.finding.error.visibility' })
  visibility: FindingVisibility;
}

export class RecordFindingForm extends FindingForm {
  @IsEnum(FindingKind, { message: 'monitor.finding.error.kind' })
  kind: FindingKind;

  /** Read by @WebForm() from the multipart body; checked by EvidenceService like any evidence. */
  @IsOptional()
  file?: ReceivedFile;
}

/** The decisions the monitor (or implementer) takes on a finding: ANSWERED comes only from the authority's answer. */
export class FindingStatusForm {
  @IsIn([FindingStatus.ESCALATED, FindingStatus.RESOLVED], { message: 'monitor.status.error.status' })
  status: FindingStatus;

  @IsString({ message: 'monitor.status.error.note' })
  @MaxLength(5000, { message: 'monitor.status.error.note' })
  note: string = '';
}

export class FindingNoteForm {
  @IsString({ message: 'monitor.note.error.body' })
  @Matches(/\S/, { message: 'monitor.note.error.body' })
  @Length(1, 20_000, { message: 'monitor.note.error.body' })
  body: string;
}

/** `?page=` of a list of findings. */
export class FindingsPageQuery {
  @EmptyIsAbsent()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  page: number = 1;
}
