import { registerEnumType } from '@nestjs/graphql';
import { Check, Column, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Organisation } from '../../accounts/organisation.entity.js';
import { Complaint } from '../complaint.entity.js';

export enum DeadlineKind {
  ACKNOWLEDGE = 'ACKNOWLEDGE',
  RESOLVE = 'RESOLVE',
}
registerEnumType(DeadlineKind, { name: 'DeadlineKind' });

/**
 * A reminder (level 1) or escalation (level 2) already sent. The unique key is what makes
 * each one happen once, whichever instance's sweep gets there first.
 */
@Entity('complaint_reminders')
@Unique('complaint_reminders_once_key', ['complaintId', 'organisationId', 'deadline', 'level'])
@Check('complaint_reminders_level_check', 'level IN (1, 2)')
export class ComplaintReminder {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => Complaint)
  @Column('uuid')
  complaintId: string;

  @ForeignKey(() => Organisation)
  @Column('uuid')
  organisationId: string;

  @Column({ type: 'enum', enum: DeadlineKind, enumName: 'complaint_deadline_kind' })
  deadline: DeadlineKind;

  @Column('smallint')
  level: number;

  @Column({ type: 'timestamptz' })
  sentAt: Date;
}
