import { Field, ObjectType } from '@nestjs/graphql';
import { Signature } from './signature.entity.js';

@ObjectType()
export class SignatureCheck {
  @Field()
  name: string;

  @Field()
  passed: boolean;

  @Field()
  detail: string;
}

@ObjectType({ description: 'The outcome of checking a signature record; valid only if every check passed.' })
export class SignatureVerification {
  @Field()
  valid: boolean;

  @Field(() => [SignatureCheck])
  checks: SignatureCheck[];

  @Field(() => Signature, { nullable: true })
  record: Signature | null;
}
