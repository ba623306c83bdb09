import { Field, InputType } from '@nestjs/graphql';
import { IsEmail, IsEnum, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { ComplainantAgeGroup, ComplainantGender } from '../../complaint.entity.js';
import { ComplaintCodes } from '../../inputs/complaint-codes.input.js';

/** A phone number in international form, the only form an SMS gateway can send to. */
export const PHONE_NUMBER = /^\+[1-9][0-9]{7,14}$/;

@InputType({ description: 'A complaint from the public. Without a name, phone or email it is anonymous and followed with a secret.' })
export class LodgeComplaintInput extends ComplaintCodes {
  @Field({ description: 'What happened, where and when; plain text.' })
  @IsString()
  @Length(10, 5000)
  description: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @Field({ nullable: true, description: 'International form, e.g. +254712345678. Updates then come by SMS.' })
  @IsOptional()
  @Matches(PHONE_NUMBER, { message: 'phone must be in international form: + and the country code, e.g. +254712345678' })
  phone?: string;

  @Field({ nullable: true, description: 'Updates come by email when no phone is given.' })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email?: string;

  @Field(() => ComplainantGender, { nullable: true })
  @IsOptional()
  @IsEnum(ComplainantGender)
  gender?: ComplainantGender;

  @Field(() => ComplainantAgeGroup, { nullable: true })
  @IsOptional()
  @IsEnum(ComplainantAgeGroup)
  ageGroup?: ComplainantAgeGroup;

  @Field({ nullable: true, description: 'The language to answer in, as a code from `complaintLanguages` (e.g. `en`, `sw`); English when not given.' })
  @IsOptional()
  @Matches(/^[a-z]{2,3}$/, { message: 'language must be a language code such as en or sw' })
  language?: string;
}
