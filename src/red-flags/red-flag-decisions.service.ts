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
import { INDICATOR_BY_CODE } from './indicators.js';
import type { ConfirmRedFlagInput } from './inputs/confirm-red-flag.input.js';
import type { DismissRedFlagInput } from './inputs/dismiss-red-flag.input.js';
import { assertDecidable, findingFromFlag } from './red-flag-decisions.js';
import { RedFlagStatus, type RedFlag } from './red-flag.entity.js';
import { RedFlagsRepository } from './red-flags.repository.js';
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

  private async requireDecider(viewer: Viewer, redFlagId: string): Promise<void> {
    const procurementId = await this.repository.procurementIdOf(this.transactions.reader, redFlagId);
    if (!procurementId) throw notFound('RedFlag', redFlagId);
    await this.access.require(viewer, 'decide', 'RedFlag', procurementId);
  }
}
