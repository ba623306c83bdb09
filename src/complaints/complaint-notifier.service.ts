import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { MembershipRole } from '../authorization/roles.js';
import { OrganisationKind } from '../authorization/roles.js';
import { OutboundChannel } from '../notifications/outbound-message.entity.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { ContactVaultService } from '../contacts/contact-vault.service.js';
import { formatTrackingNumber } from './tracking-number.js';
import { Complaint, ContactChannel } from './complaint.entity.js';

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
  ) {}

  /** Nothing for an anonymous complainant or one who asked not to be contacted. */
  async complainant(tx: EntityManager, complaint: Complaint, template: string, values: Values): Promise<void> {
    await this.complainants(tx, template, [{ complaint, values }]);
  }

  /** The same message to the complainants of several complaints, each with its values, queued together. */
  async complainants(tx: EntityManager, template: string, messages: Array<{ complaint: Complaint; values: Values }>): Promise<void> {
    await this.outbox.enqueueAll(
      tx,
      messages.flatMap(({ complaint, values }) => {
        if (complaint.contactBy === ContactChannel.NONE) return [];
        const contact = this.vault.open(complaint.id, complaint);
        const sms = complaint.contactBy === ContactChannel.SMS;
        const recipient = sms ? contact.phone : contact.email;
        if (!recipient) return [];
        return [{ complaintId: complaint.id, channel: sms ? OutboundChannel.SMS : OutboundChannel.EMAIL, recipient, template, language: complaint.language, values }];
      }),
    );
  }

  /** A reply on the channel a message came in by, to whoever sent it. */
  async reply(tx: EntityManager, to: { channel: OutboundChannel; recipient: string; language: string; complaintId: string | null }, template: string, values: Values): Promise<void> {
    await this.outbox.enqueue(tx, { complaintId: to.complaintId, channel: to.channel, recipient: to.recipient, template, language: to.language, values });
  }

  /** The organisation's focal persons; every member when it named none, so a reminder always reaches someone. */
  async organisation(tx: EntityManager, complaintId: string, organisationId: string, template: string, values: Values): Promise<void> {
    const rows: Array<{ email: string }> = await tx.query(
      `SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.organisation_id = $1
          AND (m.focal_person OR NOT EXISTS (SELECT 1 FROM memberships f WHERE f.organisation_id = $1 AND f.focal_person))
        ORDER BY u.email`,
      [organisationId],
    );
    await this.staff(tx, complaintId, rows, template, values);
  }

  /** The monitor of the procurement a complaint concerns, so a complaint under an Integrity Pact reaches it. */
  async monitor(tx: EntityManager, complaint: Complaint): Promise<void> {
    const [procurement]: Array<{ reference: string; monitor_id: string | null }> = await tx.query('SELECT reference, monitor_id FROM procurements WHERE id = $1', [complaint.procurementId]);
    if (!procurement?.monitor_id) return;
    await this.organisation(tx, complaint.id, procurement.monitor_id, 'complaint-for-monitor', {
      trackingNumber: formatTrackingNumber(complaint.trackingNumber),
      procurementReference: procurement.reference,
    });
  }

  async conveners(tx: EntityManager, complaintId: string, template: string, values: Values): Promise<void> {
    const rows: Array<{ email: string }> = await tx.query(
      `SELECT DISTINCT u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.role = $1`,
      [MembershipRole.CONVENER],
    );
    await this.staff(tx, complaintId, rows, template, values);
  }

  /**
   * The implementer of the complaint's procurement, or every implementer when the complaint
   * concerns none; returns the organisation escalated to (the first, for the record).
   */
  async implementers(tx: EntityManager, complaint: Complaint, template: string, values: Values): Promise<string | null> {
    const organisations: Array<{ id: string }> = await tx.query(
      `SELECT o.id FROM organisations o
        WHERE o.kind = $1 AND o.id = coalesce((SELECT implementer_id FROM procurements WHERE id = $2::uuid), o.id)
        ORDER BY o.created_at`,
      [OrganisationKind.IP_IMPLEMENTER, complaint.procurementId],
    );
    for (const { id } of organisations) await this.organisation(tx, complaint.id, id, template, values);
    return organisations[0]?.id ?? null;
  }

  private async staff(tx: EntityManager, complaintId: string, rows: Array<{ email: string }>, template: string, values: Values): Promise<void> {
    for (const { email } of rows) {
      await this.outbox.enqueue(tx, { complaintId, channel: OutboundChannel.EMAIL, recipient: email, template, language: STAFF_LANGUAGE, values });
    }
  }
}
