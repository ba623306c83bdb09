import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, PrimaryGeneratedColumn } from 'typeorm';

/** The shape shared by the configurable lists complaints are classified by. */
@ObjectType({ isAbstract: true })
export abstract class Classification {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'Stable code clients send, e.g. `HEALTH`.' })
  @Column()
  code: string;

  @Field()
  @Column()
  name: string;
}
