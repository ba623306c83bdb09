import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { ProcurementStage } from './procurement-stage.js';
import { Organisation } from '../accounts/organisation.entity.js';

@ObjectType({ description: 'One public tender, watched under an Integrity Pact.' })
@Entity('procurements')
@Check('procurements_estimated_value_check', 'estimated_value >= 0')
@Check('procurements_tender_period_check', 'tender_period_end >= tender_period_start')
@Index('procurements_public_register_idx', ['createdAt', 'id'], { where: 'public_since IS NOT NULL' })
export class Procurement {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: "The authority's own reference for the tender; unique on the platform." })
  @Column({ unique: true })
  reference: string;

  @Field(() => String, { nullable: true, description: 'Open Contracting ID, the key of OCDS imports and exports.' })
  @Column({ type: 'text', nullable: true, unique: true })
  ocid: string | null;

  @Field(() => String, { nullable: true, description: 'OCDS procurementMethod: open, selective, limited or direct.' })
  @Column({ type: 'text', nullable: true })
  procurementMethod: string | null;

  @Field()
  @Column()
  title: string;

  @Field()
  @Column({ type: 'text', default: '' })
  description: string;

  @ForeignKey(() => Organisation)
  @Field(() => ID)
  @Index('procurements_authority_id_idx')
  @Column('uuid')
  authorityId: string;

  @ForeignKey(() => Organisation)
  @Field(() => ID, { nullable: true })
  @Index('procurements_monitor_id_idx')
  @Column({ type: 'uuid', nullable: true })
  monitorId: string | null;

  @ForeignKey(() => Organisation)
  @Field(() => ID, { nullable: true })
  @Index('procurements_implementer_id_idx')
  @Column({ type: 'uuid', nullable: true })
  implementerId: string | null;

  @Field(() => String, { nullable: true, description: 'Decimal string, to keep every cent exact.' })
  @Column({ type: 'numeric', precision: 18, scale: 2, nullable: true })
  estimatedValue: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 4217 code.' })
  @Column({ type: 'char', length: 3, nullable: true })
  currency: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  sector: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  area: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  tenderPeriodStart: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  tenderPeriodEnd: Date | null;

  @Field(() => ProcurementStage)
  @Column({ type: 'enum', enum: ProcurementStage, enumName: 'procurement_stage', default: ProcurementStage.PLANNING })
  stage: ProcurementStage;

  @ForeignKey(() => Organisation)
  @Field(() => ID, { nullable: true, description: 'The bidder awarded the contract, set when the procurement reaches AWARD.' })
  @Column({ type: 'uuid', nullable: true })
  awardedBidderId: string | null;

  @Field(() => Date, { nullable: true, description: "When the procurement entered the public record: its pact's first published version." })
  @Column({ type: 'timestamptz', nullable: true, insert: false, update: false, comment: 'Set by the database when the first pact version is written.' })
  publicSince: Date | null;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field()
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
