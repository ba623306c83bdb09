import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { InsertBatch } from '../database/insert-rows.js';
import { InboundMessage, type MessageGateway } from './inbound-message.entity.js';

/** One gateway message, as its answer is recorded: the answer is JSON text. */
export interface DeliveryRecord {
  gateway: MessageGateway;
  messageId: string;
  complaintId: string | null;
  answer: string;
}

/** The SQL of the message channels: which deliveries were answered before, and recording the answers. */
@Injectable()
export class ComplaintChannelsRepository {
  /** The answers recorded for any of these deliveries (gateway and message id, pairwise); the others are left out. */
  async answersTo(
    tx: EntityManager,
    deliveries: Array<{ gateway: MessageGateway; messageId: string }>,
  ): Promise<Array<{ gateway: MessageGateway; messageId: string; answer: string }>> {
    const rows: Array<{ gateway: MessageGateway; message_id: string; answer: string }> = await tx.query(
      `SELECT gateway, message_id, answer FROM inbound_messages
        WHERE (gateway, message_id) IN (SELECT * FROM unnest($1::message_gateway[], $2::varchar[]))`,
      [deliveries.map((delivery) => delivery.gateway), deliveries.map((delivery) => delivery.messageId)],
    );
    return rows.map((row) => ({ gateway: row.gateway, messageId: row.message_id, answer: row.answer }));
  }

  /** Inserted with `rows`, in one statement; a delivery recorded before fails it on inbound_messages_gateway_message_id_key. */
  record(rows: InsertBatch, records: DeliveryRecord[]): void {
    rows.add(InboundMessage, records);
  }
}
