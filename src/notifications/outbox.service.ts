import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { ClockService } from '../clock/clock.service.js';
import { ContactCipher } from '../contacts/contact-cipher.js';
import { InsertBatch } from '../database/insert-rows.js';
import { APP_CONFIG } from '../config/app-config.js';
import type { ResolvedConfig } from '../config/secrets.js';
import { QueueService } from '../queue/queue.service.js';
import { NotificationTemplatesService } from './notification-templates.service.js';
import { NotificationsRepository } from './notifications.repository.js';
import { DeliveryStatus, OutboundChannel, OutboundMessage } from './outbound-message.entity.js';
import { MetricsService } from '../metrics/metrics.service.js';

/** The pg-boss queue of messages to deliver. */
export const NOTIFICATION_QUEUE = 'notifications';

/** A job names its message and nothing else: the recipient and text stay in the encrypted row. */
export interface NotificationJob {
  messageId: string;
}

export interface OutboundMessageRequest {
  complaintId: string | null;
  channel: OutboundChannel;
  /** A phone number in international form (`+2547…`) for SMS, an email address for email. */
  recipient: string;
  /** A template of templates/notifications, e.g. `complaint-received`. */
  template: string;
  /** The recipient's language; English when there is no such template in it. */
  language: string;
  values: Record<string, unknown>;
  /** A complainant's secret, offered to the template as `secret` but stored only encrypted (see OutboundMessage.secretEncrypted). */
  secret?: string | null;
}

/** The associated data of a message's encrypted recipient, so the ciphertext only opens on its own row. */
export const recipientContext = (messageId: string) => `outbound-message:${messageId}:recipient`;
export const secretContext = (messageId: string) => `outbound-message:${messageId}:secret`;

/** What the stored text shows where the secret goes; the worker puts the secret back in at delivery. */
export const SECRET_MASK = '*****-*****-*****-*****';

const INTERNATIONAL_PHONE = /^\+[1-9]\d{6,14}$/;
const EMAIL_ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Queues messages in the transaction of the change they announce: the message row and its
 * delivery job commit together with the change, or neither exists. Delivery happens after,
 * in NotificationWorkerService.
 */
@Injectable()
export class OutboxService {
  /** Null in command-line tools, which boot without the key: they must fail rather than encrypt with a throwaway one. */
  /** Offered to every template, which may say where to text. */
  private readonly shortCode: string | undefined;
  private readonly cipher: ContactCipher | null;

  constructor(
    private readonly templates: NotificationTemplatesService,
    private readonly queue: QueueService,
    private readonly clock: ClockService,
    private readonly metrics: MetricsService,
    private readonly messages: NotificationsRepository,
    @Inject(APP_CONFIG) config: ResolvedConfig,
  ) {
    this.cipher = config.contactEncryptionKey ? new ContactCipher(config.contactEncryptionKey) : null;
    this.shortCode = config.smsShortCode;
  }

  async enqueue(tx: EntityManager, message: OutboundMessageRequest): Promise<OutboundMessage> {
    const [row] = await this.enqueueAll(tx, [message]);
    return row;
  }

  /**
   * Several messages with one statement for their rows and one for their jobs, for changes made
   * many at once. Given `together`, the caller's rows of the same change, the message rows join
   * them and are inserted when the caller inserts those, in the same transaction; else at once.
   */
  async enqueueAll(tx: EntityManager, messages: OutboundMessageRequest[], together?: InsertBatch): Promise<OutboundMessage[]> {
    if (!tx.queryRunner?.isTransactionActive) throw new Error('OutboxService.enqueue must run inside the transaction of the change it announces');
    const rows = messages.map((message) => this.row(message));
    if (!rows.length) return rows;
    const batch = together ?? new InsertBatch();
    this.messages.addMessages(batch, rows);
    if (!together) await batch.insert(tx);
    await this.queue.sendInTransaction(
      tx,
      NOTIFICATION_QUEUE,
      rows.map((row) => ({ messageId: row.id }) satisfies NotificationJob),
    );
    this.metrics.messagesQueuedIn(
      tx,
      rows.map((row) => row.channel),
    );
    return rows;
  }

  private row(message: OutboundMessageRequest): OutboundMessage {
    if (!this.cipher) throw new Error('no contact encryption key configured (CONTACT_ENCRYPTION_KEY)');
    // The recipient is checked but never quoted: it must not reach a log through an error.
    if (message.channel === OutboundChannel.SMS && !INTERNATIONAL_PHONE.test(message.recipient)) {
      throw new Error('an SMS recipient must be a phone number in international form, such as +254712345678');
    }
    if (message.channel === OutboundChannel.EMAIL && !EMAIL_ADDRESS.test(message.recipient)) throw new Error('an email recipient must be an email address');

    const values = { shortCode: this.shortCode, ...message.values, ...(message.secret ? { secret: SECRET_MASK } : {}) };
    const text = this.templates.render(message.template, message.language, values);
    const id = randomUUID();
    return Object.assign(new OutboundMessage(), {
      id,
      complaintId: message.complaintId,
      channel: message.channel,
      recipientEncrypted: this.cipher.encrypt(message.recipient, recipientContext(id)),
      template: message.template,
      language: text.language,
      subject: message.channel === OutboundChannel.EMAIL ? text.subject : null,
      body: message.channel === OutboundChannel.EMAIL ? text.body : text.sms,
      secretEncrypted: message.secret ? this.cipher.encrypt(message.secret, secretContext(id)) : null,
      status: DeliveryStatus.QUEUED,
      attempts: 0,
      createdAt: this.clock.now(),
    });
  }
}
