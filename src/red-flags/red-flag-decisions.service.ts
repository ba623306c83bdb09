import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { actorId } from '../authorization/require.js';
import type { Viewer } from '../authorization/viewer.js';
import { ClockService } from '../clock/clock.service.js';
import { TransactionService } from '../database/transaction.service.js';
import { notFound } from '../errors/domain-error.js';
import { FindingsService } from '../findings/findings.service.js';
import { FindingKind } from '../findings/finding.entity.js';
import { ProcurementAccessService } from '../procurements/procurement-access.service.js';
import { INDICATOR_BY_CODE, type Indicator } from './indicators.js';
import { pageOf, type Page, type PageInput } from '../pagination/page.js';
import type { ConfirmRedFlagInput } from './inputs/confirm-red-flag.input.js';
import type { DismissRedFlagInput } from './inputs/dismiss-red-flag.input.js';
import { assertDecidable, findingFromFlag } from './red-flag-decisions.js';
import { RedFlagStatus, type RedFlag } from './red-flag.entity.js';
import { RedFlagsRepository, type WaitingFlag } from './red-flags.repository.js';
import { noMonitorAssigned } from './red-flags.errors.js';

/** The assigned monitor's judgement on a raised flag: a finding to pursue, or a false alarm and why. */
@Injectable()
export class RedFlagDecisionsService {
  constructor(
    private readonly transactions: TransactionService,
    private readonly repository: RedFlagsRepository,
    private readonly access: ProcurementAccessService,
    private readonly findings: FindingsService,
    private readonly audit: AuditService,
    private readonly clock: ClockService,
  ) {}

  async confirm(viewer: Viewer, input: ConfirmRedFlagInput): Promise<RedFlag> {
    await this.requireDecider(viewer, input.redFlagId);
    return this.transactions.run(async (tx) => {
      const flag = await this.repository.lockForDecision(tx, input.redFlagId);
      assertDecidable(flag);
      const procurement = await this.repository.procurement(tx, flag.procurementId);
      if (!procurement.monitorId) throw noMonitorAssigned();
      const finding = await this.findings.recordWithin(tx, viewer, {
        kind: FindingKind.RED_FLAG,
        ...findingFromFlag(flag, INDICATOR_BY_CODE.get(flag.code), input.note),
        procurementId: procurement.id,
        stage: procurement.stage,
        severity: input.severity,
        redFlagId: flag.id,
        monitorId: procurement.monitorId,
      });
      Object.assign(flag, { status: RedFlagStatus.CONFIRMED, decidedBy: actorId(viewer), decidedAt: this.clock.now(), findingId: finding.id });
      await this.repository.save(tx, flag);
      await this.audit.append(tx, {
        actorId: actorId(viewer),
        action: 'red_flag.confirmed',
        subjectType: 'RedFlag',
        subjectId: flag.id,
        procurementId: flag.procurementId,
        data: { code: flag.code, severity: input.severity, findingId: finding.id, evidence: flag.evidence },
      });
      return flag;
    });
  }

  async dismiss(viewer: Viewer, input: DismissRedFlagInput): Promise<RedFlag> {
    await this.requireDecider(viewer, input.redFlagId);
    return this.transactions.run(async (tx) => {
      const flag = await this.repository.lockForDecision(tx, input.redFlagId);
      assertDecidable(flag);
      Object.assign(flag, { status: RedFlagStatus.DISMISSED, decidedBy: actorId(viewer), decidedAt: this.clock.now(), dismissalReason: input.reason.trim() });
      await this.repository.save(tx, flag);
      await this.audit.append(tx, {
        actorId: actorId(viewer),
        action: 'red_flag.dismissed',
        subjectType: 'RedFlag',
        subjectId: flag.id,
        procurementId: flag.procurementId,
        data: { code: flag.code, reason: flag.dismissalReason, evidence: flag.evidence },
      });
      return flag;
    });
  }

  /** Raised flags waiting for the viewer's decision, oldest first. */
  async waiting(viewer: Viewer, page: PageInput): Promise<Page<WaitingFlag>> {
    const [items, total] = await this.repository.waitingPage(this.transactions.reader, viewer.ability, page);
    return pageOf(items, total, page);
  }

  /** A flag the viewer may decide on, with its indicator and procurement, for the page that decides it. */
  async toDecide(viewer: Viewer, redFlagId: string): Promise<{ flag: RedFlag; reference: string; procurementTitle: string; indicator: Indicator | null }> {
    await this.requireDecider(viewer, redFlagId);
    const found = (await this.repository.flagWithProcurement(this.transactions.reader, redFlagId))!;
    return { ...found, indicator: INDICATOR_BY_CODE.get(found.flag.code) ?? null };
  }

  private async requireDecider(viewer: Viewer, redFlagId: string): Promise<void> {
    const procurementId = await this.repository.procurementIdOf(this.transactions.reader, redFlagId);
    if (!procurementId) throw notFound('RedFlag', redFlagId);
    await this.access.require(viewer, 'decide', 'RedFlag', procurementId);
  }
}
