import { Injectable } from '@nestjs/common';
import type { Viewer } from '../authorization/viewer.js';
import { FindingKind, FindingSeverity, FindingVisibility } from '../findings/finding.entity.js';
import { FindingsService } from '../findings/findings.service.js';
import { PactsService } from '../pacts/pacts.service.js';
import { Participation } from '../procurements/procurement-bidder.entity.js';
import { ProcurementStage } from '../procurements/procurement-stage.js';
import { ProcurementsService } from '../procurements/procurements.service.js';
import { RedFlagDecisionsService } from '../red-flags/red-flag-decisions.service.js';
import { ClockService } from '../clock/clock.service.js';
import { TransactionService } from '../database/transaction.service.js';
import { ReportKind } from '../reports/monitoring-report.entity.js';
import { ReportPublicationService } from '../reports/report-publication.service.js';
import { ReportsService } from '../reports/reports.service.js';
import { SignOffDecision } from '../sign-offs/stage-sign-off.entity.js';
import { SignOffsService } from '../sign-offs/sign-offs.service.js';
import { SignaturesService } from '../signatures/signatures.service.js';
import { StagesService } from '../stages/stages.service.js';
import { TenderingService } from '../tendering/tendering.service.js';
import { SeedRepository } from './seed.repository.js';

export const MONITORED_PROCUREMENT_REFERENCE = 'TCG/WTR/2026/003';

export interface DemoCast {
  authority: Viewer;
  monitor: Viewer;
  implementer: Viewer;
  bidders: Viewer[];
  authorityId: string;
  monitorId: string;
  implementerId: string;
  bidderIds: string[];
}

/**
 * A procurement already monitored through award: a signed pact, bids with a disqualification,
 * an award well above the estimate (a triggered red flag), the monitor's findings, sign-offs
 * an objection and a published periodic report. It shows a newcomer what the monitoring side looks like with data in it.
 */
@Injectable()
export class MonitoredProcurementSeedService {
  constructor(
    private readonly transactions: TransactionService,
    private readonly repository: SeedRepository,
    private readonly procurements: ProcurementsService,
    private readonly pacts: PactsService,
    private readonly signatures: SignaturesService,
    private readonly stages: StagesService,
    private readonly tendering: TenderingService,
    private readonly findings: FindingsService,
    private readonly signOffs: SignOffsService,
    private readonly redFlags: RedFlagDecisionsService,
    private readonly reports: ReportsService,
    private readonly publication: ReportPublicationService,
    private readonly clock: ClockService,
  ) {}

  async seed(cast: DemoCast): Promise<string> {
    const procurementId = await this.createProcurement(cast);
    await this.signPact(cast, procurementId);
    await this.runTender(cast, procurementId);
    await this.decideAndReport(cast, procurementId);
    return procurementId;
  }

  private async createProcurement(cast: DemoCast): Promise<string> {
    const { authority } = cast;
    const procurement = await this.procurements.create(authority, {
      reference: MONITORED_PROCUREMENT_REFERENCE,
      title: 'Drilling and equipping of community boreholes in Loima sub-county',
      description: 'Drilling, test pumping and solar equipping of six boreholes.',
      authorityId: cast.authorityId,
      implementerId: cast.implementerId,
      monitorId: cast.monitorId,
      estimatedValue: '21000000.00',
      currency: 'KES',
      sector: 'Water',
      area: 'Turkana',
      tenderPeriodStart: new Date('2026-09-01T06:00:00Z'),
      tenderPeriodEnd: new Date('2026-09-29T09:00:00Z'),
    });
    const procurementId = procurement.id;
    for (const bidderId of cast.bidderIds) {
      await this.procurements.addBidder(authority, { procurementId, bidderId, participation: Participation.INVITED });
    }
    return procurementId;
  }

  /** A published pact signed by the authority and two of the three bidders. */
  private async signPact(cast: DemoCast, procurementId: string): Promise<void> {
    const { authority, bidders } = cast;
    const draft = await this.pacts.createDraft(authority, { procurementId, templateKey: 'standard', language: 'en' });
    const version = await this.pacts.publish(authority, draft.id);
    await this.signatures.sign(authority, { pactVersionId: version.id, organisationId: cast.authorityId, consent: true });
    for (const index of [0, 1]) {
      await this.signatures.sign(bidders[index], { pactVersionId: version.id, organisationId: cast.bidderIds[index], consent: true });
    }
  }

  /** Through tender and evaluation to the award, with the monitor's findings and sign-offs on the way. */
  private async runTender(cast: DemoCast, procurementId: string): Promise<void> {
    const { authority, monitor } = cast;
    const advance = (toStage: ProcurementStage, note: string, awardedBidderId?: string) =>
      this.stages.advance(authority, { procurementId, toStage, note, awardedBidderId });
    await advance(ProcurementStage.TENDER_PREPARATION, 'Tender documents drafted');
    await advance(ProcurementStage.TENDER_OPEN, 'Invitation to tender published');
    await this.signOffs.signOff(monitor, { procurementId, stage: ProcurementStage.TENDER_OPEN, decision: SignOffDecision.SIGNED_OFF, reason: '' });

    const bid = (index: number, amount: string, receivedAt: string) =>
      this.tendering.recordBid(authority, { procurementId, bidderId: cast.bidderIds[index], amount, currency: 'KES', receivedAt: new Date(receivedAt) });
    await bid(0, '24850000.00', '2026-09-28T15:20:00Z');
    const lowest = await bid(1, '19900000.00', '2026-09-27T11:05:00Z');
    await advance(ProcurementStage.EVALUATION, 'Bids opened in public on 29 September');
    await this.tendering.disqualifyBid(authority, { bidId: lowest.id, reason: 'Tax compliance certificate expired' });
    const finding = await this.findings.record(monitor, {
      procurementId,
      stage: ProcurementStage.EVALUATION,
      kind: FindingKind.NON_COMPLIANCE,
      severity: FindingSeverity.HIGH,
      title: 'Lowest bid disqualified on a document the bidder was never asked to cure',
      description:
        'The tender documents allow missing certificates to be supplied within 7 days; the evaluation committee disqualified the lowest bid without that request.',
      visibility: FindingVisibility.CONFIDENTIAL,
    });
    await this.findings.respond(authority, {
      findingId: finding.id,
      body: 'The committee applied clause 2.14 strictly; the bidder has been invited to a debriefing.',
    });
    await this.findings.record(monitor, {
      procurementId,
      stage: ProcurementStage.TENDER_OPEN,
      kind: FindingKind.OBSERVATION,
      severity: FindingSeverity.LOW,
      title: 'Bid opening held in public with all bidders present',
      description: 'Bids were opened at the advertised time; prices were read aloud and recorded.',
      visibility: FindingVisibility.PUBLIC,
    });
    await this.signOffs.signOff(monitor, {
      procurementId,
      stage: ProcurementStage.EVALUATION,
      decision: SignOffDecision.OBJECTED,
      reason: 'The lowest bid was disqualified without the cure period the tender documents provide.',
    });
    await this.tendering.recordAward(authority, {
      procurementId,
      supplierId: cast.bidderIds[0],
      amount: '24850000.00',
      currency: 'KES',
      awardedAt: new Date('2026-10-20T08:00:00Z'),
    });
    await advance(ProcurementStage.AWARD, 'Award approved by the accounting officer', cast.bidderIds[0]);
  }

  private async decideAndReport(cast: DemoCast, procurementId: string): Promise<void> {
    const { monitor } = cast;
    // The monitor turns one triggered indicator into a finding and leaves the others open for review.
    const lowestDisqualified = await this.repository.redFlag(this.transactions.reader, procurementId, 'R036');
    await this.redFlags.confirm(monitor, { redFlagId: lowestDisqualified.id, severity: FindingSeverity.HIGH, note: 'Same facts as the evaluation finding.' });

    // The implementer's periodic report up to the award, which makes the findings and the objection public.
    const report = await this.reports.create(cast.implementer, {
      procurementId,
      kind: ReportKind.PERIODIC,
      periodStart: new Date('2026-09-01T00:00:00Z'),
      periodEnd: this.clock.now(),
      templateKey: 'standard',
      language: 'en',
    });
    await this.reports.contribute(monitor, {
      reportId: report.id,
      sectionKey: 'summary',
      body: 'Bid opening was exemplary; the evaluation disqualified the lowest bid without the cure period the tender documents provide, and the award is 18 % above the estimate.',
    });
    await this.reports.approve(cast.implementer, report.id);
    await this.publication.publish(cast.implementer, report.id);
  }
}
