import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { MembershipRole } from '../authorization/roles.js';
import { User } from './user.entity.js';
import { Organisation } from './organisation.entity.js';

@ObjectType({ description: "A user's role in one organisation; a person may belong to several." })
@Entity('memberships')
@Unique('memberships_user_organisation_key', ['userId', 'organisationId'])
export class Membership {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => User)
  @Field(() => ID)
  @Column('uuid')
  userId: string;

  @ForeignKey(() => Organisation)
  @Field(() => ID)
  @Index('memberships_organisation_id_idx')
  @Column('uuid')
  organisationId: string;

  @Field(() => MembershipRole)
  @Column({ type: 'enum', enum: MembershipRole, enumName: 'membership_role' })
  role: MembershipRole;

  @Field({ description: 'Job title printed under the name when this person signs.' })
  @Column({ default: '' })
  title: string;

  @Field({ description: 'Receives the reminders when a complaint referred to the organisation is not acted on in time.' })
  @Column({ default: false })
  focalPerson: boolean;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
