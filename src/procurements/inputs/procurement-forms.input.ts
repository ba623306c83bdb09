import { IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { EmptyIsAbsent } from '../../web/web-forms.js';

/** The web form that creates a procurement; each message is a catalogue key shown beside its field. */
export class CreateProcurementForm {
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._/-]{1,79}$/, { message: 'authority.create.error.reference' })
  reference: string;

  @IsString({ message: 'authority.create.error.title' })
  @Length(3, 300, { message: 'authority.create.error.title' })
  title: string;

  @EmptyIsAbsent()
  @IsOptional()
  @IsString({ message: 'authority.create.error.description' })
  @MaxLength(20_000, { message: 'authority.create.error.description' })
  description?: string;

  @IsUUID('all', { message: 'authority.create.error.authorityId' })
  authorityId: string;

  @EmptyIsAbsent()
  @IsOptional()
  @Matches(/^\d{1,16}(\.\d{1,2})?$/, { message: 'authority.create.error.estimatedValue' })
  estimatedValue?: string;

  @EmptyIsAbsent()
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'authority.create.error.currency' })
  currency?: string;

  @EmptyIsAbsent()
  @IsOptional()
  @IsString({ message: 'authority.create.error.sector' })
  @Length(2, 100, { message: 'authority.create.error.sector' })
  sector?: string;

  @EmptyIsAbsent()
  @IsOptional()
  @IsString({ message: 'authority.create.error.area' })
  @Length(2, 100, { message: 'authority.create.error.area' })
  area?: string;

  @EmptyIsAbsent()
  @IsOptional()
  @IsUUID('all', { message: 'authority.create.error.monitorId' })
  monitorId?: string;
}

/** Invites a bidder to take part. */
export class InviteBidderForm {
  @IsUUID('all', { message: 'authority.procurement.error.bidderId' })
  bidderId: string;
}

/** Assigns the independent monitor. */
export class AssignMonitorForm {
  @IsUUID('all', { message: 'authority.procurement.error.monitorId' })
  monitorId: string;
}

/** Edits the descriptive details of a procurement; the reference and the authority never change. */
export class EditProcurementForm {
  @IsString({ message: 'authority.create.error.title' })
  @Length(3, 300, { message: 'authority.create.error.title' })
  title: string;

  @EmptyIsAbsent()
  @IsOptional()
  @IsString({ message: 'authority.create.error.description' })
  @MaxLength(20_000, { message: 'authority.create.error.description' })
  description?: string;

  @EmptyIsAbsent()
  @IsOptional()
  @Matches(/^\d{1,16}(\.\d{1,2})?$/, { message: 'authority.create.error.estimatedValue' })
  estimatedValue?: string;

  @EmptyIsAbsent()
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'authority.create.error.currency' })
  currency?: string;

  @EmptyIsAbsent()
  @IsOptional()
  @IsString({ message: 'authority.create.error.sector' })
  @Length(2, 100, { message: 'authority.create.error.sector' })
  sector?: string;

  @EmptyIsAbsent()
  @IsOptional()
  @IsString({ message: 'authority.create.error.area' })
  @Length(2, 100, { message: 'authority.create.error.area' })
  area?: string;
}
