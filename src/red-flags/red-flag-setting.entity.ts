import { Field, Float, ObjectType } from '@nestjs/graphql';
import { Column, Entity, ForeignKey, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { NUMERIC_AS_NUMBER } from '../database/numeric-transformer.js';
import { User } from '../accounts/user.entity.js';

/** An implementer's override of an indicator's default threshold, or switching it off. */
@ObjectType()
@Entity('red_flag_settings')
export class RedFlagSetting {
  @Field()
  @PrimaryColumn()
  code: string;

  @Field(() => Float, { nullable: true })
  @Column({ type: 'numeric', nullable: true, transformer: NUMERIC_AS_NUMBER })
  threshold: number | null;

  @Field()
  @Column({ default: true })
  enabled: boolean;

  @ForeignKey(() => User)
  @Column({ type: 'uuid', nullable: true })
  updatedBy: string | null;

  @Field()
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
