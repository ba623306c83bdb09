import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ComplaintNotifierService } from '../complaint-notifier.service.js';
import { Complaint, ComplaintStatus } from '../complaint.entity.js';
import { ComplaintsRepository } from '../complaints.repository.js';
import { ReferralRepository } from './referral.repository.js';
import { chooseDeadline, chooseReferralRule } from './referral-routing.js';
import { formatTrackingNumber } from '../tracking-number.js';

const HOUR_MS = 3_600_000;

type Routed = Pick<Complaint, 'sectorId' | 'typeId' | 'areaId'>;

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
export class ReferralDeskService {
  constructor(
    private readonly notifier: ComplaintNotifierService,
    private readonly complaints: ComplaintsRepository,
    private readonly referral: ReferralRepository,
  ) {}

  /** By the rules; null when none matches, and the complaint waits in the convener's queue. */
  async route(tx: EntityManager, complaint: Routed): Promise<Route | null> {
    const [route] = await this.routeAll(tx, [complaint]);
    return route;
  }

  /** Several complaints lodged together, reading the rules and deadlines once for all. */
  async routeAll(tx: EntityManager, complaints: Routed[]): Promise<Array<Route | null>> {
    const rules = await this.referral.rules(tx);
    const counties = await this.referral.countiesOf(tx, [...new Set(complaints.flatMap((complaint) => (complaint.areaId ? [complaint.areaId] : [])))]);
    return this.routesTo(
      tx,
      complaints.map((complaint) => {
        const rule = chooseReferralRule(rules, { ...complaint, countyId: complaint.areaId ? (counties.get(complaint.areaId) ?? null) : null });
        return rule && { organisationId: rule.organisationId, typeId: complaint.typeId };
      }),
    );
  }

  async routeTo(tx: EntityManager, organisationId: string, typeId: string | null): Promise<Route> {
    const [route] = await this.routesTo(tx, [{ organisationId, typeId }]);
    return route!;
  }

  /** The route to each destination, null where there is none. */
  private async routesTo(tx: EntityManager, destinations: Array<{ organisationId: string; typeId: string | null } | null>): Promise<Array<Route | null>> {
    const organisationIds = [...new Set(destinations.flatMap((destination) => (destination ? [destination.organisationId] : [])))];
    if (!organisationIds.length) return destinations.map(() => null);
    const names = await this.complaints.organisationNames(tx, organisationIds);
    const deadlines = await this.referral.deadlines(tx);
    return destinations.map((destination) => {
      if (!destination) return null;
      const deadline = chooseDeadline(deadlines, destination.organisationId, destination.typeId);
      if (!deadline) throw new Error('no complaint deadline applies: the default entry of complaint_deadlines is missing');
      return {
        organisationId: destination.organisationId,
        organisationName: names.get(destination.organisationId)!,
        acknowledgeWithinHours: deadline.acknowledgeWithinHours,
        resolveWithinHours: deadline.resolveWithinHours,
      };
    });
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
