import { Field, ID, InputType } from '@nestjs/graphql';
import { IsString, IsUUID, Length, Matches } from 'class-validator';

@InputType({ description: "The assigned monitor's text for one section of a draft report." })
export class ContributeToReportInput {
  @Field(() => ID)
  @IsUUID()
  reportId: string;

  @Field()
  @Matches(/^[a-z0-9-]{1,60}$/, { message: 'sectionKey must be lowercase letters, digits and dashes' })
  sectionKey: string;

  @Field({ description: 'Plain text; paragraphs are separated by a blank line.' })
  @IsString()
  @Length(1, 20_000)
  body: string;
}
