import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, ForeignKey, Index, UpdateDateColumn } from 'typeorm';
import { PactText } from './pact-text.js';
import { User } from '../accounts/user.entity.js';
import { PactVersion } from './pact-version.entity.js';

@ObjectType({ description: 'Editable text of the next pact version; frozen into a PactVersion when published.' })
@Entity('pact_drafts')
// One open draft per pact: two people editing two drafts of the same amendment would fork the text.
@Index('pact_drafts_one_open_per_pact', ['pactId'], { unique: true, where: 'published_version_id IS NULL' })
export class PactDraft extends PactText {
  @ForeignKey(() => PactVersion)
  @Field(() => ID, { nullable: true, description: 'The published version this draft amends.' })
  @Column({ type: 'uuid', nullable: true })
  basedOnVersionId: string | null;

  @ForeignKey(() => PactVersion)
  @Field(() => ID, { nullable: true, description: 'Set once published; the draft is then read-only.' })
  @Column({ type: 'uuid', nullable: true })
  publishedVersionId: string | null;

  @ForeignKey(() => User)
  @Field(() => ID)
  @Column('uuid')
  createdBy: string;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field()
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
