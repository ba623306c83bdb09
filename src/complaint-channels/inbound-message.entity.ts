import { Column, CreateDateColumn, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Complaint } from '../complaints/complaint.entity.js';

export enum MessageGateway {
  AFRICASTALKING = 'AFRICASTALKING',
  TWILIO = 'TWILIO',
  EMAIL = 'EMAIL',
}

/**
 * A message a gateway delivered, kept by its id so a retried delivery creates nothing new and
 * gets the first answer again. Neither the sender nor the text is kept here: the text becomes
 * the complaint, the sender its encrypted contact.
 */
@Entity('inbound_messages')
@Unique('inbound_messages_gateway_message_id_key', ['gateway', 'messageId'])
export class InboundMessage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'enum', enum: MessageGateway, enumName: 'message_gateway' })
  gateway: MessageGateway;

  @Column({ type: 'varchar', length: 200 })
  messageId: string;

  @ForeignKey(() => Complaint)
  @Column({ type: 'uuid', nullable: true })
  complaintId: string | null;

  /** The HTTP answer given the first time, replayed to retries. */
  @Column('text')
  answer: string;

  @CreateDateColumn({ type: 'timestamptz' })
  receivedAt: Date;
}
