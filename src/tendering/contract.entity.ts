import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Procurement } from '../procurements/procurement.entity.js';
import { Award } from './award.entity.js';

@ObjectType({ description: 'The contract signed with the awarded supplier.' })
@Entity('contracts')
@Unique('contracts_procurement_ocds_id_key', ['procurementId', 'ocdsId'])
@Check('contracts_value_check', 'value >= 0')
export class Contract {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @ForeignKey(() => Procurement)
  @Index('contracts_procurement_id_idx')
  @Column('uuid')
  procurementId: string;

  @Field(() => ID)
  @ForeignKey(() => Award)
  @Column('uuid')
  awardId: string;

  @Field({ description: 'Value when signed, decimal string; amendments change it.' })
  @Column({ type: 'numeric', precision: 18, scale: 2 })
  value: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'char', length: 3, nullable: true })
  currency: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  signedAt: Date | null;

  /** The id this row has in the OCDS data it was imported from; NULL for rows created on the platform, whose OCDS id is `id`. */
  @Column({ type: 'text', nullable: true })
  ocdsId: string | null;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
