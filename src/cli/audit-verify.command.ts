import { SingleBar } from 'cli-progress';
import { Command, CommandRunner } from 'nest-commander';
import { verifyAuditChain } from '../audit/verify-chain.js';
import { ENTITIES } from '../entities.js';
import { withDataSource } from './platform.js';

/** Exit 0 when the audit chain is whole; 1 naming the first entry that was changed. */
@Command({ name: 'audit:verify', description: 'recompute the audit trail hash chain and report the first broken entry' })
export class AuditVerifyCommand extends CommandRunner {
  async run(): Promise<void> {
    await withDataSource(ENTITIES, async (db) => {
      const bar = new SingleBar({ format: 'verifying audit chain [{bar}] {value}/{total} entries', hideCursor: true, stream: process.stderr });
      bar.start(0, 0);
      const report = await verifyAuditChain(db, (checked, total) => {
        bar.setTotal(total);
        bar.update(checked);
      }).finally(() => bar.stop());
      if (report.firstBroken) {
        console.log(`BROKEN at entry ${report.firstBroken.seq}: ${report.firstBroken.problem} (${report.checked} entries before it are intact)`);
        process.exitCode = 1;
      } else {
        console.log(`audit chain intact: ${report.checked} entries verified`);
      }
    });
  }
}
