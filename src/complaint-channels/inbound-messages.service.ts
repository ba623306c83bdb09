import { Injectable, Logger } from '@nestjs/common';
import { QueryFailedError, type EntityManager } from 'typeorm';
import { ComplainantDeskService } from '../complaints/intake/complainant-desk.service.js';
import { ComplaintIntakeService, type NewComplaint } from '../complaints/intake/complaint-intake.service.js';
import { ComplaintNotifierService } from '../complaints/complaint-notifier.service.js';
import { ComplaintChannel, ContactChannel, type Complaint } from '../complaints/complaint.entity.js';
import { ComplaintsService } from '../complaints/complaints.service.js';
import { ComplainantProofsService } from '../complaints/proofs/complainant-proofs.service.js';
import { InsertBatch } from '../database/insert-rows.js';
import { TransactionService } from '../database/transaction.service.js';
import { DomainError } from '../errors/domain-error.js';
import { OutboundChannel } from '../notifications/outbound-message.entity.js';
import { formatTrackingNumber, isValidTrackingNumber } from '../complaints/tracking-number.js';
import { MAX_MESSAGE_LENGTH, readInboundMessage, type InboundCommand } from './inbound-command.js';
import { ComplaintChannelsRepository } from './complaint-channels.repository.js';
import { MessageGateway } from './inbound-message.entity.js';

export interface InboundText {
  gateway: MessageGateway;
  messageId: string;
  /** The sender: a phone number in international form, or an email address. */
  from: string;
  senderName: string | null;
  text: string;
}

/** What the gateway is answered; the same again for a retried delivery. */
export interface InboundAnswer {
  trackingNumber: string | null;
  outcome: string;
}

/** New complaints lodged in one transaction at most; more wait for the next. */
const BATCH_LIMIT = 50;
/**
 * Batches lodged at the same time. One: from their insert to their commit batches queue at the
 * day's statistics cells and the audit chain's lock anyway, so a second at once only splits the
 * waiting messages in two and adds a lock wait to each. Measured with bench:sms (50 connections,
 * 2026-12-07, four paired runs): one at a time took 1.9–2.4 times the messages of two, in
 * batches of about 25 instead of 16.
 */
const BATCHES_AT_ONCE = 1;

type ComplaintCommand = Extract<InboundCommand, { kind: 'complaint' }>;

interface WaitingComplaint {
  message: InboundText;
  command: ComplaintCommand;
  answer(answer: InboundAnswer): void;
  fail(error: unknown): void;
}

/**
 * Messages from the public by SMS or email: a new complaint, or a command about one. Each
 * is handled once per gateway message id, in one transaction with its reply in the outbox
 * (new complaints arriving together share theirs).
 */
@Injectable()
export class InboundMessagesService {
  private readonly logger = new Logger(InboundMessagesService.name);
  /** New complaints waiting for the next batch. */
  private readonly waiting: WaitingComplaint[] = [];
  private batchesRunning = 0;

  constructor(
    private readonly transactions: TransactionService,
    private readonly repository: ComplaintChannelsRepository,
    private readonly intake: ComplaintIntakeService,
    private readonly desk: ComplainantDeskService,
    private readonly complaints: ComplaintsService,
    private readonly proofs: ComplainantProofsService,
    private readonly notifier: ComplaintNotifierService,
  ) {}

  async receive(message: InboundText): Promise<InboundAnswer> {
    const command = readInboundMessage(message.text);
    if (command.kind === 'complaint') return this.lodgeInBatch(message, command);
    const earlier = await this.answered(message);
    if (earlier) return earlier;
    try {
      return await this.transactions.run(async (tx) => {
        const { answer, complaintId } = await this.command(tx, message, command);
        const rows = new InsertBatch();
        this.remember(rows, [{ message, complaintId, answer }]);
        await rows.insert(tx);
        return answer;
      });
    } catch (error) {
      // The same delivery, retried while the first was still being handled: the first's answer stands.
      if (isDuplicateDelivery(error)) return (await this.answered(message))!;
      throw error;
    }
  }

  /**
   * At peaks (a radio call-in: hundreds of messages a second) new complaints are lodged in
   * batches: those arriving while earlier ones are being stored go together in the next, one
   * transaction whose statements and taking of the audit chain's lock serve them all. A
   * message arriving alone is lodged at once.
   */
  private lodgeInBatch(message: InboundText, command: ComplaintCommand): Promise<InboundAnswer> {
    return new Promise((answer, fail) => {
      this.waiting.push({ message, command, answer, fail });
      this.startBatches();
    });
  }

  private startBatches(): void {
    while (this.waiting.length && this.batchesRunning < BATCHES_AT_ONCE) {
      const batch = this.waiting.splice(0, BATCH_LIMIT);
      this.batchesRunning++;
      void this.lodgeBatch(batch).finally(() => {
        this.batchesRunning--;
        this.startBatches();
      });
    }
  }

  private async lodgeBatch(batch: WaitingComplaint[]): Promise<void> {
    // One message can spoil a batch (most likely a delivery retried while its first was being
    // handled, whose message id is taken): then each is lodged again on its own.
    const answers =
      batch.length > 1
        ? await this.lodgeComplaints(batch).catch((error: unknown) => {
            this.logger.warn(`a batch of ${batch.length} complaints failed (${failureCode(error)}); lodging them one by one`);
            return null;
          })
        : null;
    if (answers) batch.forEach((waiting, index) => waiting.answer(answers[index]));
    else
      await Promise.all(
        batch.map((waiting) =>
          this.lodgeAlone(waiting).then(
            (answer) => waiting.answer(answer),
            (error: unknown) => waiting.fail(error),
          ),
        ),
      );
  }

  private async lodgeAlone(waiting: WaitingComplaint): Promise<InboundAnswer> {
    try {
      const [answer] = await this.lodgeComplaints([waiting]);
      return answer;
    } catch (error) {
      // The same delivery, retried while the first was still being handled: the first's answer stands.
      if (isDuplicateDelivery(error)) return (await this.answered(waiting.message))!;
      throw error;
    }
  }

  /** Lodges the complaints in one transaction, each with its message record; a delivery answered before gets that answer again. */
  private async lodgeComplaints(batch: WaitingComplaint[]): Promise<InboundAnswer[]> {
    const answers = await this.answeredAll(batch.map(({ message }) => message));
    // Copies of one delivery in the batch (a gateway retrying while the first waited) are lodged once, and each is answered.
    const fresh = [
      ...new Map(batch.filter(({ message }) => !answers.has(deliveryKey(message))).map((waiting) => [deliveryKey(waiting.message), waiting])).values(),
    ];
    if (fresh.length) {
      await this.intake.lodgeAll(
        fresh.map(({ message, command }) => newComplaint(message, command)),
        (lodged, rows) => {
          const records = lodged.map(({ complaint }, index) => ({
            message: fresh[index].message,
            complaintId: complaint.id,
            answer: { trackingNumber: formatTrackingNumber(complaint.trackingNumber), outcome: 'COMPLAINT_LODGED' },
          }));
          this.remember(rows, records);
          for (const { message, answer } of records) answers.set(deliveryKey(message), answer);
        },
      );
    }
    return batch.map(({ message }) => answers.get(deliveryKey(message))!);
  }

  /** Answers a command with a reply in the outbox; nothing a stranger sends reveals another's complaint. */
  private async command(
    tx: EntityManager,
    message: InboundText,
    command: Exclude<InboundCommand, { kind: 'complaint' }>,
  ): Promise<{ answer: InboundAnswer; complaintId: string | null }> {
    const reply = (template: string, values: Record<string, unknown>, complaintId: string | null = null) =>
      this.notifier.reply(tx, { channel: this.replyChannel(message), recipient: message.from, language: command.language, complaintId }, template, values);

    if (command.kind === 'empty') {
      await reply('empty-message', {});
      return { answer: { trackingNumber: null, outcome: 'EMPTY_MESSAGE' }, complaintId: null };
    }
    if (command.kind === 'too-long') {
      await reply('message-too-long', { maxLength: MAX_MESSAGE_LENGTH });
      return { answer: { trackingNumber: null, outcome: 'MESSAGE_TOO_LONG' }, complaintId: null };
    }
    const complaint = await this.find(tx, command, message.from);
    if (!complaint) {
      await reply('unknown-tracking-number', { trackingNumber: command.trackingNumber });
      return { answer: { trackingNumber: null, outcome: 'UNKNOWN_TRACKING_NUMBER' }, complaintId: null };
    }
    const trackingNumber = formatTrackingNumber(complaint.trackingNumber);
    const answered = (outcome: string) => ({ answer: { trackingNumber, outcome }, complaintId: complaint.id });
    switch (command.kind) {
      case 'status':
        await reply(
          'complaint-status-reply',
          { trackingNumber, status: complaint.status, lodgedOn: complaint.createdAt.toISOString().slice(0, 10) },
          complaint.id,
        );
        return answered('STATUS_SENT');
      case 'rate':
        if (command.rating === null || !complaint.resolvedAt || complaint.rating !== null) {
          await reply('rating-refused', { trackingNumber }, complaint.id);
          return answered('RATING_REFUSED');
        }
        await this.desk.rateWithin(tx, complaint, command.rating, null);
        return answered('RATED');
      case 'add-information':
        if (!command.information.trim()) {
          await reply('empty-message', {}, complaint.id);
          return answered('EMPTY_MESSAGE');
        }
        await this.desk.addInformationWithin(
          tx,
          complaint,
          command.information,
          message.gateway === MessageGateway.EMAIL ? ComplaintChannel.EMAIL : ComplaintChannel.SMS,
        );
        return answered('INFORMATION_ADDED');
    }
  }

  /**
   * STATUS answers whoever holds the number (with the secret for an anonymous complaint, counted
   * against the same limits of failed proofs as on the web); rating and adding information only
   * the complainant, from the phone or address they used, which the gateway vouches for.
   */
  private async find(tx: EntityManager, command: { kind: string; trackingNumber: string; secret?: string | null }, sender: string): Promise<Complaint | null> {
    if (!isValidTrackingNumber(command.trackingNumber)) return null;
    try {
      if (command.kind === 'status') return await this.proofs.forStatus(command.trackingNumber, command.secret, `message:${sender}`);
      return await this.complaints.bySender(tx, command.trackingNumber, sender, { lock: true });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }

  private replyChannel(message: InboundText): OutboundChannel {
    return message.gateway === MessageGateway.EMAIL ? OutboundChannel.EMAIL : OutboundChannel.SMS;
  }

  private async answered(message: InboundText): Promise<InboundAnswer | null> {
    return (await this.answeredAll([message])).get(deliveryKey(message)) ?? null;
  }

  /** The answers given before to any of these deliveries, by deliveryKey. */
  private async answeredAll(messages: InboundText[]): Promise<Map<string, InboundAnswer>> {
    const rows = await this.repository.answersTo(this.transactions.reader, messages);
    return new Map(rows.map((row) => [deliveryKey(row), JSON.parse(row.answer) as InboundAnswer]));
  }

  /** The deliveries and their answers, added to the change's `rows`. */
  private remember(rows: InsertBatch, records: Array<{ message: InboundText; complaintId: string | null; answer: InboundAnswer }>): void {
    this.repository.record(
      rows,
      records.map(({ message, complaintId, answer }) => ({
        gateway: message.gateway,
        messageId: message.messageId,
        complaintId,
        answer: JSON.stringify(answer),
      })),
    );
  }
}

/** A complaint as a message brings it: unclassified, from the sender, answered on the channel it came by. */
function newComplaint(message: InboundText, command: ComplaintCommand): NewComplaint {
  const sms = message.gateway !== MessageGateway.EMAIL;
  return {
    channel: sms ? ComplaintChannel.SMS : ComplaintChannel.EMAIL,
    description: command.description,
    sectorId: null,
    typeId: null,
    areaId: null,
    procurementId: null,
    gender: null,
    ageGroup: null,
    language: command.language,
    contact: { name: message.senderName, phone: sms ? message.from : null, email: sms ? null : message.from },
    contactBy: sms ? ContactChannel.SMS : ContactChannel.EMAIL,
    walkIn: null,
    actorId: null,
  };
}

/** A delivery is one gateway's message id. */
function deliveryKey(message: Pick<InboundText, 'gateway' | 'messageId'>): string {
  return `${message.gateway}:${message.messageId}`;
}

/** What failed, without the message: a database's can quote what a complainant wrote. */
function failureCode(error: unknown): string {
  if (error instanceof QueryFailedError) return `SQLSTATE ${(error.driverError as { code?: string }).code}`;
  return error instanceof Error ? error.name : 'unknown error';
}

function isDuplicateDelivery(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { constraint?: string }).constraint === 'inbound_messages_gateway_message_id_key';
}
