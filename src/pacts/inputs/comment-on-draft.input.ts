import { Field, ID, InputType } from '@nestjs/graphql';
import { IsOptional, IsString, IsUUID, Length } from 'class-validator';

@InputType()
export class CommentOnDraftInput {
  @Field(() => ID)
  @IsUUID()
  draftId: string;

  @Field(() => String, { nullable: true, description: 'The clause the comment is about; omit for the whole draft.' })
  @IsOptional()
  @IsString()
  clauseKey?: string;

  @Field()
  @IsString()
  @Length(1, 10_000)
  body: string;
}
