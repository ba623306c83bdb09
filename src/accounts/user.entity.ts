import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@ObjectType()
@Entity('users')
export class User {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column({ unique: true })
  email: string;

  @Field()
  @Column()
  name: string;

  @Column({ select: false })
  passwordHash: string;

  @Field({ description: 'Platform administrators manage organisations and accounts everywhere.' })
  @Column({ default: false })
  platformAdmin: boolean;

  /** Tokens issued before this moment are refused: an administrator revoked them all (see src/auth). */
  @Column({ type: 'timestamptz', nullable: true, select: false })
  tokensValidAfter: Date | null;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
