import { SingleBar } from 'cli-progress';
import { Command, CommandRunner, Option } from 'nest-commander';
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyAuditChain } from '../audit/verify-chain.js';
import { verifyAuditTree } from '../checkpoints/verify-log.js';
import { loadConfig, type AppConfig } from '../config/app-config.js';
import { ENTITIES } from '../entities.js';
import { withDataSource } from './platform.js';

interface VerifyOptions {
  checkpoint?: string[];
  publicKey?: string;
}

/**
 * Exit 0 when the hash chain is whole and the Merkle tree rebuilt from the entries matches every
 * signed checkpoint (stored, and given with --checkpoint); 1 naming what differs.
 */
@Command({
  name: 'audit:verify',
  description: 'recompute the audit trail hash chain and Merkle tree, check them against every signed checkpoint, and report what differs',
})
export class AuditVerifyCommand extends CommandRunner {
  async run(_: string[], options: VerifyOptions): Promise<void> {
    const config = loadConfig();
    const publicKey = options.publicKey ? createPublicKey(readFileSync(options.publicKey, 'utf8')) : platformPublicKey(config);
    const given = (options.checkpoint ?? []).map((file) => ({ source: `checkpoint file ${file}`, note: readFileSync(file, 'utf8') }));
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
      const tree = await verifyAuditTree(db, config.checkpoints.origin, publicKey, given);
      for (const problem of tree.problems) console.log(`CHECKPOINT MISMATCH: ${problem}`);
      if (tree.problems.length) process.exitCode = 1;
      else console.log(`audit tree matches ${tree.checkpoints} signed checkpoint(s) over ${tree.entries} entries`);
    });
  }

  @Option({ flags: '--checkpoint <file>', description: 'also check a checkpoint kept outside the database (a witness copy, one from a PDF); repeatable' })
  parseCheckpoint(file: string, previous: string[] = []): string[] {
    return [...previous, file];
  }

  @Option({
    flags: '--public-key <file>',
    description: 'the platform public key (PEM) to check signatures with (default: derived from SIGNING_KEY or the data folder)',
  })
  parsePublicKey(file: string): string {
    return file;
  }
}

/** The key the platform signs with, as the server finds it; without one nothing can have been signed. */
function platformPublicKey(config: AppConfig): KeyObject {
  const file = join(config.dataDir, 'signing-key');
  const secret = config.signingKey ?? (existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined);
  if (!secret) throw new Error('no signing key: set SIGNING_KEY or give --public-key');
  return createPublicKey(createPrivateKey({ key: Buffer.from(secret, 'base64'), format: 'der', type: 'pkcs8' }));
}
