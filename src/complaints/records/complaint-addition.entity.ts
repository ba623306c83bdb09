import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Complaint, ComplaintChannel } from '../complaint.entity.js';

/** Information the complainant added after lodging; insert-only. */
@ObjectType({ description: 'Information the complainant added after lodging.' })
@Entity('complaint_additions')
@Index('complaint_additions_complaint_id_idx', ['complaintId', 'createdAt'])
export class ComplaintAddition {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => Complaint)
  @Column('uuid')
  complaintId: string;

  @Field(() => ComplaintChannel)
  @Column({ type: 'enum', enum: ComplaintChannel, enumName: 'complaint_channel' })
  channel: ComplaintChannel;

  @Field()
  @Column('text')
  body: string;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
