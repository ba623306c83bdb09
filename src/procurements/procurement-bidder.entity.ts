import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Procurement } from './procurement.entity.js';
import { Organisation } from '../accounts/organisation.entity.js';

export enum Participation {
  /** The authority asked the company to bid. */
  INVITED = 'INVITED',
  /** The company registered for the tender itself (open procedure). */
  REGISTERED = 'REGISTERED',
}
registerEnumType(Participation, { name: 'Participation' });

@ObjectType({ description: 'A bidder taking part in one procurement.' })
@Entity('procurement_bidders')
export class ProcurementBidder {
  @ForeignKey(() => Procurement)
  @Field(() => ID)
  @PrimaryColumn('uuid')
  procurementId: string;

  @ForeignKey(() => Organisation)
  @Field(() => ID)
  @Index('procurement_bidders_bidder_id_idx')
  @PrimaryColumn('uuid')
  bidderId: string;

  @Field(() => Participation)
  @Column({ type: 'enum', enum: Participation, enumName: 'participation' })
  participation: Participation;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
