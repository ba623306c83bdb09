import { Field, ID, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-type-json';
import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../accounts/user.entity.js';
import { Procurement } from '../procurements/procurement.entity.js';
import { MonitoringReport, ReportKind } from './monitoring-report.entity.js';

/** A published monitoring report: fixed and hashed like a pact version, insert-only (trigger). */
@ObjectType({ description: 'A published monitoring report; public, fixed and hashed.' })
@Entity('published_reports')
export class PublishedReport {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @ForeignKey(() => MonitoringReport)
  @Column({ type: 'uuid', unique: true })
  reportId: string;

  @Field(() => ID)
  @ForeignKey(() => Procurement)
  @Index('published_reports_procurement_id_idx')
  @Column('uuid')
  procurementId: string;

  @Field(() => ReportKind)
  @Column({ type: 'enum', enum: ReportKind, enumName: 'report_kind' })
  kind: ReportKind;

  @Field()
  @Column()
  title: string;

  @Field()
  @Column()
  language: string;

  @Field(() => GraphQLJSON, { description: 'Everything the report says, frozen at publication: sections, findings, responses, signatories, red flags.' })
  @Column({ type: 'jsonb' })
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- jsonb holds any JSON, and TypeORM types a partial entity of `unknown` values as unassignable
  content: Record<string, any>;

  @Field({ description: 'The exact bytes that were hashed: canonical JSON (RFC 8785) of the content.' })
  @Column('text')
  canonicalContent: string;

  @Field({ description: 'SHA-256 of canonicalContent, lowercase hex.' })
  @Column({ type: 'char', length: 64, unique: true })
  contentHash: string;

  @Field(() => ID)
  @ForeignKey(() => User)
  @Column('uuid')
  publishedBy: string;

  @Field()
  @Column({ type: 'timestamptz' })
  publishedAt: Date;
}
