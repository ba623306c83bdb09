import { barChart, columnChart, type ChartOptions } from './svg-charts.js';

const ENGLISH: ChartOptions = { name: 'Complaints by sector', lang: 'en', dir: 'ltr', withheldText: 'withheld' };
const ARABIC: ChartOptions = { name: 'الشكاوى حسب القطاع', lang: 'ar', dir: 'rtl', withheldText: 'محجوب' };
const SECTORS = [
  { label: 'Health', value: 1200 },
  { label: 'Water', value: 600 },
  { label: 'Roads', value: null },
];

/** The attributes of each element of one kind, in document order. */
function elements(svg: string, tag: string): Array<Record<string, string>> {
  return [...svg.matchAll(new RegExp(`<${tag} ([^>]*?)/?>`, 'g'))].map((m) =>
    Object.fromEntries([...m[1].matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]])),
  );
}
const texts = (svg: string) => [...svg.matchAll(/<text [^>]*>(?:<title>[^<]*<\/title>)?([^<]*)<\/text>/g)].map((m) => m[1]);

describe('a horizontal bar chart', () => {
  it('is an image named for screen readers, with bars in proportion and each number written after its bar', () => {
    const svg = barChart(SECTORS, ENGLISH);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="pactwatch-chart" role="img" aria-label="Complaints by sector" /);
    const bars = elements(svg, 'rect');
    expect(bars).toHaveLength(2);
    expect(Number(bars[0].width)).toBeCloseTo(2 * Number(bars[1].width), 0);
    expect(bars.map((b) => b.x)).toEqual(['260', '260']);
    expect(texts(svg)).toEqual(['Health', '1,200', 'Water', '600', 'Roads', 'withheld']);
  });

  it('draws a withheld figure as the word, never as a number or a bar', () => {
    const svg = barChart([{ label: 'Roads', value: null }], ENGLISH);
    expect(elements(svg, 'rect')).toEqual([]);
    expect(texts(svg)).toEqual(['Roads', 'withheld']);
  });

  it('in Arabic grows its bars from the right, with the labels on the right and the numbers written for Arabic', () => {
    const ltr = elements(barChart(SECTORS, ENGLISH), 'rect');
    const rtl = elements(barChart(SECTORS, ARABIC), 'rect');
    // Mirrored: each bar's right edge is where the left-to-right bar's left edge was, seen from the other side.
    rtl.forEach((bar, index) => expect(Number(bar.x) + Number(bar.width)).toBeCloseTo(720 - Number(ltr[index].x), 1));
    const svg = barChart(SECTORS, ARABIC);
    expect(svg).toContain('direction="rtl"');
    const labels = elements(svg, 'text');
    expect(Number(labels[0].x)).toBeGreaterThan(720 / 2);
    const arabic = new Intl.NumberFormat('ar');
    expect(texts(svg)).toEqual(['Health', arabic.format(1200), 'Water', arabic.format(600), 'Roads', 'محجوب']);
  });

  it('escapes what it is given and cuts long labels, keeping the whole one as the tooltip', () => {
    const long = 'Ministry of Water, Sanitation & Irrigation <Turkana>';
    const svg = barChart([{ label: long, value: 5 }], { ...ENGLISH, name: 'A "quoted" name' });
    expect(svg).toContain('aria-label="A &#34;quoted&#34; name"');
    expect(svg).toContain('<title>Ministry of Water, Sanitation &#38; Irrigation &#60;Turkana&#62;</title>');
    expect(svg).not.toContain('<Turkana>');
    expect(texts(svg)[0]).toBe('Ministry of Water, Sanitation &#38;…');
  });

  it('writes hours with the digits asked for', () => {
    expect(texts(barChart([{ label: 'Median', value: 12.25 }], { ...ENGLISH, fractionDigits: 1 }))).toEqual(['Median', '12.3']);
  });
});

describe('a column chart over time', () => {
  const WEEKS = [
    { label: '5 Jan', value: 10 },
    { label: '12 Jan', value: null },
    { label: '19 Jan', value: 5 },
  ];

  it('draws columns from a common base, a withheld week as an outlined band explained in a key', () => {
    const svg = columnChart(WEEKS, ENGLISH);
    const [first, withheld, third, key] = elements(svg, 'rect');
    expect(Number(first.y) + Number(first.height)).toBeCloseTo(Number(third.y) + Number(third.height), 1);
    expect(Number(first.height)).toBeCloseTo(2 * Number(third.height), 1);
    expect(withheld.fill).toBe('none');
    expect(key.fill).toBe('none');
    expect(texts(svg)).toEqual(['10', '0', '5 Jan', '12 Jan', '19 Jan', 'withheld']);
  });

  it('writes the short name of a date under the axis, as many as fit and none past the end', () => {
    const year = Array.from({ length: 52 }, (_, week) => ({ label: `Week ${week + 1} of 2026`, tick: `W${week + 1}`, value: week }));
    const ticks = texts(columnChart(year, ENGLISH)).slice(2);
    expect(ticks.length).toBeGreaterThan(3);
    expect(ticks.length).toBeLessThanOrEqual(7);
    expect(ticks[0]).toBe('W1');
    const positions = elements(columnChart(year, ENGLISH), 'text')
      .slice(2)
      .map((t) => Number(t.x));
    expect(Math.max(...positions)).toBeLessThanOrEqual(720 - 100);
  });

  it('has no key when nothing is withheld', () => {
    expect(texts(columnChart([{ label: '5 Jan', value: 3 }], ENGLISH))).not.toContain('withheld');
  });

  it('in Arabic runs time from the right', () => {
    const [first, , third] = elements(columnChart(WEEKS, ARABIC), 'rect');
    expect(Number(first.x)).toBeGreaterThan(Number(third.x));
    expect(Number(first.x)).toBeGreaterThan(720 / 2);
  });
});
