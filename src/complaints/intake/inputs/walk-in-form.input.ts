import { IsEmail, IsEnum, IsIn, IsOptional, IsUUID, Length, Matches, MaxLength, ValidateIf } from 'class-validator';
import { EmptyIsAbsent } from '../../../web/web-forms.js';
import { ComplainantAgeGroup, ComplainantGender, ContactChannel } from '../../complaint.entity.js';
import { CODE } from '../../inputs/complaint-codes.input.js';
import { PHONE_NUMBER } from './lodge-complaint.input.js';
import { WalkInComplaintInput } from './walk-in-complaint.input.js';

const REPLIES = ['SMS', 'EMAIL', 'NONE'] as const;

/**
 * The complaint log form as the partner's staff fill it in at their office (/workspace/complaints/walk-in),
 * in the words of the page; its messages are catalogue keys. It becomes the same
 * WalkInComplaintInput the `recordWalkInComplaint` mutation takes.
 */
export class WalkInForm {
  /** The partner whose office took the complaint: a hidden field when the viewer works for one only. */
  @IsUUID(undefined, { message: 'partner.walkIn.error.organisationId' })
  organisationId: string;

  @Length(2, 200, { message: 'partner.walkIn.error.office' })
  office: string;

  @Length(10, 5000, { message: 'partner.walkIn.error.description' })
  description: string;

  @Matches(CODE, { message: 'partner.walkIn.error.areaCode' })
  areaCode: string;

  /** Left to the convener when the person does not know. */
  @EmptyIsAbsent()
  @IsOptional()
  @Matches(CODE, { message: 'partner.walkIn.error.sectorCode' })
  sectorCode?: string;

  @EmptyIsAbsent()
  @IsOptional()
  @Matches(CODE, { message: 'partner.walkIn.error.typeCode' })
  typeCode?: string;

  @EmptyIsAbsent()
  @IsOptional()
  @Length(1, 200, { message: 'partner.walkIn.error.name' })
  name?: string;

  @IsIn(REPLIES, { message: 'partner.walkIn.error.contactBy' })
  contactBy: (typeof REPLIES)[number];

  @ValidateIf((form: WalkInForm) => form.contactBy === 'SMS')
  @Matches(PHONE_NUMBER, { message: 'partner.walkIn.error.phone' })
  phone?: string;

  @ValidateIf((form: WalkInForm) => form.contactBy === 'EMAIL')
  @IsEmail({}, { message: 'partner.walkIn.error.email' })
  @MaxLength(254, { message: 'partner.walkIn.error.email' })
  email?: string;

  @EmptyIsAbsent()
  @IsOptional()
  @IsEnum(ComplainantGender, { message: 'partner.walkIn.error.gender' })
  gender?: ComplainantGender;

  @EmptyIsAbsent()
  @IsOptional()
  @IsEnum(ComplainantAgeGroup, { message: 'partner.walkIn.error.ageGroup' })
  ageGroup?: ComplainantAgeGroup;

  @Matches(/^[a-z]{2,3}$/, { message: 'partner.walkIn.error.language' })
  language: string;

  /** Only what the chosen way of hearing back needs: a number typed and then not chosen is not kept. */
  toWalkInInput(): WalkInComplaintInput {
    return Object.assign(new WalkInComplaintInput(), {
      organisationId: this.organisationId,
      office: this.office,
      description: this.description,
      areaCode: this.areaCode,
      sectorCode: this.sectorCode,
      typeCode: this.typeCode,
      name: this.name?.trim() || undefined,
      phone: this.contactBy === 'SMS' ? this.phone : undefined,
      email: this.contactBy === 'EMAIL' ? this.email : undefined,
      contactBy: this.contactBy as ContactChannel,
      gender: this.gender,
      ageGroup: this.ageGroup,
      language: this.language,
    });
  }
}
