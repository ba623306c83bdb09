import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { User } from '../accounts/user.entity.js';
import { Procurement } from '../procurements/procurement.entity.js';

export enum ReportKind {
  PERIODIC = 'PERIODIC',
  FINAL = 'FINAL',
}
registerEnumType(ReportKind, { name: 'ReportKind' });

export enum ReportStatus {
  DRAFT = 'DRAFT',
  APPROVED = 'APPROVED',
  PUBLISHED = 'PUBLISHED',
}
registerEnumType(ReportStatus, { name: 'ReportStatus' });

@ObjectType()
export class ReportSection {
  @Field()
  key: string;

  @Field()
  heading: string;

  @Field({ description: 'Text written by the implementer; figures and findings are added when the report is published.' })
  body: string;
}

@ObjectType({ description: 'A monitoring report being composed by the IP implementer.' })
@Entity('monitoring_reports')
export class MonitoringReport {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @ForeignKey(() => Procurement)
  @Index('monitoring_reports_procurement_id_idx')
  @Column('uuid')
  procurementId: string;

  @Field(() => ReportKind)
  @Column({ type: 'enum', enum: ReportKind, enumName: 'report_kind' })
  kind: ReportKind;

  @Field()
  @Column()
  title: string;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  periodStart: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  periodEnd: Date | null;

  @Field()
  @Column()
  templateKey: string;

  @Field()
  @Column()
  language: string;

  @Field(() => [ReportSection])
  @Column({ type: 'jsonb' })
  sections: ReportSection[];

  @Field(() => ReportStatus)
  @Column({ type: 'enum', enum: ReportStatus, enumName: 'report_status', default: ReportStatus.DRAFT })
  status: ReportStatus;

  @Field(() => ID)
  @ForeignKey(() => User)
  @Column('uuid')
  createdBy: string;

  @Field(() => ID, { nullable: true })
  @ForeignKey(() => User)
  @Column({ type: 'uuid', nullable: true })
  approvedBy: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  approvedAt: Date | null;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field()
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
