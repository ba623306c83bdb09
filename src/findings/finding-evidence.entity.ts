import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, CreateDateColumn } from 'typeorm';
import { User } from '../accounts/user.entity.js';
import { Finding } from './finding.entity.js';

/** A file supporting a finding. Insert-only (database trigger): evidence is kept as uploaded. */
@ObjectType({ description: 'A file supporting a finding; the content is downloaded over HTTP.' })
@Entity('finding_evidence')
@Check('finding_evidence_size_bytes_check', 'size_bytes >= 0')
export class FindingEvidence {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @ForeignKey(() => Finding)
  @Index('finding_evidence_finding_id_idx')
  @Column('uuid')
  findingId: string;

  @Field()
  @Column()
  fileName: string;

  @Field({ description: 'Detected from the content, not from the name.' })
  @Column()
  contentType: string;

  @Field(() => Int)
  @Column('int')
  sizeBytes: number;

  @Field()
  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'bytea', select: false })
  content: Buffer;

  @Field(() => ID)
  @ForeignKey(() => User)
  @Column('uuid')
  uploadedBy: string;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  uploadedAt: Date;
}
