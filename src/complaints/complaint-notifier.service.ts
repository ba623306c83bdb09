import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { InsertBatch } from '../database/insert-rows.js';
import { OutboundChannel } from '../notifications/outbound-message.entity.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { ContactVaultService } from '../contacts/contact-vault.service.js';
import { formatTrackingNumber } from './tracking-number.js';
import { Complaint, ContactChannel } from './complaint.entity.js';
import { ComplaintsRepository } from './complaints.repository.js';

/** Staff read their messages in English; complainants in the language they chose. */
const STAFF_LANGUAGE = 'en';

type Values = Record<string, unknown>;

/**
 * Who hears about a complaint, and where: the complainant on the channel they chose, the
 * handling organisation's focal persons, the conveners, the implementer. Every message goes
 * to the outbox inside the caller's transaction, so it is sent if and only if the change commits.
 */
@Injectable()
export class ComplaintNotifierService {
  constructor(
    private readonly outbox: OutboxService,
    private readonly vault: ContactVaultService,
    private readonly complaints: ComplaintsRepository,
  ) {}

  /** Nothing for an anonymous complainant or one who asked not to be contacted. */
  async complainant(tx: EntityManager, complaint: Complaint, template: string, values: Values): Promise<void> {
    await this.complainants(tx, template, [{ complaint, values }]);
  }

  /**
   * The same message to the complainants of several complaints, each with its values, queued
   * together (with `together`, the rest of the change's rows: see OutboxService.enqueueAll). A
   * `secret` reaches the template as `secret` but is stored only encrypted until sent.
   */
  async complainants(
    tx: EntityManager,
    template: string,
    messages: Array<{ complaint: Complaint; values: Values; secret?: string | null }>,
    together?: InsertBatch,
  ): Promise<void> {
    await this.outbox.enqueueAll(
      tx,
      messages.flatMap(({ complaint, values, secret }) => {
        if (complaint.contactBy === ContactChannel.NONE) return [];
        const contact = this.vault.open(complaint.id, complaint);
        const sms = complaint.contactBy === ContactChannel.SMS;
        const recipient = sms ? contact.phone : contact.email;
        if (!recipient) return [];
        return [
          {
            complaintId: complaint.id,
            channel: sms ? OutboundChannel.SMS : OutboundChannel.EMAIL,
            recipient,
            template,
            language: complaint.language,
            values,
            secret,
          },
        ];
      }),
      together,
    );
  }

  /** A reply on the channel a message came in by, to whoever sent it. */
  async reply(
    tx: EntityManager,
    to: { channel: OutboundChannel; recipient: string; language: string; complaintId: string | null },
    template: string,
    values: Values,
  ): Promise<void> {
    await this.outbox.enqueue(tx, { complaintId: to.complaintId, channel: to.channel, recipient: to.recipient, template, language: to.language, values });
  }

  /** The organisation's focal persons; every member when it named none, so a reminder always reaches someone. */
  async organisation(tx: EntityManager, complaintId: string, organisationId: string, template: string, values: Values): Promise<void> {
    const emails = await this.complaints.focalEmails(tx, organisationId);
    await this.staff(tx, complaintId, emails, template, values);
  }

  /** The monitor of the procurement a complaint concerns, so a complaint under an Integrity Pact reaches it. */
  async monitor(tx: EntityManager, complaint: Complaint): Promise<void> {
    const procurement = complaint.procurementId ? await this.complaints.procurementMonitor(tx, complaint.procurementId) : null;
    if (!procurement?.monitorId) return;
    await this.organisation(tx, complaint.id, procurement.monitorId, 'complaint-for-monitor', {
      trackingNumber: formatTrackingNumber(complaint.trackingNumber),
      procurementReference: procurement.reference,
    });
  }

  async conveners(tx: EntityManager, complaintId: string, template: string, values: Values): Promise<void> {
    const emails = await this.complaints.convenerEmails(tx);
    await this.staff(tx, complaintId, emails, template, values);
  }

  /**
   * The implementer of the complaint's procurement, or every implementer when the complaint
   * concerns none; returns the organisation escalated to (the first, for the record).
   */
  async implementers(tx: EntityManager, complaint: Complaint, template: string, values: Values): Promise<string | null> {
    const organisations = await this.complaints.implementers(tx, complaint.procurementId);
    for (const id of organisations) await this.organisation(tx, complaint.id, id, template, values);
    return organisations[0] ?? null;
  }

  private async staff(tx: EntityManager, complaintId: string, emails: string[], template: string, values: Values): Promise<void> {
    for (const email of emails) {
      await this.outbox.enqueue(tx, { complaintId, channel: OutboundChannel.EMAIL, recipient: email, template, language: STAFF_LANGUAGE, values });
    }
  }
}
