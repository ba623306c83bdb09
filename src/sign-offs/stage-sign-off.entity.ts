import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Check, Column, CreateDateColumn, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Organisation } from '../accounts/organisation.entity.js';
import { User } from '../accounts/user.entity.js';
import { ProcurementStage } from '../procurements/procurement-stage.js';
import { Procurement } from '../procurements/procurement.entity.js';

export enum SignOffDecision {
  SIGNED_OFF = 'SIGNED_OFF',
  OBJECTED = 'OBJECTED',
}
registerEnumType(SignOffDecision, { name: 'SignOffDecision' });

@ObjectType({ description: "The monitor's sign-off of, or objection to, a procurement reaching a stage." })
@Entity('stage_sign_offs')
@Unique('stage_sign_offs_procurement_stage_key', ['procurementId', 'stage'])
@Check('stage_sign_offs_reason_check', `decision = 'SIGNED_OFF' OR length(reason) > 0`)
export class StageSignOff {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @ForeignKey(() => Procurement)
  @Column('uuid')
  procurementId: string;

  @Field(() => ProcurementStage, { description: 'The stage the procurement moved into.' })
  @Column({ type: 'enum', enum: ProcurementStage, enumName: 'procurement_stage' })
  stage: ProcurementStage;

  @Field(() => SignOffDecision)
  @Column({ type: 'enum', enum: SignOffDecision, enumName: 'sign_off_decision' })
  decision: SignOffDecision;

  @Field({ description: 'Required for an objection.' })
  @Column({ type: 'text', default: '' })
  reason: string;

  @Field(() => ID)
  @ForeignKey(() => Organisation)
  @Column('uuid')
  monitorId: string;

  @Field(() => ID)
  @ForeignKey(() => User)
  @Column('uuid')
  signedBy: string;

  @Field(() => ID, { nullable: true, description: 'Set when a published report includes it; it is public from then on.' })
  // Named, not imported: reports read sign-offs, so sign-offs do not import reports.
  @ForeignKey('PublishedReport')
  @Column({ type: 'uuid', nullable: true })
  publishedInReportId: string | null;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
