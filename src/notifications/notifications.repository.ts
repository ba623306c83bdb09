import { Injectable } from '@nestjs/common';
import { Not, type EntityManager } from 'typeorm';
import type { InsertBatch } from '../database/insert-rows.js';
import { DeliveryStatus, OutboundMessage } from './outbound-message.entity.js';

/**
 * The SQL of the outbox: storing messages many at once (with other rows of the same change), and recording each delivery attempt.
 * An attempt's outcome is written only while the message is not SENT, so a job that runs
 * twice never overwrites a delivery already recorded.
 */
@Injectable()
export class NotificationsRepository {
  /** Inserted with `rows`: one statement for all of them. */
  addMessages(rows: InsertBatch, messages: OutboundMessage[]): void {
    rows.add(OutboundMessage, messages);
  }

  /** With the encrypted secret, which only delivery reads. */
  message(tx: EntityManager, id: string): Promise<OutboundMessage | null> {
    return tx.getRepository(OutboundMessage).createQueryBuilder('message').addSelect('message.secretEncrypted').where('message.id = :id', { id }).getOne();
  }

  /** Sent: a secret it carried is no longer kept. */
  async markSent(tx: EntityManager, id: string, sent: { sentAt: Date; transport: string; providerMessageId: string | null }): Promise<void> {
    await tx.update(
      OutboundMessage,
      { id, status: Not(DeliveryStatus.SENT) },
      { status: DeliveryStatus.SENT, attempts: () => 'attempts + 1', secretEncrypted: null, ...sent },
    );
  }

  /** Counts the attempt and keeps its error; the last attempt also marks the message FAILED and erases its secret. */
  async markAttemptFailed(tx: EntityManager, id: string, failure: { lastError: string; transport: string; lastAttempt: boolean }): Promise<void> {
    await tx.update(
      OutboundMessage,
      { id, status: Not(DeliveryStatus.SENT) },
      {
        attempts: () => 'attempts + 1',
        lastError: failure.lastError,
        transport: failure.transport,
        ...(failure.lastAttempt ? { status: DeliveryStatus.FAILED, secretEncrypted: null } : {}),
      },
    );
  }
}
