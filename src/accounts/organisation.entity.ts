import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { OrganisationKind } from '../authorization/roles.js';

@ObjectType({ description: 'A public body, company, monitoring expert or civil-society organisation taking part in pacts or referrals.' })
@Entity('organisations')
export class Organisation {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column()
  name: string;

  @Field(() => OrganisationKind)
  @Column({ type: 'enum', enum: OrganisationKind, enumName: 'organisation_kind' })
  kind: OrganisationKind;

  @Field(() => String, { nullable: true, description: 'Country code (ISO 3166-1 alpha-2).' })
  @Column({ type: 'text', nullable: true })
  country: string | null;

  @Field(() => String, { nullable: true, description: 'Registry identifier as OCDS writes it: `<scheme>-<id>`, for example KE-KRA-P051234567X.' })
  @Column({ type: 'text', nullable: true, unique: true })
  identifier: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  address: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  contactEmail: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  contactPhone: string | null;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
