import { Field, ID, InputType } from '@nestjs/graphql';
import { IsUUID, Matches } from 'class-validator';

@InputType()
export class CreatePactDraftInput {
  @Field(() => ID)
  @IsUUID()
  procurementId: string;

  @Field({ defaultValue: 'standard' })
  @Matches(/^[a-z0-9-]{1,60}$/, { message: 'templateKey must be lowercase letters, digits and dashes' })
  templateKey: string;

  @Field({ defaultValue: 'en', description: 'ISO 639-1 code of a language the template exists in.' })
  @Matches(/^[a-z]{2}$/, { message: 'language must be a two-letter ISO 639-1 code such as en or fr' })
  language: string;
}
