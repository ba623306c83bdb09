import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Organisation } from '../accounts/organisation.entity.js';
import { User } from '../accounts/user.entity.js';
import { ProcurementStage } from '../procurements/procurement-stage.js';
import { Procurement } from '../procurements/procurement.entity.js';

export enum FindingKind {
  OBSERVATION = 'OBSERVATION',
  RED_FLAG = 'RED_FLAG',
  NON_COMPLIANCE = 'NON_COMPLIANCE',
  RECOMMENDATION = 'RECOMMENDATION',
}
registerEnumType(FindingKind, { name: 'FindingKind' });

export enum FindingSeverity {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
  CRITICAL = 'CRITICAL',
}
registerEnumType(FindingSeverity, { name: 'FindingSeverity' });

export enum FindingVisibility {
  /** Seen by the monitor, implementer and authority until a published report includes it. */
  CONFIDENTIAL = 'CONFIDENTIAL',
  PUBLIC = 'PUBLIC',
}
registerEnumType(FindingVisibility, { name: 'FindingVisibility' });

export enum FindingStatus {
  OPEN = 'OPEN',
  ANSWERED = 'ANSWERED',
  RESOLVED = 'RESOLVED',
  ESCALATED = 'ESCALATED',
}
registerEnumType(FindingStatus, { name: 'FindingStatus' });

@ObjectType({ description: 'What the independent monitor observed at a stage of a procurement.' })
@Entity('findings')
@Index('findings_procurement_id_idx', ['procurementId', 'createdAt'])
export class Finding {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @ForeignKey(() => Procurement)
  @Column('uuid')
  procurementId: string;

  @Field(() => ProcurementStage)
  @Column({ type: 'enum', enum: ProcurementStage, enumName: 'procurement_stage' })
  stage: ProcurementStage;

  @Field(() => FindingKind)
  @Column({ type: 'enum', enum: FindingKind, enumName: 'finding_kind' })
  kind: FindingKind;

  @Field(() => FindingSeverity)
  @Column({ type: 'enum', enum: FindingSeverity, enumName: 'finding_severity' })
  severity: FindingSeverity;

  @Field()
  @Column()
  title: string;

  @Field()
  @Column('text')
  description: string;

  @Field(() => FindingVisibility)
  @Column({ type: 'enum', enum: FindingVisibility, enumName: 'finding_visibility', default: FindingVisibility.CONFIDENTIAL })
  visibility: FindingVisibility;

  @Field(() => FindingStatus)
  @Column({ type: 'enum', enum: FindingStatus, enumName: 'finding_status', default: FindingStatus.OPEN })
  status: FindingStatus;

  @Field(() => ID, { description: 'The monitoring organisation that recorded it.' })
  @ForeignKey(() => Organisation)
  @Column('uuid')
  monitorId: string;

  @Field(() => ID)
  @ForeignKey(() => User)
  @Column('uuid')
  createdBy: string;

  @Field(() => ID, { nullable: true, description: 'The red-flag indicator the monitor confirmed into this finding.' })
  // Red flags and reports sit above findings (they create and publish them), so they are named, not imported.
  @ForeignKey('RedFlag')
  @Column({ type: 'uuid', nullable: true })
  redFlagId: string | null;

  @Field(() => ID, { nullable: true, description: 'Set when a published report includes it; it is public from then on.' })
  @ForeignKey('PublishedReport')
  @Column({ type: 'uuid', nullable: true })
  publishedInReportId: string | null;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field()
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
