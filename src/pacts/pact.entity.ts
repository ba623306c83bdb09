import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, ForeignKey, PrimaryGeneratedColumn } from 'typeorm';
import { Procurement } from '../procurements/procurement.entity.js';

@ObjectType({ description: 'The Integrity Pact of one procurement: its drafts and published versions.' })
@Entity('pacts')
export class Pact {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => Procurement)
  @Field(() => ID)
  @Column({ type: 'uuid', unique: true })
  procurementId: string;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
