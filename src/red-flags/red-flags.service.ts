import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AuditService, type AuditRecord } from '../audit/audit.service.js';
import { actorId, requireAbility } from '../authorization/require.js';
import type { Viewer } from '../authorization/viewer.js';
import { ClockService } from '../clock/clock.service.js';
import { TransactionService } from '../database/transaction.service.js';
import { ProcurementFactsChanged } from '../events/procurement-events.service.js';
import { groupBy } from '../graphql/loaders.js';
import { INDICATORS, INDICATOR_BY_CODE, WHOLE_UNITS, evaluateIndicator, type Indicator, type IndicatorResult } from './indicators.js';
import type { UpdateRedFlagSettingInput } from './inputs/update-red-flag-setting.input.js';
import { afterRecompute } from './red-flag-decisions.js';
import type { RedFlagIndicator } from './red-flag-indicator.js';
import type { RedFlagSetting } from './red-flag-setting.entity.js';
import type { RedFlag } from './red-flag.entity.js';
import { RedFlagsRepository } from './red-flags.repository.js';
import { takesNoThreshold, wholeThresholdNeeded } from './red-flags.errors.js';

const DISABLED: IndicatorResult = { triggered: false, evidence: { disabled: true } };

@Injectable()
export class RedFlagsService {
  constructor(
    private readonly transactions: TransactionService,
    private readonly repository: RedFlagsRepository,
    private readonly audit: AuditService,
    private readonly clock: ClockService,
  ) {}

  /** Writers announce their change (ProcurementEventsService) and wait for this, in their transaction. */
  @OnEvent(ProcurementFactsChanged.event, { suppressErrors: false })
  async onFactsChanged(event: ProcurementFactsChanged): Promise<void> {
    await this.recompute(event.manager, event.procurementId);
  }

  /**
   * Recomputes every indicator of one procurement from its current data, inside the caller's
   * transaction. Called, through ProcurementFactsChanged, by whatever changes the data indicators read. Call it before appending
   * the change's audit entry (and, when a transaction changes several procurements, recompute
   * them all before any audit entry): the audit chain's lock must be the last lock a transaction
   * takes, or a monitor deciding on a flag at the same moment could deadlock with it.
   */
  async recompute(manager: EntityManager, procurementId: string): Promise<void> {
    if (!manager.queryRunner?.isTransactionActive) throw new Error('red flags are recomputed inside the transaction of the change');
    const reopened = await this.recomputeWith(manager, procurementId, await this.settings(manager));
    await this.auditReopened(manager, reopened);
  }

  /** Writes the flags of one procurement; returns those a monitor had decided on and the data raised again. */
  private async recomputeWith(manager: EntityManager, procurementId: string, settings: Map<string, RedFlagSetting>): Promise<AuditRecord[]> {
    await this.repository.lockRecomputation(manager, procurementId);
    const previous = new Map((await this.repository.lockFlagsOf(manager, procurementId)).map((flag) => [flag.code, flag]));
    const computedAt = this.clock.now();
    const facts = await this.repository.factsOf(manager, procurementId, computedAt);
    const outcomes = INDICATORS.map((indicator) => {
      const setting = settings.get(indicator.code);
      const threshold = thresholdInForce(indicator, setting);
      const result = setting?.enabled === false ? DISABLED : evaluateIndicator(indicator, facts, threshold);
      const before = previous.get(indicator.code);
      const { reopened, ...decision } = afterRecompute(before, result.triggered);
      return {
        before,
        reopened,
        row: { procurementId, code: indicator.code, triggered: result.triggered, evidence: result.evidence, threshold, computedAt, ...decision },
      };
    });
    await this.repository.writeFlags(
      manager,
      outcomes.map((o) => o.row),
    );
    return outcomes.flatMap(({ before, reopened, row }) =>
      reopened && before
        ? [
            {
              // No one acted on the flag itself: the change that raised it again is audited by its caller.
              actorId: null,
              action: 'red_flag.reopened',
              subjectType: 'RedFlag',
              subjectId: before.id,
              procurementId,
              data: { code: row.code, previousStatus: before.status, previousFindingId: before.findingId, evidence: row.evidence },
            },
          ]
        : [],
    );
  }

  private async auditReopened(manager: EntityManager, reopened: AuditRecord[]): Promise<void> {
    for (const record of reopened) await this.audit.append(manager, record);
  }

  /** Every indicator with the threshold and switch in force. */
  async indicators(manager: EntityManager = this.transactions.reader): Promise<RedFlagIndicator[]> {
    const settings = await this.settings(manager);
    return INDICATORS.map((indicator) => indicatorView(indicator, settings.get(indicator.code)));
  }

  async indicatorsByCode(): Promise<Map<string, RedFlagIndicator>> {
    return new Map((await this.indicators()).map((view) => [view.code, view]));
  }

  /** Red flags of many procurements at once, for the monitor and implementer watching them. */
  async flagsOf(viewer: Viewer, procurementIds: readonly string[]): Promise<Map<string, RedFlag[]>> {
    const rows = await this.repository.visibleFlagsOf(this.transactions.reader, viewer.ability, procurementIds);
    return groupBy(rows, (row) => row.procurementId);
  }

  /**
   * Changes an indicator's threshold or switches it on or off, platform-wide, and recomputes
   * the flags of every procurement not yet closed so that what monitors see follows at once;
   * closed procurements keep the flags (and thresholds) they were closed with.
   */
  async updateSetting(viewer: Viewer, input: UpdateRedFlagSettingInput): Promise<RedFlagIndicator> {
    requireAbility(viewer, 'update', 'RedFlagSetting', { code: input.code });
    const indicator = INDICATOR_BY_CODE.get(input.code)!;
    if (input.threshold !== undefined && input.threshold !== null) {
      if (indicator.thresholdUnit === null) throw takesNoThreshold(indicator.code);
      if (WHOLE_UNITS.has(indicator.thresholdUnit) && !Number.isInteger(input.threshold)) throw wholeThresholdNeeded(indicator.thresholdUnit);
    }
    return this.transactions.run(async (tx) => {
      const before = await this.repository.lockSetting(tx, indicator.code);
      const threshold = input.threshold === undefined ? (before?.threshold ?? null) : input.threshold;
      const enabled = input.enabled ?? before?.enabled ?? true;
      await this.repository.saveSetting(tx, { code: indicator.code, threshold, enabled, updatedBy: actorId(viewer), updatedAt: this.clock.now() });
      const settings = await this.settings(tx);
      const open = await this.repository.openProcurementIds(tx);
      const reopened: AuditRecord[] = [];
      for (const id of open) reopened.push(...(await this.recomputeWith(tx, id, settings)));
      await this.auditReopened(tx, reopened);
      await this.audit.append(tx, {
        actorId: actorId(viewer),
        action: 'red_flag_setting.updated',
        subjectType: 'RedFlagSetting',
        subjectId: settingSubjectId(indicator.code),
        data: {
          code: indicator.code,
          threshold: { from: before?.threshold ?? null, to: threshold },
          enabled: { from: before?.enabled ?? true, to: enabled },
          recomputedProcurements: open.length,
        },
      });
      return indicatorView(indicator, settings.get(indicator.code));
    });
  }

  private async settings(manager: EntityManager): Promise<Map<string, RedFlagSetting>> {
    return new Map((await this.repository.settings(manager)).map((s) => [s.code, s]));
  }
}

function thresholdInForce(indicator: Indicator, setting: RedFlagSetting | undefined): number | null {
  return indicator.thresholdUnit === null ? null : (setting?.threshold ?? indicator.defaultThreshold);
}

function indicatorView(indicator: Indicator, setting: RedFlagSetting | undefined): RedFlagIndicator {
  return {
    code: indicator.code,
    title: indicator.title,
    definition: indicator.definition,
    defaultThreshold: indicator.defaultThreshold,
    threshold: thresholdInForce(indicator, setting),
    thresholdUnit: indicator.thresholdUnit,
    enabled: setting?.enabled ?? true,
  };
}

/**
 * Settings are keyed by indicator code but audit subjects are uuids: a name-based uuid
 * (version 5 layout over SHA-1) stands for the code, the same every time, so the history of
 * one indicator's setting is one subject in the audit trail.
 */
export function settingSubjectId(code: string): string {
  const hash = createHash('sha1').update('pactwatch:red-flag-setting:').update(code).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
