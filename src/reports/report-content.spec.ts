import { createHash } from 'node:crypto';
import { ProcurementStage } from '../procurements/procurement-stage.js';
import { ReportKind } from './monitoring-report.entity.js';
import { assembleReportContent, canonicalReportContent, responseTimes, type ReportFacts } from './report-content.js';
import { assertPeriod } from './reports.service.js';

const at = (iso: string) => new Date(iso);

function facts(overrides: Partial<ReportFacts> = {}): ReportFacts {
  return {
    report: {
      id: 'r1',
      kind: ReportKind.PERIODIC,
      title: 'Monitoring report',
      language: 'en',
      templateKey: 'standard',
      periodStart: at('2026-01-01T00:00:00Z'),
      periodEnd: at('2026-03-31T23:59:59Z'),
      sections: [
        { key: 'summary', heading: 'Summary', body: 'All went well.' },
        { key: 'findings', heading: 'Findings', body: 'See below.' },
      ],
    },
    publishedAt: at('2026-04-02T08:00:00Z'),
    procurement: {
      id: 'p1',
      reference: 'REF/1',
      title: 'Medicines',
      ocid: null,
      stage: ProcurementStage.EVALUATION,
      authority: 'County',
      monitor: 'Monitors Ltd',
      implementer: 'Integrity Network',
    },
    timeline: [
      { fromStage: ProcurementStage.TENDER_PREPARATION, toStage: ProcurementStage.TENDER_OPEN, occurredAt: at('2026-02-01T00:00:00Z'), note: 'open' },
      { fromStage: ProcurementStage.PLANNING, toStage: ProcurementStage.TENDER_PREPARATION, occurredAt: at('2026-01-05T00:00:00Z'), note: '' },
    ],
    contributions: [
      { sectionKey: 'summary', body: 'Second word', createdAt: at('2026-03-02T00:00:00Z') },
      { sectionKey: 'summary', body: 'First word', createdAt: at('2026-03-01T00:00:00Z') },
    ],
    findings: [
      {
        id: 'f3',
        stage: ProcurementStage.EVALUATION,
        kind: 'RECOMMENDATION',
        severity: 'MEDIUM',
        status: 'OPEN',
        title: 'Publish the minutes',
        description: 'd',
        createdAt: at('2026-02-10T00:00:00Z'),
      },
      {
        id: 'f2',
        stage: ProcurementStage.TENDER_OPEN,
        kind: 'NON_COMPLIANCE',
        severity: 'HIGH',
        status: 'ANSWERED',
        title: 'Short period',
        description: 'd',
        createdAt: at('2026-02-02T00:00:00Z'),
      },
      {
        id: 'f1',
        stage: ProcurementStage.EVALUATION,
        kind: 'OBSERVATION',
        severity: 'LOW',
        status: 'RESOLVED',
        title: 'Late minutes',
        description: 'd',
        createdAt: at('2026-02-03T00:00:00Z'),
      },
    ],
    responses: [
      { findingId: 'f2', body: 'Later answer', createdAt: at('2026-02-05T00:00:00Z') },
      { findingId: 'f2', body: 'First answer', createdAt: at('2026-02-03T12:00:00Z') },
      { findingId: 'f1', body: 'Done', createdAt: at('2026-02-03T06:30:00Z') },
    ],
    signOffs: [
      { id: 's2', stage: ProcurementStage.TENDER_OPEN, decision: 'OBJECTED', reason: 'Too short', createdAt: at('2026-02-01T00:00:00Z') },
      { id: 's1', stage: ProcurementStage.TENDER_PREPARATION, decision: 'SIGNED_OFF', reason: '', createdAt: at('2026-01-05T00:00:00Z') },
    ],
    signatories: null,
    redFlags: [],
    complaints: [
      ...Array.from({ length: 6 }, (_, i) => ({
        status: 'RESOLVED',
        type: 'Corruption',
        createdAt: at('2026-02-01T00:00:00Z'),
        firstActionAt: at(`2026-02-0${i + 2}T00:00:00Z`),
        resolvedAt: at('2026-02-10T00:00:00Z'),
      })),
      { status: 'REFERRED', type: null, createdAt: at('2026-03-01T00:00:00Z'), firstActionAt: null, resolvedAt: null },
    ],
    unclassifiedLabel: 'Unclassified',
    ...overrides,
  };
}

describe('assembleReportContent', () => {
  const content = assembleReportContent(facts());

  it('groups findings by stage in procurement order and keeps recommendations apart', () => {
    expect(content.findings.map((g) => [g.stage, g.findings.map((f) => f.id)])).toEqual([
      ['TENDER_OPEN', ['f2']],
      ['EVALUATION', ['f1']],
    ]);
    expect(content.recommendations.map((f) => f.id)).toEqual(['f3']);
  });

  it("attaches the authority's responses oldest first and measures hours to the first one", () => {
    const short = content.findings[0].findings[0];
    expect(short.responses.map((r) => r.body)).toEqual(['First answer', 'Later answer']);
    expect(short.firstResponseHours).toBe(36);
    expect(content.findings[1].findings[0].firstResponseHours).toBe(6.5);
    expect(content.recommendations[0]).toMatchObject({ firstResponseHours: null, responses: [] });
    expect(content.responseTimes).toEqual({ count: 3, answered: 2, unanswered: 1, medianHours: 21.3, p90Hours: 36 });
  });

  it("puts the monitor's contributions under their section, and orders the timeline and sign-offs", () => {
    expect(content.sections[0].contributions.map((c) => c.body)).toEqual(['First word', 'Second word']);
    expect(content.sections[1].contributions).toEqual([]);
    expect(content.procurement.timeline.map((t) => t.toStage)).toEqual(['TENDER_PREPARATION', 'TENDER_OPEN']);
    expect(content.signOffs.map((s) => s.decision)).toEqual(['SIGNED_OFF', 'OBJECTED']);
    expect(content.period).toEqual({ start: '2026-01-01T00:00:00.000Z', end: '2026-03-31T23:59:59.000Z' });
  });

  it('counts the complaints about the procurement, withholding counts from 1 to 4 and what would give them back, as the public statistics do', () => {
    // Total 7 with RESOLVED 6 shown would give REFERRED = 1: both are withheld, and both types.
    expect(content.complaints).toEqual({
      available: true,
      withheldBelow: 5,
      total: 7,
      byStatus: [
        { status: 'REFERRED', count: null },
        { status: 'RESOLVED', count: null },
      ],
      byType: [
        { type: 'Corruption', count: null },
        { type: 'Unclassified', count: null },
      ],
      // First actions after 1 to 6 days: the median of six is 3.5 days.
      medianHoursToFirstAction: 84,
      medianHoursToResolution: 216,
    });
    const few = assembleReportContent(facts({ complaints: facts().complaints.slice(0, 3) })).complaints;
    expect(few).toMatchObject({ total: null, medianHoursToFirstAction: null, medianHoursToResolution: null });
    expect(assembleReportContent(facts({ complaints: [] })).complaints).toMatchObject({ total: 0, byStatus: [], byType: [] });
  });

  it('gives the same canonical bytes, hence the same hash, whatever order the rows came in', () => {
    const shuffled = facts();
    shuffled.findings.reverse();
    shuffled.responses.reverse();
    shuffled.signOffs.reverse();
    const hash = (text: string) => createHash('sha256').update(text).digest('hex');
    expect(hash(canonicalReportContent(assembleReportContent(shuffled)))).toBe(hash(canonicalReportContent(content)));
    expect(canonicalReportContent(content)).toMatch(/^\{"complaints":/);
  });

  it('has no period for a final report', () => {
    const final = facts();
    final.report = { ...final.report, kind: ReportKind.FINAL, periodStart: null, periodEnd: null };
    expect(assembleReportContent(final).period).toBeNull();
  });
});

describe('responseTimes', () => {
  it('takes the median (the mean of the middle two for an even count) and the nearest-rank 90th percentile', () => {
    expect(responseTimes([5, 1, 3, null, 100, 2, 4, 6, 7, 8, 9])).toEqual({ count: 11, answered: 10, unanswered: 1, medianHours: 5.5, p90Hours: 9 });
    expect(responseTimes([3, 1, 2])).toMatchObject({ medianHours: 2, p90Hours: 3 });
  });

  it('has no figures when nothing was answered', () => {
    expect(responseTimes([null, null])).toEqual({ count: 2, answered: 0, unanswered: 2, medianHours: null, p90Hours: null });
    expect(responseTimes([])).toEqual({ count: 0, answered: 0, unanswered: 0, medianHours: null, p90Hours: null });
  });
});

describe('report period', () => {
  const jan = at('2026-01-01T00:00:00Z');
  const mar = at('2026-03-31T00:00:00Z');

  it('is required for a periodic report, refused for a final one, and must run forwards', () => {
    expect(() => assertPeriod(ReportKind.PERIODIC, jan, mar)).not.toThrow();
    expect(() => assertPeriod(ReportKind.FINAL, null, null)).not.toThrow();
    expect(() => assertPeriod(ReportKind.PERIODIC, jan, null)).toThrow(/needs both periodStart and periodEnd/);
    expect(() => assertPeriod(ReportKind.FINAL, jan, mar)).toThrow(/covers the whole procurement/);
    expect(() => assertPeriod(ReportKind.PERIODIC, mar, jan)).toThrow(/must not be before/);
  });
});
