/**
 * How long a published monitoring report over 1,000 findings, each answered by the
 * authority (some twice, a tenth not at all), takes to stream as PDF, and the memory it
 * takes.
 *
 *   node --import @swc-node/register/esm-register bench/report-pdf.bench.ts [--runs 20] [--findings 1000] [--out report.pdf]
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { renderReportPdf, type ReportPdfInput } from '../src/reports/report-pdf.js';
import { STAGE_ORDER } from '../src/procurements/procurement-stage.js';
import { ReportKind } from '../src/reports/monitoring-report.entity.js';
import { assembleReportContent, canonicalReportContent, type ReportFacts } from '../src/reports/report-content.js';
import { parseReportTemplate } from '../src/reports/report-templates.service.js';
import { fillPlaceholders } from '../src/templates/text-templates.js';

const WARM_UP_RUNS = 3;
/** What the process holds before any rendering: Node, the swc loader and the imported modules. */
const RSS_BEFORE_MB = process.resourceUsage().maxRSS / 1024;

const KINDS = ['OBSERVATION', 'RED_FLAG', 'NON_COMPLIANCE', 'RECOMMENDATION'];
const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
const STATUSES = ['OPEN', 'ANSWERED', 'RESOLVED', 'ESCALATED'];
const START = Date.UTC(2026, 0, 5, 8);
const HOUR = 3_600_000;

/** A fixed pseudo-random sequence, so every run renders the same report. */
function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

async function reportInput(findingCount: number): Promise<ReportPdfInput> {
  const template = parseReportTemplate('standard.en.yaml', await readFile(new URL('../templates/reports/standard.en.yaml', import.meta.url), 'utf8'));
  const values = {
    procurement: {
      reference: 'TCG/HLTH/2026/014',
      title: 'Supply of essential medicines to county health facilities',
      description: 'Framework contract for essential medicines.',
      stage: 'IMPLEMENTATION',
    },
    authority: { name: 'County Government of Turkana' },
    monitor: { name: 'Independent Procurement Monitors Ltd' },
    implementer: { name: 'Lake Region Integrity Network' },
    report: { final: true, periodStart: '', periodEnd: '' },
  };
  const random = sequence(42);
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)];
  const findings: ReportFacts['findings'] = [];
  const responses: ReportFacts['responses'] = [];
  for (let index = 0; index < findingCount; index += 1) {
    const createdAt = new Date(START + index * 7 * HOUR);
    const id = `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
    findings.push({
      id,
      stage: STAGE_ORDER[Math.min(STAGE_ORDER.length - 1, Math.floor((index / findingCount) * STAGE_ORDER.length))],
      kind: pick(KINDS),
      severity: pick(SEVERITIES),
      status: pick(STATUSES),
      title: `Evaluation committee minutes for lot ${index + 1} were not signed by every member present`,
      description:
        'The monitor attended the session and compared the attendance register with the signatures on the minutes; two members who ' +
        'took part in scoring did not sign, and the scores they gave cannot be traced to them.',
      createdAt,
    });
    if (random() < 0.1) continue;
    const answers = random() < 0.3 ? 2 : 1;
    for (let answer = 0; answer < answers; answer += 1) {
      responses.push({
        findingId: id,
        body: 'The authority has asked the committee members concerned to sign the minutes and will publish the signed copy on its tender portal.',
        createdAt: new Date(createdAt.getTime() + (1 + random() * 900 + answer * 48) * HOUR),
      });
    }
  }
  const content = assembleReportContent({
    report: {
      id: 'bench',
      kind: ReportKind.FINAL,
      title: fillPlaceholders(template.title, values),
      language: 'en',
      templateKey: 'standard',
      periodStart: null,
      periodEnd: null,
      sections: template.sections.map((s) => ({ key: s.key, heading: fillPlaceholders(s.heading, values), body: fillPlaceholders(s.body, values) })),
    },
    publishedAt: new Date('2027-06-30T10:00:00Z'),
    procurement: {
      id: 'p',
      reference: values.procurement.reference,
      title: values.procurement.title,
      ocid: null,
      stage: STAGE_ORDER[6],
      authority: values.authority.name,
      monitor: values.monitor.name,
      implementer: values.implementer.name,
    },
    timeline: STAGE_ORDER.slice(1, 7).map((stage, index) => ({
      fromStage: STAGE_ORDER[index],
      toStage: stage,
      occurredAt: new Date(START + index * 30 * 24 * HOUR),
      note: `Moved to ${stage}`,
    })),
    contributions: [{ sectionKey: 'summary', body: 'The monitor attended every evaluation session.', createdAt: new Date('2027-06-20T10:00:00Z') }],
    findings,
    responses,
    signOffs: STAGE_ORDER.slice(1, 7).map((stage, index) => ({
      id: `s${index}`,
      stage,
      decision: index === 3 ? 'OBJECTED' : 'SIGNED_OFF',
      reason: index === 3 ? 'Minutes unsigned.' : '',
      createdAt: new Date(START + index * 30 * 24 * HOUR),
    })),
    signatories: {
      pactVersion: 2,
      pactContentHash: 'a'.repeat(64),
      signatures: ['County Government of Turkana', 'Lodwar Medical Supplies Ltd', 'Rift Valley Pharma Distributors'].map((organisationName, index) => ({
        id: `sig-${index}`,
        party: index === 0 ? 'AUTHORITY' : 'BIDDER',
        organisationName,
        signerName: 'Signer',
        signerTitle: 'Director',
        signedAt: new Date(START + index * HOUR),
      })),
    },
    redFlags: [{ code: 'R018', status: 'CONFIRMED', evidence: { bids: 1 }, threshold: 1, computedAt: new Date(START), dismissalReason: null }],
    complaints: Array.from({ length: 40 }, (_, index) => ({
      status: index % 3 ? 'RESOLVED' : 'IN_PROGRESS',
      type: index % 2 ? 'Corruption' : 'Service delivery',
      createdAt: new Date(START + index * HOUR),
      firstActionAt: new Date(START + (index + 5) * HOUR),
      resolvedAt: index % 3 ? new Date(START + (index + 50) * HOUR) : null,
    })),
    unclassifiedLabel: template.labels.complaintUnclassified ?? 'Not yet classified',
  });
  return { labels: template.labels, content, contentHash: createHash('sha256').update(canonicalReportContent(content)).digest('hex') };
}

/** Reads the page count from the PDF's page tree, without loading pdf.js before the runs are measured. */
function pageCount(pdf: Buffer): number {
  const count = /\/Type \/Pages\s+\/Count (\d+)/.exec(pdf.toString('latin1'));
  if (!count) throw new Error('no page tree found in the rendered PDF');
  return Number(count[1]);
}

async function toBuffer(input: ReportPdfInput): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await renderReportPdf(input)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Renders into a sink that drops the bytes, as an HTTP response would take them away.
 * Returns the elapsed time and the CPU time the process spent, which other work on a busy
 * machine disturbs less.
 */
async function timedRender(input: ReportPdfInput): Promise<{ wall: number; cpu: number }> {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await pipeline(
    await renderReportPdf(input),
    new Writable({
      write(_chunk, _encoding, done) {
        done();
      },
    }),
  );
  const cpu = process.cpuUsage(cpuBefore);
  return { wall: performance.now() - started, cpu: (cpu.user + cpu.system) / 1000 };
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '20' }, findings: { type: 'string', default: '1000' }, out: { type: 'string' } },
  });
  const runs = Number(values.runs);
  const findingCount = Number(values.findings);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got "${values.runs}"`);
  if (!Number.isInteger(findingCount) || findingCount < 1) throw new Error(`--findings must be a positive integer, got "${values.findings}"`);

  const input = await reportInput(findingCount);
  for (let run = 0; run < WARM_UP_RUNS; run += 1) await timedRender(input);
  const measured: { wall: number; cpu: number }[] = [];
  for (let run = 0; run < runs; run += 1) measured.push(await timedRender(input));
  const times = measured.map((m) => m.wall).sort((a, b) => a - b);
  const cpuTimes = measured.map((m) => m.cpu).sort((a, b) => a - b);
  const peakRssMb = process.resourceUsage().maxRSS / 1024;

  const pdf = await toBuffer(input);
  const pages = pageCount(pdf);
  // Loaded only now: pdf.js is heavy and would otherwise count in the memory figure above.
  const { pdfPageTexts } = await import('../src/pdf/pdf-text.js');
  const extracted = await pdfPageTexts(pdf);
  if (extracted.length !== pages) throw new Error(`page tree says ${pages} pages, pdf-parse found ${extracted.length}`);
  if (values.out) await writeFile(values.out, pdf);

  const { responseTimes } = input.content;
  const ms = (value: number): string => `${value.toFixed(1)} ms`;
  console.log(`findings:  ${findingCount} (${responseTimes.answered} answered, ${responseTimes.unanswered} unanswered)`);
  console.log(`pages:     ${pages}`);
  console.log(`bytes:     ${pdf.length}`);
  console.log(`median:    ${ms(percentile(times, 0.5))}`);
  console.log(`p95:       ${ms(percentile(times, 0.95))}`);
  console.log(`max:       ${ms(times[times.length - 1])}`);
  console.log(`CPU:       median ${ms(percentile(cpuTimes, 0.5))}, p95 ${ms(percentile(cpuTimes, 0.95))}`);
  console.log(`peak RSS:  ${peakRssMb.toFixed(0)} MB (${RSS_BEFORE_MB.toFixed(0)} MB before the first render)`);
  console.log(
    `report PDF: ${findingCount} findings, ${pages} pages, ${Math.round(pdf.length / 1024)} kB, median ${ms(percentile(times, 0.5))}, ` +
      `p95 ${ms(percentile(times, 0.95))}, max ${ms(times[times.length - 1])} (${runs} runs; CPU median ${ms(percentile(cpuTimes, 0.5))}), ` +
      `peak RSS ${peakRssMb.toFixed(0)} MB (+${(peakRssMb - RSS_BEFORE_MB).toFixed(0)} MB while rendering)`,
  );
}

await main();
