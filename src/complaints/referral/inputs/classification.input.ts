import { Field, InputType } from '@nestjs/graphql';
import { IsOptional, IsString, Length, Matches } from 'class-validator';

const CODE = /^[A-Z0-9_]{1,64}$/;

@InputType({ description: 'A new entry of a list complaints are classified by.' })
export class AddClassificationInput {
  @Field({ description: 'Stable code clients send: capital letters, digits and underscores, e.g. `ROADS`.' })
  @Matches(CODE, { message: 'code must be capital letters, digits and underscores, e.g. ROADS' })
  code: string;

  @Field()
  @IsString()
  @Length(2, 200)
  name: string;
}

@InputType({ description: 'A new county, or with countyCode a new sub-county of it.' })
export class AddAreaInput extends AddClassificationInput {
  @Field({ nullable: true })
  @IsOptional()
  @Matches(CODE, { message: 'countyCode must be the code of a county from areas' })
  countyCode?: string;
}
