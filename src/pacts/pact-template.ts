import { Field, Int, ObjectType } from '@nestjs/graphql';
import { PactClause } from './pact-clause.js';

/** A standard pact text in one language, read from `templates/pacts/*.yaml`. */
@ObjectType({ description: 'A standard pact text in one language; drafts start from one.' })
export class PactTemplate {
  @Field({ description: 'Same for every language of one template, for example `standard`.' })
  key: string;

  @Field({ description: 'ISO 639-1 code.' })
  language: string;

  @Field()
  name: string;

  @Field({ description: 'Title with {{placeholders}} still in it.' })
  title: string;

  @Field(() => [PactClause], { description: 'Clauses with {{placeholders}} still in them.' })
  clauses: PactClause[];

  @Field(() => Int)
  clauseCount: number;

  /** Words the PDF prints around the pact text, in this language. */
  labels: Record<string, string>;
}
