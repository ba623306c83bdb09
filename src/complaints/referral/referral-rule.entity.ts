import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Organisation } from '../../accounts/organisation.entity.js';
import { Area } from '../area.entity.js';
import { ComplaintSector } from '../complaint-sector.entity.js';
import { ComplaintType } from '../complaint-type.entity.js';

/**
 * Where complaints of a sector, area and type go. A rule leaves out what it does not care
 * about; the most specific matching rule wins (referral-routing.ts). Unique with NULLS NOT
 * DISTINCT in the database, so one scope has one rule.
 */
@ObjectType({ description: 'Routes complaints of a sector, area and type to the organisation that must act. Empty parts match anything.' })
@Entity('referral_rules')
@Unique('referral_rules_scope_key', ['sectorId', 'areaId', 'typeId'])
export class ReferralRule {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID, { nullable: true })
  @ForeignKey(() => ComplaintSector)
  @Column({ type: 'uuid', nullable: true })
  sectorId: string | null;

  @Field(() => ID, { nullable: true, description: 'A county also matches its sub-counties.' })
  @ForeignKey(() => Area)
  @Column({ type: 'uuid', nullable: true })
  areaId: string | null;

  @Field(() => ID, { nullable: true })
  @ForeignKey(() => ComplaintType)
  @Column({ type: 'uuid', nullable: true })
  typeId: string | null;

  @Field(() => ID)
  @ForeignKey(() => Organisation)
  @Column('uuid')
  organisationId: string;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
