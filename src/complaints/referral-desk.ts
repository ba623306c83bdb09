import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ComplaintDeadline } from './complaint-deadline.entity.js';
import { ComplaintNotifier } from './complaint-notifier.js';
import { Complaint, ComplaintStatus } from './complaint.entity.js';
import { ReferralRule } from './referral-rule.entity.js';
import { chooseDeadline, chooseReferralRule } from './referral-routing.js';
import { formatTrackingNumber } from './tracking-number.js';

const HOUR_MS = 3_600_000;

export interface Route {
  organisationId: string;
  organisationName: string;
  acknowledgeWithinHours: number;
  resolveWithinHours: number;
}

/**
 * Decides where a complaint goes — by the routing rules, or by hand — and with which
 * deadlines, and tells the organisation it went to.
 */
@Injectable()
export class ReferralDesk {
  constructor(private readonly notifier: ComplaintNotifier) {}

  /** By the rules; null when none matches, and the complaint waits in the convener's queue. */
  async route(tx: EntityManager, complaint: Pick<Complaint, 'sectorId' | 'typeId' | 'areaId'>): Promise<Route | null> {
    const [rules, [area]] = await Promise.all([
      tx.find(ReferralRule),
      complaint.areaId ? tx.query('SELECT parent_id FROM areas WHERE id = $1', [complaint.areaId]) : Promise.resolve([undefined]),
    ]);
    const rule = chooseReferralRule(rules, { ...complaint, countyId: area?.parent_id ?? null });
    return rule ? this.routeTo(tx, rule.organisationId, complaint.typeId) : null;
  }

  async routeTo(tx: EntityManager, organisationId: string, typeId: string | null): Promise<Route> {
    const [[organisation], deadlines] = await Promise.all([
      tx.query('SELECT name FROM organisations WHERE id = $1', [organisationId]) as Promise<Array<{ name: string }>>,
      tx.find(ComplaintDeadline),
    ]);
    const deadline = chooseDeadline(deadlines, organisationId, typeId);
    if (!deadline) throw new Error('no complaint deadline applies: the default entry of complaint_deadlines is missing');
    return { organisationId, organisationName: organisation.name, acknowledgeWithinHours: deadline.acknowledgeWithinHours, resolveWithinHours: deadline.resolveWithinHours };
  }

  /** The complaint's columns once referred along `route` at `now`: deadlines run from the referral. */
  referralFields(route: Route, now: Date): Pick<Complaint, 'status' | 'handlingOrganisationId' | 'referredAt' | 'acknowledgeDueAt' | 'resolveDueAt'> {
    return {
      status: ComplaintStatus.REFERRED,
      handlingOrganisationId: route.organisationId,
      referredAt: now,
      acknowledgeDueAt: new Date(now.getTime() + route.acknowledgeWithinHours * HOUR_MS),
      resolveDueAt: new Date(now.getTime() + route.resolveWithinHours * HOUR_MS),
    };
  }

  /** Tells the organisation's focal persons a complaint is in their queue. */
  async announce(tx: EntityManager, complaint: Complaint, route: Route): Promise<void> {
    await this.notifier.organisation(tx, complaint.id, route.organisationId, 'complaint-assigned', {
      trackingNumber: formatTrackingNumber(complaint.trackingNumber),
      organisationName: route.organisationName,
      dueAt: complaint.acknowledgeDueAt?.toISOString(),
    });
  }
}
