import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Organisation } from '../accounts/organisation.entity.js';
import { Procurement } from '../procurements/procurement.entity.js';

@ObjectType({ description: 'The decision to give the contract to a supplier, and for how much.' })
@Entity('awards')
@Unique('awards_procurement_ocds_id_key', ['procurementId', 'ocdsId'])
@Check('awards_amount_check', 'amount >= 0')
export class Award {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @ForeignKey(() => Procurement)
  @Index('awards_procurement_id_idx')
  @Column('uuid')
  procurementId: string;

  @Field(() => ID)
  @ForeignKey(() => Organisation)
  @Index('awards_supplier_id_idx')
  @Column('uuid')
  supplierId: string;

  @Field({ description: 'Decimal string.' })
  @Column({ type: 'numeric', precision: 18, scale: 2 })
  amount: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'char', length: 3, nullable: true })
  currency: string | null;

  @Field()
  @Column({ type: 'timestamptz' })
  awardedAt: Date;

  /** The id this row has in the OCDS data it was imported from; NULL for rows created on the platform, whose OCDS id is `id`. */
  @Column({ type: 'text', nullable: true })
  ocdsId: string | null;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
