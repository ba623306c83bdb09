import { Injectable } from '@nestjs/common';
import type { Viewer } from '../authorization/viewer.js';
import type { MonitoredProcurement } from '../findings/findings.repository.js';
import { FindingsService } from '../findings/findings.service.js';
import type { Page } from '../pagination/page.js';
import { RedFlagDecisionsService } from '../red-flags/red-flag-decisions.service.js';
import type { WaitingFlag } from '../red-flags/red-flags.repository.js';
import type { WaitingStage } from '../sign-offs/sign-offs.repository.js';
import { SignOffsService } from '../sign-offs/sign-offs.service.js';

export interface MonitorHome {
  procurements: Page<MonitoredProcurement>;
  redFlags: Page<WaitingFlag>;
  stages: Page<WaitingStage>;
}

/** How many flags and stages the home lists; the rest wait on the procurements' pages and the next visits. */
const WAITING_SHOWN = 10;

/**
 * The monitor's part of the workspace home: its procurements, the raised flags waiting for its
 * decision, the stages waiting for its sign-off. Each list is what the CASL rules let the viewer
 * act on, filtered in SQL; three queries whatever their length.
 */
@Injectable()
export class MonitorWorkspaceService {
  constructor(
    private readonly findings: FindingsService,
    private readonly redFlags: RedFlagDecisionsService,
    private readonly signOffs: SignOffsService,
  ) {}

  /** Null for a viewer the rules give no monitor's work (deciding on red flags is the monitor's alone). */
  async home(viewer: Viewer, page: { limit: number; offset: number }): Promise<MonitorHome | null> {
    if (!viewer.ability.can('decide', 'RedFlag')) return null;
    const first = { limit: WAITING_SHOWN, offset: 0 };
    const [procurements, redFlags, stages] = await Promise.all([
      this.findings.monitoredProcurements(viewer, page),
      this.redFlags.waiting(viewer, first),
      this.signOffs.waiting(viewer, first),
    ]);
    return { procurements, redFlags, stages };
  }
}
