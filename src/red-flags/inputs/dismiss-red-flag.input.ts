import { Field, ID, InputType } from '@nestjs/graphql';
import { IsString, IsUUID, Length, Matches } from 'class-validator';

@InputType()
export class DismissRedFlagInput {
  @Field(() => ID)
  @IsUUID()
  redFlagId: string;

  @Field({ description: 'Why the flag does not point to a problem; kept with the flag and in the audit trail.' })
  @IsString()
  @Matches(/\S/, { message: 'reason must not be blank' })
  @Length(3, 2000)
  reason: string;
}
