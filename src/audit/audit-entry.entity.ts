import { Field, ID, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-type-json';
import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/**
 * One entry of the audit log: a link of the hash chain (`hash` covers `previousHash`) and a leaf
 * of the Merkle tree whose signed checkpoints are kept outside the database (see checkpoints/).
 * The table is insert-only (database trigger).
 */
@ObjectType({ description: 'One entry of the tamper-evident audit trail.' })
@Entity('audit_entries')
@Check('audit_entries_seq_check', 'seq > 0')
@Index('audit_entries_subject_idx', ['subjectType', 'subjectId', 'seq'])
@Index('audit_entries_procurement_id_idx', ['procurementId', 'seq'])
export class AuditEntry {
  @Field(() => ID, { description: 'Position in the chain, from 1.' })
  @PrimaryColumn('bigint')
  seq: string;

  @Field()
  @Column({ type: 'timestamptz' })
  occurredAt: Date;

  // Named, not imported: audit is shared and imports no feature.
  @ForeignKey('User')
  @Field(() => ID, { nullable: true, description: 'Null for actions of the platform itself (seeding, migrations).' })
  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Field({ description: 'What happened, for example `pact.published`.' })
  @Column()
  action: string;

  @Field()
  @Column()
  subjectType: string;

  @Field(() => ID)
  @Column('uuid')
  subjectId: string;

  @ForeignKey('Procurement')
  @Field(() => ID, { nullable: true, description: 'The procurement the subject belongs to, so its whole trail reads in one list.' })
  @Column({ type: 'uuid', nullable: true })
  procurementId: string | null;

  @Field(() => GraphQLJSON)
  @Column({ type: 'jsonb' })
  data: Record<string, unknown>;

  @Field()
  @Column({ type: 'char', length: 64 })
  previousHash: string;

  @Field()
  @Column({ type: 'char', length: 64, unique: true })
  hash: string;

  /** SHA-256(0x00 ‖ canonical JSON of the entry), hex: the entry as a leaf of the audit log's Merkle tree (RFC 9162). */
  @Field({ description: 'The entry as a leaf of the audit log Merkle tree: SHA-256 of 0x00 and its canonical JSON, hex.' })
  @Column({ type: 'char', length: 64 })
  leafHash: string;
}
