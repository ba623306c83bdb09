import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Check, Column, Entity, ForeignKey, Unique } from 'typeorm';
import { PactText } from './pact-text.js';
import { User } from '../accounts/user.entity.js';

/**
 * A published, frozen pact text. Rows are insert-only (a database trigger refuses UPDATE and
 * DELETE): signatures bind to `contentHash`, so the text they bind must never move.
 * Whether a version is superseded is derived from later versions, never stored.
 */
@ObjectType({ description: 'A published, immutable version of a pact.' })
@Entity('pact_versions')
@Check('pact_versions_number_check', 'number > 0')
@Unique('pact_versions_pact_number_key', ['pactId', 'number'])
export class PactVersion extends PactText {
  @Field(() => Int)
  @Column('int')
  number: number;

  @Field({ description: 'The exact bytes that were hashed: canonical JSON (RFC 8785) of the version content.' })
  @Column('text')
  canonicalContent: string;

  @Field({ description: 'SHA-256 of canonicalContent, lowercase hex.' })
  @Column({ type: 'char', length: 64, unique: true })
  contentHash: string;

  @ForeignKey(() => User)
  @Field(() => ID)
  @Column('uuid')
  publishedBy: string;

  @Field()
  @Column({ type: 'timestamptz' })
  publishedAt: Date;
}
