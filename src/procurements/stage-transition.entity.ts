import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ProcurementStage } from './procurement-stage.js';
import { User } from '../accounts/user.entity.js';
import { Procurement } from './procurement.entity.js';

@ObjectType({ description: 'One recorded step of a procurement from a stage to the next.' })
@Entity('stage_transitions')
@Index('stage_transitions_procurement_id_idx', ['procurementId', 'occurredAt'])
export class StageTransition {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => Procurement)
  @Field(() => ID)
  @Column('uuid')
  procurementId: string;

  @Field(() => ProcurementStage)
  @Column({ type: 'enum', enum: ProcurementStage, enumName: 'procurement_stage' })
  fromStage: ProcurementStage;

  @Field(() => ProcurementStage)
  @Column({ type: 'enum', enum: ProcurementStage, enumName: 'procurement_stage' })
  toStage: ProcurementStage;

  @ForeignKey(() => User)
  @Field(() => ID)
  @Column('uuid')
  actorId: string;

  @Field()
  @Column({ type: 'text', default: '' })
  note: string;

  @Field()
  @Column({ type: 'timestamptz' })
  occurredAt: Date;
}
