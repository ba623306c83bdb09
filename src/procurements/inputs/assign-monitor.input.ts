import { Field, ID, InputType } from '@nestjs/graphql';
import { IsUUID } from 'class-validator';

@InputType()
export class AssignMonitorInput {
  @Field(() => ID)
  @IsUUID()
  procurementId: string;

  @Field(() => ID, { description: 'An organisation of kind MONITOR.' })
  @IsUUID()
  monitorId: string;
}
