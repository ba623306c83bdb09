import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { withPlatform } from './cli-platform.js';
import { OcdsExportService } from './ocds/ocds-export.service.js';

/**
 * `npm run ocds:export -- <out.json> [--base-url <url>]`: writes the public registry as an OCDS
 * record package, the same one `GET /ocds/record-package.json` serves. --base-url is the address
 * the platform is reached at, for the absolute URLs in the package (default http://localhost:<PORT>).
 */
const { positionals, values } = parseArgs({ allowPositionals: true, options: { 'base-url': { type: 'string' } } });
if (positionals.length !== 1) {
  console.error('usage: npm run ocds:export -- <out.json> [--base-url <url>]');
  process.exit(1);
}

await withPlatform(async (platform, config) => {
  const baseUrl = (values['base-url'] ?? `http://localhost:${config.port}`).replace(/\/+$/, '');
  const recordPackage = await platform.get(OcdsExportService).recordPackage(baseUrl);
  await writeFile(positionals[0], `${JSON.stringify(recordPackage, null, 2)}\n`);
  console.log(`wrote ${recordPackage.records.length} record(s) to ${positionals[0]}`);
});
process.exit(0);
