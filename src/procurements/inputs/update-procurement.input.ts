import { Field, ID, InputType } from '@nestjs/graphql';
import { IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { ProcurementFields } from './procurement-fields.js';

@InputType({ description: 'Only the fields given change.' })
export class UpdateProcurementInput extends ProcurementFields {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(3, 300)
  title?: string;
}
