import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../../accounts/user.entity.js';
import { Complaint } from '../complaint.entity.js';

/** Staff's internal note on a complaint: never shown to the complainant; insert-only. */
@ObjectType({ description: 'An internal note by the handling organisation or the convener; never shown to the complainant.' })
@Entity('complaint_notes')
@Index('complaint_notes_complaint_id_idx', ['complaintId', 'createdAt'])
export class ComplaintNote {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => Complaint)
  @Column('uuid')
  complaintId: string;

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
