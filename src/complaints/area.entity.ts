import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Check, Column, Entity, ForeignKey, Index, Unique } from 'typeorm';
import { Classification } from './classification.js';

@ObjectType({ description: 'A county, or a sub-county within one.' })
@Entity('areas')
@Unique('areas_code_key', ['code'])
@Check('areas_parent_id_check', 'parent_id <> id')
export class Area extends Classification {
  @Field(() => ID, { nullable: true, description: 'The county of a sub-county; null for a county.' })
  @ForeignKey(() => Area)
  @Index('areas_parent_id_idx')
  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;
}
