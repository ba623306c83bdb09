import { Field, Float, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ThresholdUnit } from './indicators.js';

registerEnumType(ThresholdUnit, { name: 'ThresholdUnit' });

@ObjectType({ description: 'A red-flag indicator: what it checks, and the threshold and switch in force.' })
export class RedFlagIndicator {
  @Field({ description: "OCP red-flag guide code (R0xx) or Pactwatch's own (PW-0xx)." })
  code: string;

  @Field()
  title: string;

  @Field()
  definition: string;

  @Field(() => Float, { nullable: true, description: 'Null for indicators with nothing to tune.' })
  defaultThreshold: number | null;

  @Field(() => Float, { nullable: true, description: 'The threshold in force: the override, or else the default.' })
  threshold: number | null;

  @Field(() => ThresholdUnit, { nullable: true })
  thresholdUnit: ThresholdUnit | null;

  @Field()
  enabled: boolean;
}
