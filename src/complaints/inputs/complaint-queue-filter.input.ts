import { Field, ID, InputType } from '@nestjs/graphql';
import { IsArray, IsBoolean, IsEnum, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { ComplaintStatus } from '../complaint.entity.js';

@InputType({ description: 'Narrows a complaint queue; every part is optional.' })
export class ComplaintQueueFilter {
  @Field(() => [ComplaintStatus], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(ComplaintStatus, { each: true })
  status?: ComplaintStatus[];

  @Field(() => ID, { nullable: true, description: 'The handling organisation.' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @Field({ nullable: true, description: "Only complaints no rule routed: the convener's to refer." })
  @IsOptional()
  @IsBoolean()
  awaitingReferral?: boolean;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  procurementId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  trackingNumber?: string;
}
