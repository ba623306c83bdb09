import { Field, ID, InputType } from '@nestjs/graphql';
import { IsString, IsUUID, Length } from 'class-validator';

/** A message posted on a finding, whether an answer or an internal note. */
@InputType({ isAbstract: true })
export abstract class FindingMessageFields {
  @Field(() => ID)
  @IsUUID()
  findingId: string;

  @Field()
  @IsString()
  @Length(1, 20_000)
  body: string;
}
