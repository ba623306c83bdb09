/**
 * How long the pact PDF takes to stream, for a pact long enough to stand for the worst
 * real case (20+ pages, several signatories).
 *
 *   node --import @swc-node/register/esm-register bench/pact-pdf.bench.ts [--runs 30]
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import Handlebars from 'handlebars';
import { parse } from 'yaml';
import { renderPactPdf, type PactPdfClause, type PactPdfContent, type PactPdfSignature } from '../src/signatures/pact-pdf.js';
import { pdfPageTexts } from '../src/pdf/pdf-text.js';

const MIN_PAGES = 20;
const WARM_UP_RUNS = 5;
/** What the process holds before any rendering: Node, the swc loader and the imported modules. */
const RSS_BEFORE_MB = process.resourceUsage().maxRSS / 1024;

interface PactTemplate {
  title: string;
  labels: Record<string, string>;
  clauses: PactPdfClause[];
}

const SAMPLE = {
  procurement: {
    reference: 'MOH/T/2025/014',
    title: 'Supply, installation and commissioning of diagnostic laboratory equipment',
    description: 'Laboratory analysers, cold-chain storage and five years of maintenance for twelve county referral hospitals.',
    estimatedValue: '48,500,000',
    currency: 'KES',
    tenderPeriodStart: '2025-04-01',
    tenderPeriodEnd: '2025-05-15',
  },
  authority: { name: 'Ministry of Health' },
  monitor: { name: 'Amina Odhiambo' },
  implementer: { name: 'Transparency International Kenya' },
};

type Signatory = Pick<PactPdfSignature, 'party' | 'organisationName' | 'signerName' | 'signerTitle' | 'superseded'>;

const SIGNATORIES: Signatory[] = [
  { party: 'AUTHORITY', organisationName: 'Ministry of Health', signerName: 'Peter Kamau', signerTitle: 'Head of Supply Chain Management', superseded: false },
  { party: 'BIDDER', organisationName: 'Nairobi Scientific Supplies Ltd', signerName: 'Grace Wanjiru', signerTitle: 'Managing Director', superseded: true },
  { party: 'BIDDER', organisationName: 'Nairobi Scientific Supplies Ltd', signerName: 'Grace Wanjiru', signerTitle: 'Managing Director', superseded: false },
  { party: 'BIDDER', organisationName: 'Rift Valley Medical Systems', signerName: 'Samuel Otieno', signerTitle: 'Chief Executive Officer', superseded: false },
  {
    party: 'BIDDER',
    organisationName: 'Lakeside Diagnostics and Engineering Company Limited',
    signerName: 'Fatuma Hassan',
    signerTitle: 'Company Secretary',
    superseded: false,
  },
];

const SIGNATURES: PactPdfSignature[] = SIGNATORIES.map((signatory, index) => ({
  ...signatory,
  id: `8d0f6a2c-4b1e-4f7a-9c3d-${String(index + 1).padStart(12, '0')}`,
  consentStatement:
    `I, ${signatory.signerName}, confirm that I am authorised to bind ${signatory.organisationName} and that it accepts ` +
    `every commitment of this Integrity Pact, version 2, for procurement ${SAMPLE.procurement.reference}.`,
  signedAt: new Date(Date.UTC(2025, 2, 20 + index, 9, 30 + index)),
}));

async function pactContent(copies: number): Promise<PactPdfContent> {
  const template = parse(await readFile(new URL('../templates/pacts/standard.en.yaml', import.meta.url), 'utf8')) as PactTemplate;
  const fill = (source: string): string => Handlebars.compile(source, { strict: false, noEscape: true })(SAMPLE);
  const clauses = Array.from({ length: copies }, (_, copy) =>
    template.clauses.map((clause) => ({
      key: copies === 1 ? clause.key : `${clause.key}-${copy + 1}`,
      heading: fill(clause.heading),
      body: fill(clause.body),
    })),
  ).flat();
  return {
    labels: template.labels,
    procurement: { reference: SAMPLE.procurement.reference, title: SAMPLE.procurement.title, authorityName: SAMPLE.authority.name },
    version: {
      number: 2,
      title: fill(template.title),
      language: 'en',
      publishedAt: new Date('2025-03-18T08:00:00Z'),
      contentHash: createHash('sha256').update(JSON.stringify(clauses)).digest('hex'),
    },
    clauses,
    signatures: SIGNATURES,
  };
}

/**
 * Reads the page count from the PDF's page tree. Asking pdf-parse instead would load pdf.js
 * into this process before the runs and swamp the peak RSS being measured; it is used once
 * afterwards to confirm the count.
 */
function pageCount(pdf: Buffer): number {
  const count = /\/Type \/Pages\s+\/Count (\d+)/.exec(pdf.toString('latin1'));
  if (!count) throw new Error('no page tree found in the rendered PDF');
  return Number(count[1]);
}

async function toBuffer(content: PactPdfContent): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await renderPactPdf(content)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Renders into a sink that drops the bytes, as an HTTP response would take them away. */
async function timedRender(content: PactPdfContent): Promise<number> {
  const started = performance.now();
  await pipeline(
    await renderPactPdf(content),
    new Writable({
      write(_chunk, _encoding, done) {
        done();
      },
    }),
  );
  return performance.now() - started;
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '30' } } });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got "${values.runs}"`);

  let copies = 1;
  let content = await pactContent(copies);
  let pdf = await toBuffer(content);
  while (pageCount(pdf) < MIN_PAGES) {
    copies += 1;
    content = await pactContent(copies);
    pdf = await toBuffer(content);
  }

  for (let run = 0; run < WARM_UP_RUNS; run += 1) await timedRender(content);
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) times.push(await timedRender(content));
  times.sort((a, b) => a - b);
  const peakRssMb = process.resourceUsage().maxRSS / 1024;

  const pages = pageCount(pdf);
  const extracted = await pdfPageTexts(pdf);
  if (extracted.length !== pages) throw new Error(`page tree says ${pages} pages, pdf-parse found ${extracted.length}`);

  const ms = (value: number): string => `${value.toFixed(1)} ms`;
  console.log(`clauses:   ${content.clauses.length} (${copies} copies of the standard template), signatures: ${content.signatures.length}`);
  console.log(`pages:     ${pages}`);
  console.log(`bytes:     ${pdf.length}`);
  console.log(`median:    ${ms(percentile(times, 0.5))}`);
  console.log(`p95:       ${ms(percentile(times, 0.95))}`);
  console.log(`max:       ${ms(times[times.length - 1])}`);
  console.log(`peak RSS:  ${peakRssMb.toFixed(0)} MB (${RSS_BEFORE_MB.toFixed(0)} MB before the first render)`);
  console.log(
    `pact PDF: ${pages} pages, ${Math.round(pdf.length / 1024)} kB, median ${ms(percentile(times, 0.5))}, ` +
      `p95 ${ms(percentile(times, 0.95))}, max ${ms(times[times.length - 1])} (${runs} runs), peak RSS ${peakRssMb.toFixed(0)} MB`,
  );
}

await main();
