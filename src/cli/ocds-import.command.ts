import { SingleBar } from 'cli-progress';
import { readFile } from 'node:fs/promises';
import { Command, CommandRunner, Option } from 'nest-commander';
import { AuthService } from '../auth/auth.service.js';
import { defineAbilityFor } from '../authorization/ability.factory.js';
import type { Viewer } from '../authorization/viewer.js';
import { DomainError } from '../errors/domain-error.js';
import { OcdsImportService, type ImportSummary } from '../ocds/ocds-import.service.js';
import type { OcdsProblem } from '../ocds/ocds-release.js';
import { parsePackage } from '../ocds/ocds-validation.js';
import { withPlatform } from './platform.js';

interface ImportOptions {
  as?: string;
}

/**
 * Imports an OCDS release or record package. With --as, the import is that user's and their
 * rights apply, as over HTTP. Without it, it is the operator's, who already holds the database
 * credentials: they may import anything, as a platform administrator may, and the audit trail
 * records the entries without an actor. Exit 0 when imported, 1 when refused (invalid package,
 * forbidden, unknown user) with the reasons on standard output.
 */
@Command({ name: 'ocds:import', arguments: '<package.json>', description: 'import an OCDS release or record package' })
export class OcdsImportCommand extends CommandRunner {
  async run([file]: string[], options: ImportOptions): Promise<void> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      console.log(`refused: cannot read ${file}: ${(error as Error).message}`);
      process.exitCode = 1;
      return;
    }
    try {
      const input = parsePackage(text);
      await withPlatform(async (platform) => {
        const viewer = await viewerFor(platform.get(AuthService), options.as);
        printSummary(await importWithProgress(platform.get(OcdsImportService), viewer, input));
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      console.log(`refused: ${error.message}`);
      for (const problem of (error.details.errors as OcdsProblem[] | undefined) ?? []) console.log(`  ${problem.path || '(package)'}: ${problem.message}`);
      process.exitCode = 1;
    }
  }

  @Option({ flags: '--as <email>', description: "import as this user, with that user's rights" })
  parseAs(email: string): string {
    return email;
  }
}

async function importWithProgress(imports: OcdsImportService, viewer: Viewer, input: ReturnType<typeof parsePackage>): Promise<ImportSummary> {
  const bar = new SingleBar({ format: 'importing [{bar}] {value}/{total} releases', hideCursor: true, stream: process.stderr });
  bar.start(0, 0);
  try {
    return await imports.import(viewer, input, {
      via: 'cli',
      onProgress: (done, total) => {
        bar.setTotal(total);
        bar.update(done);
      },
    });
  } finally {
    bar.stop();
  }
}

async function viewerFor(auth: AuthService, email: string | undefined): Promise<Viewer> {
  if (email === undefined) {
    return {
      user: null,
      ability: defineAbilityFor({ id: 'operator', email: '', name: 'operator', platformAdmin: true, memberships: [] }),
      requestId: 'ocds-import-cli',
    };
  }
  const user = await auth.userByEmail(email);
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
