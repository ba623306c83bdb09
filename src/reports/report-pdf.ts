import { STAGE_ORDER, type ProcurementStage } from '../procurements/procurement-stage.js';
import { ReportKind } from './monitoring-report.entity.js';
import type { PublishedReportContent, ReportFinding } from './report-content.js';
import { reportLabels, term, type LabelKey, type Labels } from './report-labels.js';
import { drawBarChart } from '../pdf/bar-chart.js';
import { drawCheckpointPage } from '../pdf/checkpoint-page.js';
import { drawTable, type TableRow } from '../pdf/pdf-table.js';
import { ACCENT, INK, isoUtc, newDocument, paragraphs, PdfWriter, STYLE, type TextStyle } from '../pdf/pdf-writer.js';

export interface ReportPdfInput {
  /** The template's words for this language; missing ones fall back to English. */
  labels: Record<string, string>;
  content: PublishedReportContent;
  /** Null for the preview of a draft: nothing is fixed yet, so the PDF says it is a draft where the hash would be. */
  contentHash: string | null;
  /** The audit log checkpoint made in the report's publication. */
  checkpoint?: string | null;
}

/**
 * Starts rendering a published monitoring report and returns the pdfkit document (a
 * Readable stream); the caller pipes it. Each section's text is followed by the figures
 * and tables named by its key (see DATA_BLOCKS); a block whose section the report lacks is
 * printed after the last section, so nothing published is left out of the PDF.
 */
export async function renderReportPdf(input: ReportPdfInput): Promise<PDFKit.PDFDocument> {
  const { content, contentHash } = input;
  const labels = reportLabels(input.labels);
  const doc = await newDocument({
    title: content.title,
    language: content.language,
    author: content.procurement.implementer ?? content.procurement.authority,
    contentHash: contentHash ?? labels.draft,
    publishedAt: new Date(content.publishedAt),
  });
  const footer = contentHash ? { contentHashLabel: labels.contentHash, contentHash } : { contentHashLabel: labels.status, contentHash: labels.draft };
  const w = new PdfWriter(doc, { ...footer, pageLabel: labels.page });

  doc.addPage();
  drawTitlePage(w, content, labels, contentHash);
  doc.addPage();
  drawSections(w, content, labels);
  drawCheckpointPage(w, labels, input.checkpoint ?? null);

  doc.end();
  return doc;
}

const SEVERITY_COLOURS = { LOW: '#8fb8d8', MEDIUM: '#f0c04a', HIGH: '#e07a2f', CRITICAL: '#a61b1b' } as const;
const ANSWERED_COLOUR = '#3c6e9f';
const UNANSWERED_COLOUR = '#b3b3b3';
/** Upper bounds, in hours, of the response-time bars; the last bar takes everything longer. */
const RESPONSE_BUCKETS: [number, LabelKey][] = [
  [24, 'under1Day'],
  [72, 'days1To3'],
  [168, 'days3To7'],
  [336, 'days7To14'],
  [720, 'days14To30'],
  [Infinity, 'over30Days'],
];

const DETAIL: TextStyle = { font: 'Helvetica', size: 8, color: INK, lineGap: 1 };

function drawTitlePage(w: PdfWriter, content: PublishedReportContent, labels: Labels, contentHash: string | null): void {
  const { procurement, period } = content;
  w.space(100);
  w.text(content.kind === ReportKind.FINAL ? labels.finalReport : labels.periodicReport, STYLE.kicker);
  w.space(10);
  w.text(content.title, STYLE.title);
  w.space(18);
  w.rule(ACCENT, 1.5);
  w.space(24);

  w.field(labels.reference, [procurement.reference, STYLE.value], [procurement.title, STYLE.detail]);
  w.field(labels.authority, [procurement.authority, STYLE.value]);
  if (procurement.monitor) w.field(labels.monitor, [procurement.monitor, STYLE.value]);
  if (procurement.implementer) w.field(labels.implementer, [procurement.implementer, STYLE.value]);
  w.field(labels.period, [period ? `${day(period.start)} ${labels.periodTo} ${day(period.end)}` : labels.wholeProcurement, STYLE.value]);
  if (!contentHash) {
    w.field(labels.status, [labels.draft, STYLE.value]);
    return;
  }
  w.field(labels.publishedAt, [isoUtc(content.publishedAt), STYLE.value]);
  w.field(labels.contentHash, [contentHash, STYLE.hash]);
}

interface DataBlock {
  heading: string;
  draw: () => void;
}

/** The published figures, by the key of the template section they follow. */
function dataBlocks(w: PdfWriter, content: PublishedReportContent, labels: Labels): Record<string, DataBlock> {
  return {
    procurement: { heading: labels.timeline, draw: () => drawTimeline(w, content, labels) },
    findings: { heading: labels.findingsByStage, draw: () => drawFindings(w, content, labels) },
    recommendations: {
      heading: labels.recommendations,
      draw: () =>
        content.recommendations.length ? findingTable(w, content.recommendations, 'R', 'stage', labels) : w.text(labels.noRecommendations, STYLE.body),
    },
    'response-times': { heading: labels.responseTimes, draw: () => drawResponseTimes(w, content, labels) },
    'sign-offs': { heading: labels.signOffs, draw: () => drawSignOffs(w, content, labels) },
    'red-flags': { heading: labels.redFlags, draw: () => drawRedFlags(w, content, labels) },
    signatories: { heading: labels.signatories, draw: () => drawSignatories(w, content, labels) },
    complaints: { heading: labels.complaints, draw: () => drawComplaints(w, content, labels) },
  };
}

function drawSections(w: PdfWriter, content: PublishedReportContent, labels: Labels): void {
  const blocks = dataBlocks(w, content, labels);
  const heading = (text: string, firstLines: number) => {
    w.keepTogether(w.height(text, STYLE.heading) + 6 + firstLines);
    w.text(text, STYLE.heading);
    w.space(6);
  };
  content.sections.forEach((section, index) => {
    const body = paragraphs(section.body);
    heading(`${index + 1}. ${section.heading}`, body.length ? w.height('X\nX\nX', STYLE.body) : 0);
    w.prose(body);
    for (const contribution of section.contributions) {
      w.keepTogether(w.height('X\nX\nX', STYLE.consent));
      w.text(`${labels.contribution} (${day(contribution.contributedAt)})`, STYLE.subheading, { x: w.left + 12 });
      w.space(3);
      w.prose(paragraphs(contribution.body), STYLE.consent, 12);
    }
    blocks[section.key]?.draw();
    w.space(12);
  });
  const keys = new Set(content.sections.map((s) => s.key));
  Object.entries(blocks)
    .filter(([key]) => !keys.has(key))
    .forEach(([, block], index) => {
      heading(`${content.sections.length + index + 1}. ${block.heading}`, 40);
      block.draw();
      w.space(12);
    });
}

function drawTimeline(w: PdfWriter, content: PublishedReportContent, labels: Labels): void {
  subheading(w, labels.timeline);
  const { timeline } = content.procurement;
  if (!timeline.length) {
    w.text(labels.noTimeline, STYLE.body);
    return;
  }
  drawTable(
    w,
    [
      { header: labels.date, share: 0.22 },
      { header: labels.stage, share: 0.3 },
      { header: labels.note, share: 0.48 },
    ],
    timeline.map((t) => ({ cells: [isoUtc(t.occurredAt), term(labels, t.toStage), t.note] })),
  );
}

function drawFindings(w: PdfWriter, content: PublishedReportContent, labels: Labels): void {
  if (!content.findings.length) {
    w.text(labels.noFindings, STYLE.body);
    return;
  }
  const count = (stage: ProcurementStage, severity: string) =>
    content.findings.find((g) => g.stage === stage)?.findings.filter((f) => f.severity === severity).length ?? 0;
  drawBarChart(w, {
    title: labels.findingsByStage,
    categories: STAGE_ORDER.map((stage) => term(labels, stage)),
    series: (Object.keys(SEVERITY_COLOURS) as (keyof typeof SEVERITY_COLOURS)[]).map((severity) => ({
      name: term(labels, severity),
      color: SEVERITY_COLOURS[severity],
      values: STAGE_ORDER.map((stage) => count(stage, severity)),
    })),
    yAxisTitle: labels.findingsAxis,
  });
  let number = 0;
  for (const group of content.findings) {
    w.keepTogether(60);
    subheading(w, `${term(labels, group.stage)} (${group.findings.length})`);
    findingTable(w, group.findings, 'F', 'kind', labels, number);
    number += group.findings.length;
  }
}

/** Findings numbered `F1`, `F2`… (recommendations `R1`…), each with its description and the authority's responses under it. */
function findingTable(w: PdfWriter, findings: ReportFinding[], prefix: string, second: 'kind' | 'stage', labels: Labels, numberedFrom = 0): void {
  drawTable(
    w,
    [
      { header: labels.number, share: 0.07 },
      { header: labels.recordedAt, share: 0.13 },
      { header: labels[second], share: 0.16 },
      { header: labels.severity, share: 0.11 },
      { header: labels.status, share: 0.11 },
      { header: labels.title, share: 0.42 },
    ],
    findings.map((finding, index): TableRow => ({
      cells: [
        `${prefix}${numberedFrom + index + 1}`,
        day(finding.recordedAt),
        term(labels, finding[second]),
        term(labels, finding.severity),
        term(labels, finding.status),
        finding.title,
      ],
      details: [
        { text: finding.description, style: DETAIL },
        ...(finding.responses.length
          ? finding.responses.map((r) => ({ text: `${labels.response} (${day(r.respondedAt)}): ${r.body}`, style: STYLE.tableNote }))
          : [{ text: labels.noResponse, style: STYLE.tableNote }]),
      ],
    })),
  );
}

function drawResponseTimes(w: PdfWriter, content: PublishedReportContent, labels: Labels): void {
  const { responseTimes } = content;
  const hours = (value: number | null) => (value === null ? '-' : `${value} ${labels.hours}`);
  for (const [label, value] of [
    [labels.medianHours, hours(responseTimes.medianHours)],
    [labels.p90Hours, hours(responseTimes.p90Hours)],
    [labels.unansweredCount, `${responseTimes.unanswered} / ${responseTimes.count}`],
  ]) {
    w.text(`${label}: ${value}`, STYLE.detail);
  }
  w.space(8);
  if (!responseTimes.count) return;

  const all = [...content.findings.flatMap((g) => g.findings), ...content.recommendations];
  const answered = RESPONSE_BUCKETS.map(() => 0);
  for (const finding of all) {
    if (finding.firstResponseHours === null) continue;
    answered[RESPONSE_BUCKETS.findIndex(([upTo]) => finding.firstResponseHours! < upTo)] += 1;
  }
  drawBarChart(w, {
    title: labels.responseTimesChart,
    categories: [...RESPONSE_BUCKETS.map(([, label]) => labels[label]), labels.unanswered],
    series: [
      { name: labels.answered, color: ANSWERED_COLOUR, values: [...answered, 0] },
      { name: labels.unanswered, color: UNANSWERED_COLOUR, values: [...answered.map(() => 0), responseTimes.unanswered] },
    ],
    yAxisTitle: labels.responseAxis,
  });
}

function drawComplaints(w: PdfWriter, content: PublishedReportContent, labels: Labels): void {
  const { complaints } = content;
  if (!complaints.available) {
    w.text(complaints.note, STYLE.body);
    return;
  }
  const withheld = labels.complaintsWithheld.replace('{{n}}', String(complaints.withheldBelow));
  const count = (value: number | null) => (value === null ? withheld : String(value));
  const hours = (value: number | null) => (value === null ? '-' : `${value} ${labels.hours}`);
  for (const [label, value] of [
    [labels.complaintsTotal, count(complaints.total)],
    [labels.medianHoursToFirstAction, hours(complaints.medianHoursToFirstAction)],
    [labels.medianHoursToResolution, hours(complaints.medianHoursToResolution)],
  ]) {
    w.text(`${label}: ${value}`, STYLE.detail);
  }
  w.space(8);
  if (complaints.total === 0) return;
  const columns = (header: string) => [
    { header, share: 0.7 },
    { header: labels.complaintCount, share: 0.3 },
  ];
  drawTable(
    w,
    columns(labels.complaintStatus),
    complaints.byStatus.map((row) => ({ cells: [labels[row.status as keyof Labels] ?? row.status, count(row.count)] })),
  );
  w.space(8);
  drawTable(
    w,
    columns(labels.complaintType),
    complaints.byType.map((row) => ({ cells: [row.type, count(row.count)] })),
  );
  w.space(6);
  w.text(labels.complaintsWithheldNote.replace('{{max}}', String(complaints.withheldBelow - 1)), STYLE.tableNote);
}

function drawSignOffs(w: PdfWriter, content: PublishedReportContent, labels: Labels): void {
  if (!content.signOffs.length) {
    w.text(labels.noSignOffs, STYLE.body);
    return;
  }
  drawTable(
    w,
    [
      { header: labels.stage, share: 0.24 },
      { header: labels.decision, share: 0.16 },
      { header: labels.date, share: 0.2 },
      { header: labels.reason, share: 0.4 },
    ],
    content.signOffs.map((s) => ({ cells: [term(labels, s.stage), term(labels, s.decision), isoUtc(s.decidedAt), s.reason] })),
  );
}

function drawRedFlags(w: PdfWriter, content: PublishedReportContent, labels: Labels): void {
  if (!content.redFlags.length) {
    w.text(labels.noRedFlags, STYLE.body);
    return;
  }
  drawTable(
    w,
    [
      { header: labels.code, share: 0.12 },
      { header: labels.status, share: 0.13 },
      { header: labels.computedAt, share: 0.15 },
      { header: labels.evidence, share: 0.6 },
    ],
    content.redFlags.map((flag) => ({
      cells: [flag.code, term(labels, flag.status), day(flag.computedAt), evidenceText(flag.evidence, flag.threshold, labels)],
      details: flag.dismissalReason ? [{ text: `${labels.reason}: ${flag.dismissalReason}`, style: STYLE.tableNote }] : [],
    })),
  );
}

function drawSignatories(w: PdfWriter, content: PublishedReportContent, labels: Labels): void {
  const { signatories } = content;
  if (!signatories) {
    w.text(labels.noSignatories, STYLE.body);
    return;
  }
  w.text(`${labels.pactVersion} ${signatories.pactVersion}`, STYLE.subheading);
  w.text(`${labels.contentHash}: ${signatories.pactContentHash}`, STYLE.record);
  w.space(6);
  drawTable(
    w,
    [
      { header: labels.party, share: 0.2 },
      { header: labels.organisation, share: 0.3 },
      { header: labels.signer, share: 0.28 },
      { header: labels.signedAt, share: 0.22 },
    ],
    signatories.signatures.map((s) => ({
      cells: [term(labels, s.party), s.organisation, [s.signer, s.signerTitle].filter((part) => part.trim()).join(', '), isoUtc(s.signedAt)],
      details: [{ text: `${labels.record}: ${s.recordId}`, style: STYLE.tableNote }],
    })),
  );
}

function subheading(w: PdfWriter, text: string): void {
  w.space(4);
  w.text(text, STYLE.subheading);
  w.space(4);
}

const EVIDENCE_MAX_CHARS = 400;

/** The values that triggered an indicator, as `name: value` pairs. */
function evidenceText(evidence: Record<string, unknown>, threshold: number | null, labels: Labels): string {
  const pairs = Object.entries(evidence).map(
    ([name, value]) => `${name}: ${typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)}`,
  );
  if (threshold !== null) pairs.push(`${labels.threshold}: ${threshold}`);
  const text = pairs.join('; ');
  return text.length > EVIDENCE_MAX_CHARS ? `${text.slice(0, EVIDENCE_MAX_CHARS - 1)}…` : text;
}

function day(iso: string): string {
  return iso.slice(0, 10);
}
