import type { TextDirection } from './catalogues.js';

/** One bar or column; `value` null when the figure is withheld, which is drawn as withheld, never as a number. */
export interface ChartDatum {
  label: string;
  value: number | null;
  /** A shorter name under a column chart's axis, where the whole label would not fit (a week's date without its year). */
  tick?: string;
}

export interface ChartOptions {
  /** The chart's accessible name; its figures are in the table beside it. */
  name: string;
  /** The page's language: numbers are written for it. */
  lang: string;
  /** Right to left: bars grow from the right, labels sit on the right, time runs from the right. */
  dir: TextDirection;
  /** Written where a withheld figure would be. */
  withheldText: string;
  /** Digits after the decimal point (hours are given to one). */
  fractionDigits?: number;
}

const WIDTH = 720;
const PAD = 8;
const BAR_ROW = 30;
const BAR_THICKNESS = 20;
const LABEL_WIDTH = 260;
/** Room after the longest bar for its number. */
const VALUE_ROOM = 110;
const COLUMN_AREA = 220;
const AXIS_ROOM = 48;
const LONGEST_LABEL = 32;
/** Room for one date under the axis: fewer dates are written when the columns are narrower. */
const TICK_ROOM = 100;

/** Colours with enough contrast on white (WCAG AA), as presentation attributes: the CSP allows no inline style. */
const INK = '#0b0c0c';
const BAR = '#1d70b8';
const MUTED = '#505a5f';

/**
 * Horizontal bars, one per value of a breakdown, drawn as an SVG document in the page. Laid out
 * left to right, then mirrored for a right-to-left page: every x becomes WIDTH − x, and the
 * text's anchors stay as they are because `direction="rtl"` turns their meaning round too.
 */
export function barChart(data: readonly ChartDatum[], options: ChartOptions): string {
  const draw = canvas(options);
  const scale = (WIDTH - LABEL_WIDTH - VALUE_ROOM) / Math.max(1, ...data.map((d) => d.value ?? 0));
  const rows = data.map((datum, index) => {
    const middle = PAD + index * BAR_ROW + BAR_ROW / 2;
    const label = draw.text(LABEL_WIDTH - PAD, middle, 'end', shorten(datum.label), datum.label);
    if (datum.value === null) return label + draw.text(LABEL_WIDTH + PAD, middle, 'start', options.withheldText, undefined, MUTED, true);
    const length = datum.value * scale;
    return (
      label +
      draw.rect(LABEL_WIDTH, middle - BAR_THICKNESS / 2, length, BAR_THICKNESS) +
      draw.text(LABEL_WIDTH + length + PAD, middle, 'start', draw.number(datum.value))
    );
  });
  return draw.svg(PAD * 2 + data.length * BAR_ROW, rows.join(''));
}

/**
 * Columns over time (one per week), with the largest value and zero marked on the axis and as
 * many dates under it as fit. A withheld column is an outlined band of full height, named in the key.
 */
export function columnChart(data: readonly ChartDatum[], options: ChartOptions): string {
  const draw = canvas(options);
  const left = AXIS_ROOM + PAD;
  const step = (WIDTH - left - PAD) / Math.max(1, data.length);
  const largest = Math.max(0, ...data.map((d) => d.value ?? 0));
  const scale = COLUMN_AREA / Math.max(1, largest);
  const bottom = PAD + COLUMN_AREA;
  const labelEvery = Math.ceil(TICK_ROOM / step);
  const parts = [
    draw.text(AXIS_ROOM, PAD + 6, 'end', draw.number(largest)),
    draw.text(AXIS_ROOM, bottom, 'end', draw.number(0)),
    draw.line(left, bottom, WIDTH - PAD, bottom),
  ];
  data.forEach((datum, index) => {
    const x = left + index * step + step * 0.15;
    const width = step * 0.7;
    if (datum.value === null) parts.push(draw.rect(x, PAD, width, COLUMN_AREA, true));
    else parts.push(draw.rect(x, bottom - datum.value * scale, width, datum.value * scale));
    // A date that would run past the end of the chart is left out; the table has every week.
    if (index % labelEvery === 0 && x + TICK_ROOM <= WIDTH) parts.push(draw.text(x, bottom + 20, 'start', datum.tick ?? datum.label));
  });
  const withheld = data.some((d) => d.value === null);
  if (withheld) parts.push(draw.rect(left, bottom + 32, 14, 14, true), draw.text(left + 22, bottom + 39, 'start', options.withheldText, undefined, MUTED));
  return draw.svg(bottom + (withheld ? 56 : 30), parts.join(''));
}

/** The drawing primitives of one chart, in left-to-right coordinates, mirrored on output when the page is right to left. */
function canvas({ name, lang, dir, fractionDigits = 0 }: ChartOptions) {
  const rtl = dir === 'rtl';
  const mirror = (x: number) => (rtl ? WIDTH - x : x);
  const numbers = new Intl.NumberFormat(lang, { maximumFractionDigits: fractionDigits });
  const at = (value: number) => String(Math.round(value * 10) / 10);
  return {
    number: (value: number) => numbers.format(value),
    text(x: number, middle: number, anchor: 'start' | 'end', content: string, full?: string, fill = INK, italic = false) {
      const title = full && full !== content ? `<title>${escape(full)}</title>` : '';
      const style = italic ? ' font-style="italic"' : '';
      return `<text x="${at(mirror(x))}" y="${at(middle)}" dominant-baseline="middle" text-anchor="${anchor}" fill="${fill}"${style}>${title}${escape(content)}</text>`;
    },
    rect(x: number, y: number, width: number, height: number, withheld = false) {
      const paint = withheld ? `fill="none" stroke="${MUTED}" stroke-dasharray="4 3"` : `fill="${BAR}"`;
      return `<rect x="${at(rtl ? WIDTH - x - width : x)}" y="${at(y)}" width="${at(width)}" height="${at(height)}" ${paint}/>`;
    },
    line(x1: number, y: number, x2: number, y2 = y) {
      return `<line x1="${at(mirror(x1))}" y1="${at(y)}" x2="${at(mirror(x2))}" y2="${at(y2)}" stroke="${INK}"/>`;
    },
    svg(height: number, body: string) {
      return (
        `<svg xmlns="http://www.w3.org/2000/svg" class="pactwatch-chart" role="img" aria-label="${escape(name)}" viewBox="0 0 ${WIDTH} ${at(height)}"` +
        ` direction="${dir}" font-size="15">${body}</svg>`
      );
    },
  };
}

/** Long names are cut in the picture (with the whole name as its tooltip); the table beside it has them whole. */
function shorten(label: string): string {
  return label.length > LONGEST_LABEL ? `${label.slice(0, LONGEST_LABEL - 1)}…` : label;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
