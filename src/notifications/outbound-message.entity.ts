import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

export enum OutboundChannel {
  SMS = 'SMS',
  EMAIL = 'EMAIL',
}
registerEnumType(OutboundChannel, { name: 'OutboundChannel' });

export enum DeliveryStatus {
  QUEUED = 'QUEUED',
  SENT = 'SENT',
  FAILED = 'FAILED',
}
registerEnumType(DeliveryStatus, { name: 'DeliveryStatus' });

/**
 * A message to send, written in the same transaction as the change it announces and
 * delivered afterwards by the notification worker. Its content is fixed once queued
 * (database trigger); only the delivery columns change. The recipient is encrypted.
 */
@ObjectType({ description: 'A message queued for a complainant or staff member, with its delivery status. The recipient is never shown.' })
@Entity('outbound_messages')
@Index('outbound_messages_complaint_id_idx', ['complaintId', 'createdAt'])
@Index('outbound_messages_status_idx', ['status', 'createdAt'])
@Check('outbound_messages_sent_check', `(status = 'SENT') = (sent_at IS NOT NULL)`)
export class OutboundMessage {
  /** Chosen before the insert: the recipient's ciphertext is bound to it. */
  @Field(() => ID)
  @PrimaryColumn('uuid')
  id: string;

  // Named, not imported: notifications is shared and imports no feature.
  @ForeignKey('Complaint')
  @Column({ type: 'uuid', nullable: true })
  complaintId: string | null;

  @Field(() => OutboundChannel)
  @Column({ type: 'enum', enum: OutboundChannel, enumName: 'outbound_channel' })
  channel: OutboundChannel;

  @Column('bytea')
  recipientEncrypted: Buffer;

  @Field({ description: 'The template the message was written from, e.g. `complaint-received`.' })
  @Column('varchar')
  template: string;

  @Field()
  @Column({ type: 'varchar', length: 8 })
  language: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  subject: string | null;

  @Field()
  @Column('text')
  body: string;

  /**
   * A complainant's secret the body carries, encrypted under the contact key until delivery and
   * erased after: the stored body shows SECRET_MASK in its place, so staff reading the
   * complaint's messages never see it, and it is not kept once sent.
   */
  @Column({ type: 'bytea', nullable: true, select: false })
  secretEncrypted: Buffer | null;

  @Field(() => DeliveryStatus)
  @Column({ type: 'enum', enum: DeliveryStatus, enumName: 'delivery_status', default: DeliveryStatus.QUEUED })
  status: DeliveryStatus;

  @Field(() => Int)
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Field(() => String, { nullable: true, description: 'The transport that delivered it: file, africastalking, twilio or smtp.' })
  @Column({ type: 'varchar', nullable: true })
  transport: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', nullable: true })
  providerMessageId: string | null;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
