import { Field, ID, InputType } from '@nestjs/graphql';
import { IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';

@InputType({ description: "Replaces one section's text (and heading) of a report not yet published." })
export class UpdateReportSectionInput {
  @Field(() => ID)
  @IsUUID()
  reportId: string;

  @Field({ description: "The section's key from the template, for example `summary`." })
  @Matches(/^[a-z0-9-]{1,60}$/, { message: 'key must be lowercase letters, digits and dashes' })
  key: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  heading?: string;

  @Field({ description: 'Plain text; paragraphs are separated by a blank line.' })
  @IsString()
  @Length(1, 50_000)
  body: string;
}
