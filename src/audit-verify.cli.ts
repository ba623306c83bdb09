import 'reflect-metadata';
import { SingleBar } from 'cli-progress';
import { DataSource } from 'typeorm';
import { loadConfig } from './config/app-config.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { openDatabaseServer } from './database/database-server.js';
import { verifyAuditChain } from './audit/verify-chain.js';
import { ENTITIES } from './entities.js';

/** `npm run audit:verify`: exit 0 when the chain is whole, 1 naming the first broken entry. */
const server = await openDatabaseServer(loadConfig(), (line) => console.error(line));
const db = new DataSource(dataSourceOptions(server.url, ENTITIES));
const bar = new SingleBar({ format: 'verifying audit chain [{bar}] {value}/{total} entries', hideCursor: true, stream: process.stderr });
let exitCode = 0;
try {
  await db.initialize();
  bar.start(0, 0);
  const report = await verifyAuditChain(db, (checked, total) => {
    bar.setTotal(total);
    bar.update(checked);
  });
  bar.stop();
  if (report.firstBroken) {
    console.log(`BROKEN at entry ${report.firstBroken.seq}: ${report.firstBroken.problem} (${report.checked} entries before it are intact)`);
    exitCode = 1;
  } else {
    console.log(`audit chain intact: ${report.checked} entries verified`);
  }
} finally {
  await db.destroy();
  await server.stop();
}
process.exit(exitCode);
