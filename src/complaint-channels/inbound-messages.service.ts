import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { ComplainantDesk } from '../complaints/complainant-desk.service.js';
import { ComplaintIntake } from '../complaints/complaint-intake.service.js';
import { ComplaintNotifier } from '../complaints/complaint-notifier.js';
import { ComplaintChannel, ContactChannel, type Complaint } from '../complaints/complaint.entity.js';
import { ComplaintsService } from '../complaints/complaints.service.js';
import { DomainError } from '../errors/domain-error.js';
import { OutboundChannel } from '../notifications/outbound-message.entity.js';
import { formatTrackingNumber, isValidTrackingNumber } from '../complaints/tracking-number.js';
import { MAX_MESSAGE_LENGTH, readInboundMessage, type InboundCommand } from './inbound-command.js';
import { InboundMessage, MessageGateway } from './inbound-message.entity.js';

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

/**
 * Messages from the public by SMS or email: a new complaint, or a command about one. Each
 * is handled once per gateway message id, in one transaction with its reply in the outbox.
 */
@Injectable()
export class InboundMessages {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly intake: ComplaintIntake,
    private readonly desk: ComplainantDesk,
    private readonly complaints: ComplaintsService,
    private readonly notifier: ComplaintNotifier,
  ) {}

  async receive(message: InboundText): Promise<InboundAnswer> {
    const earlier = await this.answered(message);
    if (earlier) return earlier;
    try {
      return await this.handle(message, readInboundMessage(message.text));
    } catch (error) {
      // The same delivery, retried while the first was still being handled: the first's answer stands.
      if (isDuplicateDelivery(error)) return (await this.answered(message))!;
      throw error;
    }
  }

  private async handle(message: InboundText, command: InboundCommand): Promise<InboundAnswer> {
    const channel = message.gateway === MessageGateway.EMAIL ? ComplaintChannel.EMAIL : ComplaintChannel.SMS;
    if (command.kind === 'complaint') {
      const sms = channel === ComplaintChannel.SMS;
      let answer!: InboundAnswer;
      await this.intake.lodge(
        {
          channel,
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
        },
        async (tx, lodged) => {
          answer = { trackingNumber: formatTrackingNumber(lodged.complaint.trackingNumber), outcome: 'COMPLAINT_LODGED' };
          await this.remember(tx, message, lodged.complaint.id, answer);
        },
      );
      return answer;
    }
    return this.db.transaction(async (tx) => {
      const { answer, complaintId } = await this.command(tx, message, command);
      await this.remember(tx, message, complaintId, answer);
      return answer;
    });
  }

  /** Answers a command with a reply in the outbox; nothing a stranger sends reveals another's complaint. */
  private async command(tx: EntityManager, message: InboundText, command: Exclude<InboundCommand, { kind: 'complaint' }>): Promise<{ answer: InboundAnswer; complaintId: string | null }> {
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
        await reply('complaint-status-reply', { trackingNumber, status: complaint.status, lodgedOn: complaint.createdAt.toISOString().slice(0, 10) }, complaint.id);
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
        await this.desk.addInformationWithin(tx, complaint, command.information, message.gateway === MessageGateway.EMAIL ? ComplaintChannel.EMAIL : ComplaintChannel.SMS);
        return answered('INFORMATION_ADDED');
    }
  }

  /**
   * STATUS answers whoever holds the number (with the secret for an anonymous complaint), as on
   * the web; rating and adding information only the complainant, from the phone or address they used.
   */
  private async find(tx: EntityManager, command: { kind: string; trackingNumber: string; secret?: string | null }, sender: string): Promise<Complaint | null> {
    if (!isValidTrackingNumber(command.trackingNumber)) return null;
    try {
      if (command.kind === 'status') return await this.complaints.byTrackingNumber(tx, command.trackingNumber, command.secret);
      return await this.complaints.byTrackingNumber(tx, command.trackingNumber, sender, { proofRequired: true, lock: true });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }

  private replyChannel(message: InboundText): OutboundChannel {
    return message.gateway === MessageGateway.EMAIL ? OutboundChannel.EMAIL : OutboundChannel.SMS;
  }

  private async answered(message: InboundText): Promise<InboundAnswer | null> {
    const earlier = await this.db.getRepository(InboundMessage).findOne({ select: { answer: true }, where: { gateway: message.gateway, messageId: message.messageId } });
    return earlier ? (JSON.parse(earlier.answer) as InboundAnswer) : null;
  }

  private async remember(tx: EntityManager, message: InboundText, complaintId: string | null, answer: InboundAnswer): Promise<void> {
    await tx.insert(InboundMessage, { gateway: message.gateway, messageId: message.messageId, complaintId, answer: JSON.stringify(answer) });
  }
}

function isDuplicateDelivery(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { constraint?: string }).constraint === 'inbound_messages_gateway_message_id_key';
}
