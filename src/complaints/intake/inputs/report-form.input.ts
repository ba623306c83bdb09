import { IsEmail, IsIn, IsOptional, Length, Matches, MaxLength, ValidateBy, ValidateIf, type ValidationArguments } from 'class-validator';
import { EmptyIsAbsent } from '../../../web/web-forms.js';
import { CODE } from '../../inputs/complaint-codes.input.js';
import type { WebComplaint } from '../complainant-desk.service.js';
import { LodgeComplaintInput, PHONE_NUMBER } from './lodge-complaint.input.js';

/** How the complainant wants to hear back, as the form asks it. */
const REPLIES = ['SMS', 'EMAIL', 'NONE'] as const;

/**
 * Whoever stays anonymous gives no contact: a phone number or email address would name them
 * to the organisation handling the complaint. They follow it with the tracking number and secret.
 */
const AnonymousMeansNoReply = () =>
  ValidateBy(
    {
      name: 'anonymousMeansNoReply',
      validator: { validate: (value: unknown, { object }: ValidationArguments) => value !== 'yes' || (object as ReportForm).contactBy === 'NONE' },
    },
    { message: 'report.error.anonymousContact' },
  );

/**
 * The website's complaint form (/report), in the words of the page; its messages are catalogue
 * keys. It becomes the same LodgeComplaintInput the GraphQL intake takes.
 */
export class ReportForm {
  @Length(10, 5000, { message: 'report.error.description' })
  description: string;

  @Matches(CODE, { message: 'report.error.areaCode' })
  areaCode: string;

  /** Optional, as the issue asks: a resident may not know which service or kind of problem it is; the convener classifies it then. */
  @EmptyIsAbsent()
  @IsOptional()
  @Matches(CODE, { message: 'report.error.sectorCode' })
  sectorCode?: string;

  @EmptyIsAbsent()
  @IsOptional()
  @Matches(CODE, { message: 'report.error.typeCode' })
  typeCode?: string;

  @EmptyIsAbsent()
  @IsOptional()
  @Length(1, 200, { message: 'report.error.procurementReference' })
  procurementReference?: string;

  @IsIn(['yes', 'no'], { message: 'report.error.anonymous' })
  @AnonymousMeansNoReply()
  anonymous: string;

  @ValidateIf((form: ReportForm) => form.anonymous === 'no')
  @Length(1, 200, { message: 'report.error.name' })
  name?: string;

  @IsIn(REPLIES, { message: 'report.error.contactBy' })
  contactBy: (typeof REPLIES)[number];

  @ValidateIf((form: ReportForm) => form.contactBy === 'SMS')
  @Matches(PHONE_NUMBER, { message: 'report.error.phone' })
  phone?: string;

  @ValidateIf((form: ReportForm) => form.contactBy === 'EMAIL')
  @IsEmail({}, { message: 'report.error.email' })
  @MaxLength(254, { message: 'report.error.email' })
  email?: string;

  @Matches(/^[a-z]{2,3}$/, { message: 'report.error.language' })
  language: string;

  /** Only what the chosen way of hearing back needs: a number typed and then not chosen is not kept. */
  toLodgeInput(): WebComplaint {
    const named = this.anonymous === 'no';
    return Object.assign(new LodgeComplaintInput(), {
      description: this.description,
      areaCode: this.areaCode,
      sectorCode: this.sectorCode,
      typeCode: this.typeCode,
      procurementReference: this.procurementReference?.trim(),
      language: this.language,
      name: named ? this.name : undefined,
      phone: named && this.contactBy === 'SMS' ? this.phone : undefined,
      email: named && this.contactBy === 'EMAIL' ? this.email : undefined,
    });
  }
}
