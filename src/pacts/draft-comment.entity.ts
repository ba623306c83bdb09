import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../accounts/user.entity.js';
import { PactDraft } from './pact-draft.entity.js';

@ObjectType({ description: "A monitor's, implementer's or authority's remark on a pact draft." })
@Entity('draft_comments')
@Index('draft_comments_draft_id_idx', ['draftId', 'createdAt'])
export class DraftComment {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => PactDraft)
  @Field(() => ID)
  @Column('uuid')
  draftId: string;

  @Field(() => String, { nullable: true, description: 'The clause commented on; null for the whole draft.' })
  @Column({ type: 'text', nullable: true })
  clauseKey: string | null;

  @ForeignKey(() => User)
  @Field(() => ID)
  @Column('uuid')
  authorId: string;

  @Field()
  @Column('text')
  body: string;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
