import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'One numbered clause of a pact.' })
export class PactClause {
  @Field({ description: 'Stable key from the template (for example `bidder-commitments`), used by comments.' })
  key: string;

  @Field()
  heading: string;

  @Field({ description: 'Plain text; paragraphs are separated by a blank line.' })
  body: string;
}
