import { Field, ID, InputType } from '@nestjs/graphql';
import { IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { ProcurementFields } from './procurement-fields.js';

@InputType()
export class CreateProcurementInput extends ProcurementFields {
  @Field({ description: "The authority's tender reference, unique on the platform." })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._/-]{1,79}$/, { message: 'reference must be 2-80 letters, digits, dots, dashes, slashes or underscores' })
  reference: string;

  @Field()
  @IsString()
  @Length(3, 300)
  title: string;

  @Field(() => ID, { description: 'The contracting authority running the tender; you must belong to it.' })
  @IsUUID()
  authorityId: string;

  @Field(() => ID, { nullable: true, description: 'The IP implementer running the pact programme.' })
  @IsOptional()
  @IsUUID()
  implementerId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  monitorId?: string;
}
