import { Field, InputType } from '@nestjs/graphql';
import { IsOptional, IsString, Length, Matches } from 'class-validator';

/** The shape of a sector, type or area code; the web form checks the same. */
export const CODE = /^[A-Z0-9_]{1,64}$/;

/** How a complaint is classified, by the codes of the configurable lists; shared by lodging and classifying. */
@InputType({ isAbstract: true })
export class ComplaintCodes {
  @Field({ description: 'Code from `complaintSectors`.' })
  @Matches(CODE, { message: 'sectorCode must be a code from complaintSectors' })
  sectorCode: string;

  @Field({ description: 'Code from `complaintTypes`.' })
  @Matches(CODE, { message: 'typeCode must be a code from complaintTypes' })
  typeCode: string;

  @Field({ description: 'Code of a county or sub-county from `areas`.' })
  @Matches(CODE, { message: 'areaCode must be a code from areas' })
  areaCode: string;

  @Field({ nullable: true, description: "The procurement's reference, when the complaint concerns one: its monitor then sees it." })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  procurementReference?: string;
}
