import { writeFile } from 'node:fs/promises';
import { Command, CommandRunner, Option } from 'nest-commander';
import { OcdsExportService } from '../ocds/ocds-export.service.js';
import { withPlatform } from './platform.js';

interface ExportOptions {
  baseUrl?: string;
}

/** Writes the public registry as an OCDS record package, the same one `GET /ocds/record-package.json` serves. */
@Command({ name: 'ocds:export', arguments: '<out.json>', description: 'write the public registry as an OCDS record package' })
export class OcdsExportCommand extends CommandRunner {
  async run([out]: string[], options: ExportOptions): Promise<void> {
    await withPlatform(async (platform, config) => {
      const baseUrl = (options.baseUrl ?? `http://localhost:${config.port}`).replace(/\/+$/, '');
      const recordPackage = await platform.get(OcdsExportService).recordPackage(baseUrl);
      await writeFile(out, `${JSON.stringify(recordPackage, null, 2)}\n`);
      console.log(`wrote ${recordPackage.records.length} record(s) to ${out}`);
    });
  }

  @Option({
    flags: '--base-url <url>',
    description: 'the address the platform is reached at, for the absolute URLs in the package (default http://localhost:<PORT>)',
  })
  parseBaseUrl(url: string): string {
    return url;
  }
}
