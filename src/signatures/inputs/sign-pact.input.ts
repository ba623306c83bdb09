import { Field, ID, InputType } from '@nestjs/graphql';
import { Equals, IsOptional, IsString, IsUUID, Length } from 'class-validator';

@InputType()
export class SignPactInput {
  @Field(() => ID, { description: 'The published version to sign; drafts and superseded versions are refused.' })
  @IsUUID()
  pactVersionId: string;

  @Field(() => ID, { description: 'The organisation you sign for; you must be its signatory and it must take part.' })
  @IsUUID()
  organisationId: string;

  @Field(() => String, { nullable: true, description: 'Defaults to the title on your membership.' })
  @IsOptional()
  @IsString()
  @Length(2, 200)
  signerTitle?: string;

  @Field({ description: 'Must be true: you have read the version and bind your organisation to it.' })
  @Equals(true, { message: 'consent must be true: signing binds your organisation to this exact version' })
  consent: boolean;
}
