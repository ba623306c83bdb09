import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';

@InputType()
export class PactClauseInput {
  @Field()
  @Matches(/^[a-z0-9-]{1,60}$/, { message: 'key must be lowercase letters, digits and dashes' })
  key: string;

  @Field()
  @IsString()
  @Length(1, 300)
  heading: string;

  @Field()
  @IsString()
  @Length(1, 50_000)
  body: string;
}

@InputType({ description: 'Replaces the title and/or the whole clause list of an unpublished draft.' })
export class UpdatePactDraftInput {
  @Field(() => ID)
  @IsUUID()
  draftId: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(3, 300)
  title?: string;

  @Field(() => [PactClauseInput], { nullable: true })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => PactClauseInput)
  clauses?: PactClauseInput[];
}
