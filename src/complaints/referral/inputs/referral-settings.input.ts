import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';

const CODE = /^[A-Z0-9_]{1,64}$/;

@InputType({
  description:
    'Routes complaints of a sector, area and type to an organisation; leave out what the rule does not care about. Replaces the rule of the same scope.',
})
export class SetReferralRuleInput {
  @Field({ nullable: true })
  @IsOptional()
  @Matches(CODE, { message: 'sectorCode must be a code from complaintSectors' })
  sectorCode?: string;

  @Field({ nullable: true, description: 'A county covers its sub-counties.' })
  @IsOptional()
  @Matches(CODE, { message: 'areaCode must be a code from areas' })
  areaCode?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Matches(CODE, { message: 'typeCode must be a code from complaintTypes' })
  typeCode?: string;

  @Field(() => ID)
  @IsUUID()
  organisationId: string;
}

@InputType({
  description:
    'Time allowed to acknowledge and to resolve, for an organisation, a complaint type, both, or (neither) the default. Replaces the entry of the same scope.',
})
export class SetComplaintDeadlineInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Matches(CODE, { message: 'typeCode must be a code from complaintTypes' })
  typeCode?: string;

  @Field(() => Int)
  @IsInt()
  @Min(1, { message: 'acknowledgeWithinHours must be at least 1' })
  @Max(8760)
  acknowledgeWithinHours: number;

  @Field(() => Int, { description: 'At least acknowledgeWithinHours.' })
  @IsInt()
  @Min(1)
  @Max(8760)
  resolveWithinHours: number;
}
