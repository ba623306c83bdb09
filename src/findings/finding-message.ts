import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, ForeignKey, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../accounts/user.entity.js';
import { Finding } from './finding.entity.js';

/** A dated message on a finding; responses and internal notes differ only in who may read them. */
@ObjectType({ isAbstract: true })
export abstract class FindingMessage {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @ForeignKey(() => Finding)
  @Column('uuid')
  findingId: string;

  @Field(() => ID)
  @ForeignKey(() => User)
  @Column('uuid')
  authorId: string;

  @Field()
  @Column('text')
  body: string;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
