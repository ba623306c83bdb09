import canonicalize from 'canonicalize';
import { isWithheld, protectCounts, SMALLEST_PUBLIC_COUNT } from '../complaint-statistics/protect-counts.js';
import { groupBy } from '../graphql/loaders.js';
import { STAGE_ORDER, type ProcurementStage } from '../procurements/procurement-stage.js';
import type { ReportKind } from './monitoring-report.entity.js';

/**
 * Everything a published monitoring report says, frozen at publication. Times are ISO 8601
 * strings and figures plain numbers, so the JSON anyone downloads is the JSON that was hashed.
 */
export interface PublishedReportContent {
  type: 'pactwatch.monitoring-report/v1';
  reportId: string;
  kind: ReportKind;
  title: string;
  language: string;
  templateKey: string;
  /** Null for a final report over the whole procurement. */
  period: { start: string; end: string } | null;
  publishedAt: string;
  procurement: {
    id: string;
    reference: string;
    title: string;
    ocid: string | null;
    stage: ProcurementStage;
    authority: string;
    monitor: string | null;
    implementer: string | null;
    timeline: { fromStage: ProcurementStage; toStage: ProcurementStage; occurredAt: string; note: string }[];
  };
  sections: ReportContentSection[];
  /** Observations, red flags and non-compliance, stage by stage in procurement order. */
  findings: { stage: ProcurementStage; findings: ReportFinding[] }[];
  recommendations: ReportFinding[];
  responseTimes: ResponseTimes;
  signOffs: { id: string; stage: ProcurementStage; decision: 'SIGNED_OFF' | 'OBJECTED'; reason: string; decidedAt: string }[];
  /** Who signed the pact version in force at publication; null while no version is published. */
  signatories: {
    pactVersion: number;
    pactContentHash: string;
    signatures: { recordId: string; party: 'AUTHORITY' | 'BIDDER'; organisation: string; signer: string; signerTitle: string; signedAt: string }[];
  } | null;
  /** Indicators the data triggered, whatever the monitor decided about them. */
  redFlags: {
    code: string;
    status: 'OPEN' | 'CONFIRMED' | 'DISMISSED';
    evidence: Record<string, unknown>;
    threshold: number | null;
    computedAt: string;
    dismissalReason: string | null;
  }[];
  /** Reports published before complaint referral existed carry `available: false` and a note. */
  complaints: ReportComplaints | { available: false; note: string };
}

/** Complaints about the procurement in the report's period, as public as the report: counts of 1 to 4 withheld (null). */
export interface ReportComplaints {
  available: true;
  withheldBelow: number;
  total: number | null;
  byStatus: { status: string; count: number | null }[];
  byType: { type: string; count: number | null }[];
  /** Over the complaints that got that far; null when none did, or fewer than `withheldBelow`. */
  medianHoursToFirstAction: number | null;
  medianHoursToResolution: number | null;
}

export interface ReportContentSection {
  key: string;
  heading: string;
  body: string;
  /** What the independent monitor wrote for this section, oldest first. */
  contributions: { body: string; contributedAt: string }[];
}

export interface ReportFinding {
  id: string;
  stage: ProcurementStage;
  kind: string;
  severity: string;
  status: string;
  title: string;
  description: string;
  recordedAt: string;
  /** Hours from the finding to the authority's first response; null while unanswered. */
  firstResponseHours: number | null;
  responses: { body: string; respondedAt: string }[];
}

export interface ResponseTimes {
  /** Findings and recommendations in the report. */
  count: number;
  answered: number;
  unanswered: number;
  medianHours: number | null;
  p90Hours: number | null;
}

/** The rows publication reads, as loaded; dates still dates. */
export interface ReportFacts {
  report: {
    id: string;
    kind: ReportKind;
    title: string;
    language: string;
    templateKey: string;
    periodStart: Date | null;
    periodEnd: Date | null;
    sections: { key: string; heading: string; body: string }[];
  };
  publishedAt: Date;
  procurement: Omit<PublishedReportContent['procurement'], 'timeline'>;
  timeline: { fromStage: ProcurementStage; toStage: ProcurementStage; occurredAt: Date; note: string }[];
  contributions: { sectionKey: string; body: string; createdAt: Date }[];
  findings: { id: string; stage: ProcurementStage; kind: string; severity: string; status: string; title: string; description: string; createdAt: Date }[];
  responses: { findingId: string; body: string; createdAt: Date }[];
  signOffs: { id: string; stage: ProcurementStage; decision: 'SIGNED_OFF' | 'OBJECTED'; reason: string; createdAt: Date }[];
  signatories: {
    pactVersion: number;
    pactContentHash: string;
    signatures: { id: string; party: 'AUTHORITY' | 'BIDDER'; organisationName: string; signerName: string; signerTitle: string; signedAt: Date }[];
  } | null;
  redFlags: {
    code: string;
    status: 'OPEN' | 'CONFIRMED' | 'DISMISSED';
    evidence: Record<string, unknown>;
    threshold: number | null;
    computedAt: Date;
    dismissalReason: string | null;
  }[];
  /** Merged duplicates left out: the complaint they were merged into counts. */
  complaints: { status: string; type: string | null; createdAt: Date; firstActionAt: Date | null; resolvedAt: Date | null }[];
  /** What a complaint not yet classified is called in the report's language. */
  unclassifiedLabel: string;
}

const RECOMMENDATION = 'RECOMMENDATION';
const HOUR_MS = 3_600_000;

/** Arranges the loaded rows into the report's frozen content; pure, so the same rows give the same bytes. */
export function assembleReportContent(facts: ReportFacts): PublishedReportContent {
  const iso = (date: Date) => date.toISOString();
  const { report } = facts;
  const contributions = groupBy(facts.contributions, (c) => c.sectionKey);
  const findings = reportFindings(facts);
  const observed = findings.filter((f) => f.kind !== RECOMMENDATION);
  return {
    type: 'pactwatch.monitoring-report/v1',
    reportId: report.id,
    kind: report.kind,
    title: report.title,
    language: report.language,
    templateKey: report.templateKey,
    period: report.periodStart && report.periodEnd ? { start: iso(report.periodStart), end: iso(report.periodEnd) } : null,
    publishedAt: iso(facts.publishedAt),
    procurement: {
      ...facts.procurement,
      timeline: byTime(facts.timeline, (t) => t.occurredAt).map((t) => ({
        fromStage: t.fromStage,
        toStage: t.toStage,
        occurredAt: iso(t.occurredAt),
        note: t.note,
      })),
    },
    sections: report.sections.map((section) => ({
      key: section.key,
      heading: section.heading,
      body: section.body,
      contributions: byTime(contributions.get(section.key) ?? []).map((c) => ({ body: c.body, contributedAt: iso(c.createdAt) })),
    })),
    findings: STAGE_ORDER.map((stage) => ({ stage, findings: observed.filter((f) => f.stage === stage) })).filter((group) => group.findings.length > 0),
    recommendations: findings.filter((f) => f.kind === RECOMMENDATION),
    responseTimes: responseTimes(findings.map((f) => f.firstResponseHours)),
    signOffs: [...facts.signOffs]
      .sort((a, b) => STAGE_ORDER.indexOf(a.stage) - STAGE_ORDER.indexOf(b.stage))
      .map((s) => ({ id: s.id, stage: s.stage, decision: s.decision, reason: s.reason, decidedAt: iso(s.createdAt) })),
    signatories: reportSignatories(facts.signatories),
    redFlags: [...facts.redFlags]
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((f) => ({
        code: f.code,
        status: f.status,
        evidence: f.evidence,
        threshold: f.threshold,
        computedAt: iso(f.computedAt),
        dismissalReason: f.dismissalReason,
      })),
    complaints: reportComplaints(facts.complaints, facts.unclassifiedLabel),
  };
}

/** The findings in the order they were recorded, each with the authority's answers and how long the first took. */
function reportFindings(facts: ReportFacts): ReportFinding[] {
  const responses = groupBy(facts.responses, (r) => r.findingId);
  return byTimeThenId(facts.findings).map((finding): ReportFinding => {
    const answers = byTime(responses.get(finding.id) ?? []);
    return {
      id: finding.id,
      stage: finding.stage,
      kind: finding.kind,
      severity: finding.severity,
      status: finding.status,
      title: finding.title,
      description: finding.description,
      recordedAt: finding.createdAt.toISOString(),
      firstResponseHours: answers.length ? roundHours(answers[0].createdAt.getTime() - finding.createdAt.getTime()) : null,
      responses: answers.map((a) => ({ body: a.body, respondedAt: a.createdAt.toISOString() })),
    };
  });
}

/** Who signed the pact version in force, in the order they signed. */
function reportSignatories(signatories: ReportFacts['signatories']): PublishedReportContent['signatories'] {
  return (
    signatories && {
      pactVersion: signatories.pactVersion,
      pactContentHash: signatories.pactContentHash,
      signatures: byTime(signatories.signatures, (s) => s.signedAt).map((s) => ({
        recordId: s.id,
        party: s.party,
        organisation: s.organisationName,
        signer: s.signerName,
        signerTitle: s.signerTitle,
        signedAt: s.signedAt.toISOString(),
      })),
    }
  );
}

/**
 * Counted, then withheld as the public complaint statistics are: the counts of 1 to 4 and the
 * complements that stop the total minus the rest of a breakdown giving them back.
 */
export function reportComplaints(complaints: ReportFacts['complaints'], unclassifiedLabel: string): ReportComplaints {
  const tally = (key: (c: ReportFacts['complaints'][number]) => string) =>
    [...groupBy(complaints, key)].map(([value, rows]) => [value, rows.length] as const).sort(([a], [b]) => a.localeCompare(b));
  const statuses = tally((c) => c.status);
  const types = tally((c) => c.type ?? unclassifiedLabel);
  const counts = [complaints.length, ...statuses.map(([, count]) => count), ...types.map(([, count]) => count)];
  const cells = (first: number, length: number) => Array.from({ length }, (_, index) => first + index);
  const withheld = protectCounts(counts, [
    { parent: 0, children: cells(1, statuses.length) },
    { parent: 0, children: cells(1 + statuses.length, types.length) },
  ]);
  const shown = (index: number) => (withheld[index] ? null : counts[index]);
  const medianHours = (to: (c: ReportFacts['complaints'][number]) => Date | null) => {
    const hours = complaints.flatMap((c) => (to(c) ? [roundHours(to(c)!.getTime() - c.createdAt.getTime())] : []));
    return isWithheld(hours.length) ? null : responseTimes(hours).medianHours;
  };
  return {
    available: true,
    withheldBelow: SMALLEST_PUBLIC_COUNT,
    total: shown(0),
    byStatus: statuses.map(([status], index) => ({ status, count: shown(1 + index) })),
    byType: types.map(([type], index) => ({ type, count: shown(1 + statuses.length + index) })),
    medianHoursToFirstAction: medianHours((c) => c.firstActionAt),
    medianHoursToResolution: medianHours((c) => c.resolvedAt),
  };
}

/**
 * How quickly the authority answered: median and 90th percentile (nearest rank) of the hours
 * to the first response over the answered findings, and how many are still unanswered.
 */
export function responseTimes(hours: (number | null)[]): ResponseTimes {
  const answered = hours.filter((h): h is number => h !== null).sort((a, b) => a - b);
  const median =
    answered.length === 0
      ? null
      : answered.length % 2
        ? answered[(answered.length - 1) / 2]
        : roundTenth((answered[answered.length / 2 - 1] + answered[answered.length / 2]) / 2);
  return {
    count: hours.length,
    answered: answered.length,
    unanswered: hours.length - answered.length,
    medianHours: median,
    p90Hours: answered.length === 0 ? null : answered[Math.ceil(0.9 * answered.length) - 1],
  };
}

/** The bytes the report's hash is computed over: RFC 8785 canonical JSON of the content. */
export function canonicalReportContent(content: PublishedReportContent): string {
  return canonicalize(content)!;
}

function roundHours(ms: number): number {
  return roundTenth(Math.max(0, ms) / HOUR_MS);
}

function roundTenth(value: number): number {
  return Math.round(value * 10) / 10;
}

function byTime<T extends { createdAt: Date }>(rows: T[]): T[];
function byTime<T>(rows: T[], at: (row: T) => Date): T[];
function byTime<T>(rows: T[], at: (row: T) => Date = (row) => (row as { createdAt: Date }).createdAt): T[] {
  return [...rows].sort((a, b) => at(a).getTime() - at(b).getTime());
}

/** Findings recorded in the same instant keep one order, so republishing the same rows gives the same hash. */
function byTimeThenId<T extends { createdAt: Date; id: string }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
}
