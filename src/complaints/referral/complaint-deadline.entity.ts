import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Check, Column, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Organisation } from '../../accounts/organisation.entity.js';
import { ComplaintType } from '../complaint-type.entity.js';

/**
 * The time an organisation has to acknowledge and to resolve complaints of a type. The most
 * specific entry applies; the one without organisation and type is the platform default.
 */
@ObjectType({ description: 'Time allowed to acknowledge and to resolve; empty organisation or type match any.' })
@Entity('complaint_deadlines')
@Unique('complaint_deadlines_scope_key', ['organisationId', 'typeId'])
@Check('complaint_deadlines_hours_check', 'acknowledge_within_hours > 0 AND resolve_within_hours >= acknowledge_within_hours')
export class ComplaintDeadline {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID, { nullable: true })
  @ForeignKey(() => Organisation)
  @Column({ type: 'uuid', nullable: true })
  organisationId: string | null;

  @Field(() => ID, { nullable: true })
  @ForeignKey(() => ComplaintType)
  @Column({ type: 'uuid', nullable: true })
  typeId: string | null;

  @Field(() => Int)
  @Column('integer')
  acknowledgeWithinHours: number;

  @Field(() => Int)
  @Column('integer')
  resolveWithinHours: number;
}
