import { drawBarChart } from '../pdf/bar-chart.js';
import { drawTable } from '../pdf/pdf-table.js';
import { ACCENT, isoUtc, newDocument, PdfWriter, STYLE } from '../pdf/pdf-writer.js';
import type { ComplaintStatistics, StatisticBucket, StatisticCount, TimeFigure } from './statistics-views.js';

export interface StatisticsPdfInput {
  statistics: ComplaintStatistics;
  generatedAt: Date;
  /** SHA-256 of the CSV of the same figures, printed in every footer. */
  csvHash: string;
}

const LODGED_COLOUR = ACCENT;
const RESOLVED_COLOUR = '#3c6e9f';
/** Bars a chart draws at most; smaller categories are summed into "Other". */
const MOST_BARS = 14;
/** Beyond this many weeks the weekly charts draw months, then quarters. */
const MOST_PERIODS = 26;
/** As statistical offices mark a withheld cell: not "<5", since a count withheld as a complement may be any size. */
const WITHHELD = 'x';
/** Room a bar chart takes, from its title to its legend. */
const CHART_HEIGHT = 240;
/** From this many complaints on, charts count in thousands: longer numbers do not fit the axis or the bars. */
const THOUSANDS_FROM = 10_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * The statistics as a printable report, streamed: tables of every dimension, bar charts of the
 * sectors, areas, statuses, the monthly and weekly series and the times per organisation. It is drawn
 * from what the viewer may see, so a public copy carries no withheld figure.
 */
export async function renderStatisticsPdf({ statistics, generatedAt, csvHash }: StatisticsPdfInput): Promise<PDFKit.PDFDocument> {
  const doc = await newDocument({ title: 'Complaint statistics', language: 'en', author: 'Pactwatch', contentHash: csvHash, publishedAt: generatedAt });
  const w = new PdfWriter(doc, { contentHashLabel: 'SHA-256 of the CSV of these figures', pageLabel: 'Page', contentHash: csvHash });
  doc.addPage();
  drawOverview(w, statistics, generatedAt);

  section(w, 'Time from lodging to action');
  drawTable(
    w,
    [
      { header: 'Time', share: 0.4 },
      { header: 'Complaints', share: 0.2 },
      { header: 'Median (hours)', share: 0.2 },
      { header: '90th percentile (hours)', share: 0.2 },
    ],
    [{ cells: ['To first action', ...timeCells(statistics.timeToFirstAction)] }, { cells: ['To resolution', ...timeCells(statistics.timeToResolution)] }],
  );
  drawTimesPerOrganisation(w, statistics);

  section(w, 'By sector', CHART_HEIGHT);
  chart(w, 'Complaints by sector', statistics.bySector);
  bucketTable(w, 'Sector', statistics.bySector, statistics.total);

  section(w, 'By area', CHART_HEIGHT);
  chart(w, 'Complaints by county', statistics.byCounty);
  bucketTable(w, 'County', statistics.byCounty, statistics.total);
  bucketTable(w, 'Sub-county', statistics.bySubCounty, statistics.total);

  section(w, 'By status', CHART_HEIGHT);
  chart(w, 'Complaints by status', statistics.byStatus);
  bucketTable(w, 'Status', statistics.byStatus, statistics.total);

  drawMonthly(w, statistics);
  drawWeekly(w, statistics);

  section(w, 'Who complained, how, about what and to whom');
  bucketTable(w, 'Gender', statistics.byGender, statistics.total);
  bucketTable(w, 'Age group', statistics.byAgeGroup, statistics.total);
  bucketTable(w, 'Type of complaint', statistics.byType, statistics.total);
  bucketTable(w, 'Channel', statistics.byChannel, statistics.total);
  bucketTable(w, 'Handling organisation', statistics.byHandlingOrganisation, statistics.total);

  doc.end();
  return doc;
}

function drawOverview(w: PdfWriter, statistics: ComplaintStatistics, generatedAt: Date): void {
  w.space(40);
  w.text('Complaint referral mechanism', STYLE.kicker);
  w.space(8);
  w.text('Complaint statistics', STYLE.title);
  w.space(14);
  w.rule(ACCENT, 1.5);
  w.space(18);
  const period =
    statistics.from && statistics.to
      ? `${statistics.from} to ${statistics.to}`
      : statistics.from
        ? `From ${statistics.from}`
        : statistics.to
          ? `Up to ${statistics.to}`
          : 'Every complaint to date';
  w.field('Lodged (UTC days)', [period, STYLE.value]);
  if (statistics.organisationId) {
    const organisation = statistics.byHandlingOrganisation.find((b) => b.key === statistics.organisationId);
    w.field('Handled by', [organisation?.label ?? statistics.organisationId, STYLE.value]);
  }
  w.field('Complaints', [count(statistics.total), STYLE.value]);
  w.field('Generated', [isoUtc(generatedAt), STYLE.value]);
  if (statistics.smallCountsSuppressed) {
    w.text(
      `So that no complainant can be recognised, counts of 1 to 4 complaints are withheld, and so are the other counts that would give ` +
        `them back by subtraction, with the times over them: tables show them as "${WITHHELD}" and charts leave them out.`,
      STYLE.consent,
    );
    w.space(10);
  }
}

function drawTimesPerOrganisation(w: PdfWriter, statistics: ComplaintStatistics): void {
  const organisations = statistics.timesByOrganisation.filter((o) => o.toFirstAction.count !== 0 || o.toResolution.count !== 0);
  if (!organisations.length) return;
  subheading(w, 'Times per handling organisation');
  drawTable(
    w,
    [
      { header: 'Organisation', share: 0.31 },
      { header: 'Acted on', share: 0.1 },
      { header: 'Median (h)', share: 0.12 },
      { header: '90th pct (h)', share: 0.12 },
      { header: 'Resolved', share: 0.11 },
      { header: 'Median (h)', share: 0.12 },
      { header: '90th pct (h)', share: 0.12 },
    ],
    organisations.map((o) => ({ cells: [o.label, ...timeCells(o.toFirstAction), ...timeCells(o.toResolution)] })),
  );
  const medians = (pick: (o: (typeof organisations)[number]) => TimeFigure) =>
    organisations.filter((o) => pick(o).medianHours !== null).map((o) => ({ label: o.label, value: Math.round(pick(o).medianHours! * 10) / 10 }));
  for (const [title, bars, colour] of [
    ['Median hours to first action, by organisation', medians((o) => o.toFirstAction), LODGED_COLOUR],
    ['Median hours to resolution, by organisation', medians((o) => o.toResolution), RESOLVED_COLOUR],
  ] as const) {
    if (!bars.length) continue;
    drawBarChart(w, {
      title,
      categories: bars.map((b) => b.label),
      series: [{ name: 'Median (hours)', color: colour, values: bars.map((b) => b.value) }],
      yAxisTitle: 'Hours',
    });
  }
}

function drawMonthly(w: PdfWriter, statistics: ComplaintStatistics): void {
  section(w, 'Month by month', CHART_HEIGHT);
  if (!statistics.monthly.length) {
    w.text('No complaint in the period.', STYLE.body);
    return;
  }
  // A withheld month is drawn as no bar and marked in the table below; never summed into a longer bar, where it would count as zero.
  const charted = statistics.monthly.slice(-MOST_PERIODS);
  const scale = countScale(charted.map((month) => month.lodged.count ?? 0));
  drawBarChart(w, {
    title:
      charted.length < statistics.monthly.length
        ? `Complaints lodged per calendar month, the last ${MOST_PERIODS} months`
        : 'Complaints lodged per calendar month',
    categories: charted.map((month) => `${MONTHS[Number(month.month.slice(5, 7)) - 1]} ${month.month.slice(0, 4)}`),
    series: [{ name: 'Complaints lodged', color: LODGED_COLOUR, values: scale.values }],
    yAxisTitle: scale.axis,
  });
  drawTable(
    w,
    [
      { header: 'Month', share: 0.5 },
      { header: 'Lodged', share: 0.5 },
    ],
    statistics.monthly.map((month) => ({ cells: [month.month, count(month.lodged)] })),
  );
}

function drawWeekly(w: PdfWriter, statistics: ComplaintStatistics): void {
  section(w, 'Week by week', CHART_HEIGHT);
  if (!statistics.weekly.length) {
    w.text('No complaint in the period.', STYLE.body);
    return;
  }
  const periods = chartPeriods(statistics.weekly);
  for (const [title, pick, colour] of [
    ['Complaints lodged', (week: (typeof statistics.weekly)[number]) => week.lodged, LODGED_COLOUR],
    ['Complaints resolved', (week: (typeof statistics.weekly)[number]) => week.resolved, RESOLVED_COLOUR],
  ] as const) {
    const scale = countScale(periods.groups.map((g) => g.weeks.reduce((total, week) => total + (pick(week).count ?? 0), 0)));
    drawBarChart(w, {
      title: `${title} per ${periods.unit}`,
      categories: periods.groups.map((g) => g.label),
      series: [{ name: title, color: colour, values: scale.values }],
      yAxisTitle: scale.axis,
    });
  }
  drawTable(
    w,
    [
      { header: 'ISO week', share: 0.25 },
      { header: 'Starts on', share: 0.25 },
      { header: 'Lodged', share: 0.25 },
      { header: 'Resolved', share: 0.25 },
    ],
    statistics.weekly.map((week) => ({ cells: [week.week, week.startsOn, count(week.lodged), count(week.resolved)] })),
  );
}

/** Weeks as bars when they are few; otherwise months, or quarters, each labelled on two lines. */
export function chartPeriods<T extends { week: string; startsOn: string }>(weeks: T[]): { unit: string; groups: Array<{ label: string; weeks: T[] }> } {
  const group = (unit: string, labelOf: (week: T) => string) => {
    const groups: Array<{ label: string; weeks: T[] }> = [];
    for (const week of weeks) {
      const label = labelOf(week);
      if (groups.at(-1)?.label === label) groups.at(-1)!.weeks.push(week);
      else groups.push({ label, weeks: [week] });
    }
    return { unit, groups };
  };
  if (weeks.length <= MOST_PERIODS) return group('week', (week) => week.week.replace('-', ' '));
  // A week belongs to the month (or quarter) its Monday falls in.
  const months = group('month', (week) => `${MONTHS[Number(week.startsOn.slice(5, 7)) - 1]} ${week.startsOn.slice(0, 4)}`);
  if (months.groups.length <= MOST_PERIODS) return months;
  return group('quarter', (week) => `Q${Math.ceil(Number(week.startsOn.slice(5, 7)) / 3)} ${week.startsOn.slice(0, 4)}`);
}

function chart(w: PdfWriter, title: string, buckets: StatisticBucket[]): void {
  const shown = buckets.filter((b) => (b.count ?? 0) > 0).sort((a, b) => b.count! - a.count!);
  if (!shown.length) {
    w.text(`${title}: no count large enough to chart.`, STYLE.tableNote);
    w.space(8);
    return;
  }
  const bars =
    shown.length > MOST_BARS
      ? [...shown.slice(0, MOST_BARS - 1), { label: 'Other', count: shown.slice(MOST_BARS - 1).reduce((total, b) => total + b.count!, 0) }]
      : shown;
  const scale = countScale(bars.map((b) => b.count!));
  drawBarChart(w, {
    title,
    categories: bars.map((b) => b.label),
    series: [{ name: 'Complaints', color: LODGED_COLOUR, values: scale.values }],
    yAxisTitle: scale.axis,
  });
}

function bucketTable(w: PdfWriter, heading: string, buckets: StatisticBucket[], total: StatisticCount): void {
  drawTable(
    w,
    [
      { header: heading, share: 0.6 },
      { header: 'Complaints', share: 0.2 },
      { header: 'Share', share: 0.2 },
    ],
    buckets.map((b) => ({ cells: [b.label, count(b), b.count !== null && total.count ? `${((100 * b.count) / total.count).toFixed(1)} %` : ''] })),
  );
}

/** Counts as drawn: in thousands, to one decimal, once they are large. */
function countScale(counts: number[]): { values: number[]; axis: string } {
  if (Math.max(...counts) < THOUSANDS_FROM) return { values: counts, axis: 'Complaints' };
  return { values: counts.map((count) => Math.round(count / 100) / 10), axis: 'Complaints (thousands)' };
}

function timeCells(figure: TimeFigure): string[] {
  if (figure.suppressed) return [WITHHELD, '', ''];
  const hours = (value: number | null) => (value === null ? '-' : value.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 }));
  return [number(figure.count ?? 0), hours(figure.medianHours), hours(figure.p90Hours)];
}

function count(value: StatisticCount): string {
  return value.suppressed ? WITHHELD : number(value.count ?? 0);
}

function number(value: number): string {
  return value.toLocaleString('en-GB');
}

/** A heading kept on the page of what follows it: a chart (about 240 points high) or the first rows of a table. */
function section(w: PdfWriter, heading: string, following = 80): void {
  w.keepTogether(w.height(heading, STYLE.heading) + 14 + following);
  w.space(8);
  w.text(heading, STYLE.heading);
  w.space(6);
}

function subheading(w: PdfWriter, text: string): void {
  w.keepTogether(60);
  w.space(4);
  w.text(text, STYLE.subheading);
  w.space(4);
}
