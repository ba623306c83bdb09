import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../accounts/user.entity.js';
import { MonitoringReport } from './monitoring-report.entity.js';

@ObjectType({ description: "The monitor's text for a section of a report in preparation." })
@Entity('report_contributions')
export class ReportContribution {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @ForeignKey(() => MonitoringReport)
  @Index('report_contributions_report_id_idx')
  @Column('uuid')
  reportId: string;

  @Field()
  @Column()
  sectionKey: string;

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
