import { COUNTED_DIMENSIONS, NO_TIMES, type ComplaintFigures } from './complaint-figures.js';
import { statisticsCsv } from './statistics-csv.js';
import { visibleStatistics } from './statistics-visibility.js';

function figures(organisationName: string): ComplaintFigures {
  const buckets = Object.fromEntries(COUNTED_DIMENSIONS.map((dimension) => [dimension, []])) as unknown as ComplaintFigures['buckets'];
  buckets.handlingOrganisation = [{ key: 'org-1', label: organisationName, count: 7 }];
  return {
    from: null,
    to: null,
    organisationId: null,
    total: 7,
    buckets,
    toFirstAction: { count: 7, medianHours: 1.5, p90Hours: 2 },
    toResolution: NO_TIMES,
    byOrganisation: [{ organisationId: 'org-1', label: organisationName, toFirstAction: { count: 7, medianHours: 1.5, p90Hours: 2 }, toResolution: NO_TIMES }],
    weekly: [],
    monthly: [],
  };
}

describe('the statistics as CSV', () => {
  it('quotes labels holding commas or quotes, and ends every line with CRLF', () => {
    const csv = statisticsCsv(visibleStatistics(figures('Health, Water & "Sanitation" Partners'), true));
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.split('\r\n')[1]).toBe('total,,All complaints,7,false,7,1.5,2,false,0,,,false');
    expect(csv).toContain('handling_organisation,org-1,"Health, Water & ""Sanitation"" Partners",7,false,7,1.5,2,false,0,,,false\r\n');
  });

  it('keeps a spreadsheet from reading a label as a formula', () => {
    const csv = statisticsCsv(visibleStatistics(figures('=HYPERLINK("http://example.org")'), true));
    expect(csv).toContain(`handling_organisation,org-1,"'=HYPERLINK(""http://example.org"")",7`);
  });
});
