import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A signed checkpoint of the audit log: the size and root of its Merkle tree when it was made,
 * and the signed note that copies outside the database (PDFs, witnesses) carry. Insert-only.
 */
@Entity('audit_checkpoints')
@Check('audit_checkpoints_tree_size_check', 'tree_size > 0')
export class Checkpoint {
  @PrimaryColumn('bigint')
  treeSize: string;

  /** Hex, as in the rest of the audit tables; the note carries it in base64. */
  @Column({ type: 'char', length: 64 })
  rootHash: string;

  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Column('text')
  note: string;
}
