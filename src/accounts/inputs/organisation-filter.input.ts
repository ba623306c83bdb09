import { Field, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { OrganisationKind } from '../../authorization/roles.js';

@InputType()
export class OrganisationFilterInput {
  @Field(() => OrganisationKind, { nullable: true })
  @IsOptional()
  @IsEnum(OrganisationKind)
  kind?: OrganisationKind;

  @Field(() => String, { nullable: true, description: 'Part of the name, any case.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  nameContains?: string;
}
