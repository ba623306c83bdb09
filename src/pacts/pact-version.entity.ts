import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { PactClause } from './pact-clause.js';

/**
 * A published, frozen pact text. Rows are insert-only (a database trigger refuses UPDATE and
 * DELETE): signatures bind to `contentHash`, so the text they bind must never move.
 * Whether a version is superseded is derived from later versions, never stored.
 */
@ObjectType({ description: 'A published, immutable version of a pact.' })
@Entity('pact_versions')
@Unique('pact_versions_pact_number_key', ['pactId', 'number'])
export class PactVersion {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column('uuid')
  pactId: string;

  @Field(() => Int)
  @Column('int')
  number: number;

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

  @Field({ description: 'The exact bytes that were hashed: canonical JSON (RFC 8785) of the version content.' })
  @Column('text')
  canonicalContent: string;

  @Field({ description: 'SHA-256 of canonicalContent, lowercase hex.' })
  @Column({ type: 'char', length: 64, unique: true })
  contentHash: string;

  @Field(() => ID)
  @Column('uuid')
  publishedBy: string;

  @Field()
  @Column({ type: 'timestamptz' })
  publishedAt: Date;
}
