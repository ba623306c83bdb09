import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Contract } from './contract.entity.js';

@ObjectType({ description: 'A change to a signed contract, with its new total value.' })
@Entity('contract_amendments')
@Unique('contract_amendments_contract_ocds_id_key', ['contractId', 'ocdsId'])
@Check('contract_amendments_new_value_check', 'new_value >= 0')
export class ContractAmendment {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @ForeignKey(() => Contract)
  @Index('contract_amendments_contract_id_idx')
  @Column('uuid')
  contractId: string;

  @Field()
  @Column({ type: 'timestamptz' })
  amendedAt: Date;

  @Field()
  @Column({ type: 'text', default: '' })
  description: string;

  @Field({ description: 'Contract value after this amendment, decimal string.' })
  @Column({ type: 'numeric', precision: 18, scale: 2 })
  newValue: string;

  /** The id this row has in the OCDS data it was imported from; NULL for rows created on the platform, whose OCDS id is `id`. */
  @Column({ type: 'text', nullable: true })
  ocdsId: string | null;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
