import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, ForeignKey, Generated, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Organisation } from '../accounts/organisation.entity.js';
import { User } from '../accounts/user.entity.js';
import { Complaint, ComplaintStatus } from './complaint.entity.js';

export enum ComplaintEventKind {
  LODGED = 'LODGED',
  CLASSIFIED = 'CLASSIFIED',
  REFERRED = 'REFERRED',
  STATUS_CHANGED = 'STATUS_CHANGED',
  INFORMATION_ADDED = 'INFORMATION_ADDED',
  MERGED = 'MERGED',
  RATED = 'RATED',
  REMINDED = 'REMINDED',
  ESCALATED = 'ESCALATED',
  FINDING_RECORDED = 'FINDING_RECORDED',
}
registerEnumType(ComplaintEventKind, { name: 'ComplaintEventKind' });

/** One step in a complaint's history, insert-only (database trigger). */
@ObjectType({ description: "A step in a complaint's history." })
@Entity('complaint_events')
@Index('complaint_events_complaint_id_idx', ['complaintId', 'seq'])
export class ComplaintEvent {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Steps of one transaction share their time; this keeps them in the order taken. */
  @Generated('increment')
  @Column('bigint')
  seq: string;

  @ForeignKey(() => Complaint)
  @Column('uuid')
  complaintId: string;

  @Field(() => ComplaintEventKind)
  @Column({ type: 'enum', enum: ComplaintEventKind, enumName: 'complaint_event_kind' })
  kind: ComplaintEventKind;

  @Field(() => ComplaintStatus, { description: 'The status after this step.' })
  @Column({ type: 'enum', enum: ComplaintStatus, enumName: 'complaint_status' })
  status: ComplaintStatus;

  @Field(() => ID, { nullable: true, description: 'The organisation referred to, reminded or escalated to.' })
  @ForeignKey(() => Organisation)
  @Column({ type: 'uuid', nullable: true })
  organisationId: string | null;

  @Field(() => ID, { nullable: true, description: 'Null for the complainant and for the platform itself.' })
  @ForeignKey(() => User)
  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Field()
  @Column({ type: 'timestamptz' })
  occurredAt: Date;
}
