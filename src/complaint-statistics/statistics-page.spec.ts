import { pageFormats } from '../web/page-formats.js';
import { statisticsCharts } from './statistics-page.js';
import type { ComplaintStatistics, TimeFigure } from './statistics-views.js';

const shown = (count: number) => ({ count, suppressed: false });
const WITHHELD = { count: null, suppressed: true };
const NO_TIME: TimeFigure = { count: 0, suppressed: false, medianHours: null, p90Hours: null };

/** Twenty complaints: ten about health shown, water and education withheld; nothing resolved yet. */
const STATISTICS: ComplaintStatistics = {
  from: '2026-01-01',
  to: '2026-01-31',
  organisationId: null,
  smallCountsSuppressed: true,
  total: shown(20),
  bySector: [
    { key: 'EDUCATION', label: 'Education', ...WITHHELD },
    { key: 'HEALTH', label: 'Health', ...shown(10) },
    { key: 'WATER', label: 'Water and sanitation', ...WITHHELD },
    { key: null, label: 'Unclassified', ...shown(0) },
  ],
  byType: [],
  byCounty: [],
  bySubCounty: [{ key: null, label: 'No sub-county given', ...shown(20) }],
  byGender: [
    { key: 'FEMALE', label: 'Female', ...shown(10) },
    { key: null, label: 'Not given', ...shown(10) },
  ],
  byAgeGroup: [],
  byChannel: [],
  byHandlingOrganisation: [],
  byStatus: [],
  timeToFirstAction: { count: 20, suppressed: false, medianHours: 11.5, p90Hours: 19.1 },
  timeToResolution: NO_TIME,
  timesByOrganisation: [],
  weekly: [{ week: '2026-W02', startsOn: '2026-01-05', lodged: WITHHELD, resolved: shown(0) }],
  monthly: [
    { month: '2025-12', startsOn: '2025-12-01', lodged: WITHHELD },
    { month: '2026-01', startsOn: '2026-01-01', lodged: shown(20) },
  ],
};

const t = (key: string) => `«${key}»`;
const charts = (lang: string, dir: 'ltr' | 'rtl') => statisticsCharts(STATISTICS, { t, lang, dir, format: pageFormats(lang, 'Africa/Nairobi') });

describe('the charts of the statistics page', () => {
  it('draws each breakdown, the months and the times, in that order, and the weeks too for those who may read every figure', () => {
    expect(charts('en', 'ltr').map((c) => c.id)).toEqual(['sector', 'type', 'county', 'subCounty', 'gender', 'ageGroup', 'monthly', 'times']);
    const full = statisticsCharts({ ...STATISTICS, smallCountsSuppressed: false }, { t, lang: 'en', dir: 'ltr', format: pageFormats('en', 'Africa/Nairobi') });
    expect(full.map((c) => c.id)).toEqual(['sector', 'type', 'county', 'subCounty', 'gender', 'ageGroup', 'monthly', 'weekly', 'times']);
    expect(full[7].rows).toEqual([{ label: 'January 5, 2026', value: null }]);
    expect(full[7].svg).toContain('>Jan 5<');
  });

  it("names the months in the page's language, a withheld month withheld in the table and in the picture", () => {
    const [en, fr, ar] = [charts('en', 'ltr')[6], charts('fr', 'ltr')[6], charts('ar', 'rtl')[6]];
    expect(en.heading).toBe('«statistics.monthly.heading»');
    expect(en.rows).toEqual([
      { label: 'December 2025', value: null },
      { label: 'January 2026', value: '20' },
    ]);
    // The year under the first column and under January.
    expect(en.svg).toContain('>Dec 2025<');
    expect(en.svg).toContain('>Jan 2026<');
    expect(en.svg.match(/«statistics.withheld»/g)).toHaveLength(1);
    expect(fr.rows.map((r) => r.label)).toEqual(['décembre 2025', 'janvier 2026']);
    expect(ar.rows).toEqual([
      { label: new Intl.DateTimeFormat('ar', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date('2025-12-15')), value: null },
      {
        label: new Intl.DateTimeFormat('ar', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date('2026-01-15')),
        value: new Intl.NumberFormat('ar').format(20),
      },
    ]);
  });

  it('keeps a withheld count withheld in the table and in the picture', () => {
    const sector = charts('en', 'ltr')[0];
    expect(sector.rows).toEqual([
      { label: 'Education', value: null },
      { label: 'Health', value: '10' },
      { label: 'Water and sanitation', value: null },
      { label: '«statistics.unclassified»', value: '0' },
    ]);
    expect(sector.svg.match(/«statistics.withheld»/g)).toHaveLength(2);
  });

  it('names genders and age groups from the catalogues, and the lists by their own names', () => {
    const gender = charts('en', 'ltr')[4];
    expect(gender.rows.map((r) => r.label)).toEqual(['«statistics.gender.FEMALE»', '«statistics.notGiven»']);
    expect(charts('en', 'ltr')[3].rows.map((r) => r.label)).toEqual(['«statistics.noSubCounty»']);
  });

  it('gives times in hours to one decimal, leaving out a time no complaint has reached', () => {
    const times = charts('fr', 'ltr')[7];
    expect(times.note).toBe('«statistics.times.note»');
    expect(times.rows).toEqual([
      { label: '«statistics.times.firstActionMedian»', value: '11,5' },
      { label: '«statistics.times.firstActionP90»', value: '19,1' },
    ]);
  });

  it('draws right to left for a right-to-left language', () => {
    expect(charts('ar', 'rtl')[0].svg).toContain('direction="rtl"');
  });
});
