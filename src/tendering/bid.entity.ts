import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Organisation } from '../accounts/organisation.entity.js';
import { Procurement } from '../procurements/procurement.entity.js';

@ObjectType({ description: "A bidder's offer in a procurement, as received by the authority." })
@Entity('bids')
@Unique('bids_procurement_ocds_id_key', ['procurementId', 'ocdsId'])
@Check('bids_amount_check', 'amount >= 0')
export class Bid {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @ForeignKey(() => Procurement)
  @Index('bids_procurement_id_idx')
  @Column('uuid')
  procurementId: string;

  @Field(() => ID)
  @ForeignKey(() => Organisation)
  @Index('bids_bidder_id_idx')
  @Column('uuid')
  bidderId: string;

  @Field({ description: 'Decimal string.' })
  @Column({ type: 'numeric', precision: 18, scale: 2 })
  amount: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'char', length: 3, nullable: true })
  currency: string | null;

  @Field()
  @Column({ type: 'timestamptz' })
  receivedAt: Date;

  @Field()
  @Column({ default: false })
  disqualified: boolean;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  disqualificationReason: string | null;

  /** The id this row has in the OCDS data it was imported from; NULL for rows created on the platform, whose OCDS id is `id`. */
  @Column({ type: 'text', nullable: true })
  ocdsId: string | null;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
