import 'reflect-metadata';
import { SingleBar } from 'cli-progress';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { User } from './accounts/user.entity.js';
import { AuthService } from './auth/auth.service.js';
import { defineAbilityFor } from './authorization/ability.factory.js';
import type { Viewer } from './authorization/viewer.js';
import { DomainError } from './errors/domain-error.js';
import { withPlatform } from './cli-platform.js';
import { OcdsImportService, type ImportSummary } from './ocds/ocds-import.service.js';
import type { OcdsProblem } from './ocds/ocds-release.js';
import { parsePackage } from './ocds/ocds-validation.js';

/**
 * `npm run ocds:import -- <package.json> [--as <email>]`: imports an OCDS release or record
 * package. With --as, the import is that user's and their rights apply, as over HTTP. Without
 * it, it is the operator's, who already holds the database credentials: they may import anything,
 * as a platform administrator may, and the audit trail records the entries without an actor.
 * Exit code 0 when imported, 1 when refused (invalid package, forbidden, unknown user) with the
 * reasons on standard output.
 */
const USAGE = 'usage: npm run ocds:import -- <package.json> [--as <email>]';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { as: { type: 'string' } } });
if (positionals.length !== 1) {
  console.error(USAGE);
  process.exit(1);
}

const text = await readFile(positionals[0], 'utf8').catch((error: Error) => {
  console.log(`refused: cannot read ${positionals[0]}: ${error.message}`);
  process.exit(1);
});

let exitCode = 0;
try {
  const input = parsePackage(text);
  await withPlatform(async (platform) => {
    const imports = platform.get(OcdsImportService);
    const viewer = await viewerFor(platform.get(DataSource), platform.get(AuthService), values.as);
    const bar = new SingleBar({ format: 'importing [{bar}] {value}/{total} releases', hideCursor: true, stream: process.stderr });
    bar.start(0, 0);
    try {
      printSummary(await imports.import(viewer, input, {
        via: 'cli',
        onProgress: (done, total) => {
          bar.setTotal(total);
          bar.update(done);
        },
      }));
    } finally {
      bar.stop();
    }
  });
} catch (error) {
  if (!(error instanceof DomainError)) throw error;
  console.log(`refused: ${error.message}`);
  for (const problem of (error.details.errors as OcdsProblem[] | undefined) ?? []) console.log(`  ${problem.path || '(package)'}: ${problem.message}`);
  exitCode = 1;
}
process.exit(exitCode);

async function viewerFor(db: DataSource, auth: AuthService, email: string | undefined): Promise<Viewer> {
  if (email === undefined) {
    return { user: null, ability: defineAbilityFor({ id: 'operator', email: '', name: 'operator', platformAdmin: true, memberships: [] }), requestId: 'ocds-import-cli' };
  }
  const found = await db.getRepository(User).createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email }).getOne();
  const user = found && (await auth.loadUser(found.id));
  if (!user) throw new DomainError('NOT_FOUND', 'USER_NOT_FOUND', `No account has the email ${email}`);
  return { user, ability: defineAbilityFor(user), requestId: 'ocds-import-cli' };
}

function printSummary(summary: ImportSummary): void {
  const { counts } = summary;
  console.log(
    `imported ${counts.procurements} procurement(s) from ${counts.releases} release(s): ${counts.created} created, ${counts.updated} updated, ` +
      `${counts.unchanged} unchanged; ${counts.organisationsCreated} organisation(s) created`,
  );
  for (const p of summary.procurements) console.log(`  ${p.status.padEnd(9)} ${p.ocid}  ${p.id}`);
  console.log(`  ${counts.bids} bid(s), ${counts.awards} award(s), ${counts.contracts} contract(s), ${counts.amendments} amendment(s)`);
  for (const skipped of summary.skipped) console.log(`  skipped ${skipped.path}: ${skipped.reason}`);
}
