import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, ForeignKey, PrimaryGeneratedColumn } from 'typeorm';
import { PactClause } from './pact-clause.js';
import { Pact } from './pact.entity.js';

/** The text of a pact as drafts and published versions both carry it. */
@ObjectType({ isAbstract: true })
export abstract class PactText {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => Pact)
  @Field(() => ID)
  @Column('uuid')
  pactId: string;

  @Field()
  @Column()
  templateKey: string;

  @Field()
  @Column()
  language: string;

  @Field()
  @Column()
  title: string;

  @Field(() => [PactClause])
  @Column({ type: 'jsonb' })
  clauses: PactClause[];
}
