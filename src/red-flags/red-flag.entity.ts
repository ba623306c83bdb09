import { Field, Float, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-type-json';
import { Column, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { NUMERIC_AS_NUMBER } from '../database/numeric-transformer.js';
import { User } from '../accounts/user.entity.js';
import { Procurement } from '../procurements/procurement.entity.js';
import { Finding } from '../findings/finding.entity.js';

export enum RedFlagStatus {
  OPEN = 'OPEN',
  CONFIRMED = 'CONFIRMED',
  DISMISSED = 'DISMISSED',
}
registerEnumType(RedFlagStatus, { name: 'RedFlagStatus' });

/** The latest result of one indicator for one procurement, recomputed when its data changes. */
@ObjectType({ description: "A red-flag indicator computed from the procurement's own data." })
@Entity('red_flags')
@Unique('red_flags_procurement_code_key', ['procurementId', 'code'])
export class RedFlag {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @ForeignKey(() => Procurement)
  @Column('uuid')
  procurementId: string;

  @Field({ description: "The indicator's code, for example R018 (single bid)." })
  @Column()
  code: string;

  @Field()
  @Column()
  triggered: boolean;

  @Field(() => GraphQLJSON, { description: 'The values that triggered it (or did not).' })
  @Column({ type: 'jsonb' })
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- jsonb holds any JSON, and TypeORM types a partial entity of `unknown` values as unassignable
  evidence: Record<string, any>;

  @Field(() => Float, { nullable: true, description: 'The threshold in force when computed.' })
  @Column({ type: 'numeric', nullable: true, transformer: NUMERIC_AS_NUMBER })
  threshold: number | null;

  @Field()
  @Column({ type: 'timestamptz' })
  computedAt: Date;

  @Field(() => RedFlagStatus)
  @Column({ type: 'enum', enum: RedFlagStatus, enumName: 'red_flag_status', default: RedFlagStatus.OPEN })
  status: RedFlagStatus;

  @Field(() => ID, { nullable: true })
  @ForeignKey(() => User)
  @Column({ type: 'uuid', nullable: true })
  decidedBy: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  dismissalReason: string | null;

  @Field(() => ID, { nullable: true, description: 'The finding a confirmation created.' })
  @ForeignKey(() => Finding)
  @Column({ type: 'uuid', nullable: true })
  findingId: string | null;
}
