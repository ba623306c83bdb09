import { INK, STYLE, type PdfWriter } from './pdf-writer.js';

export interface BarChart {
  title: string;
  /** One bar per category, left to right. */
  categories: string[];
  /** Stacked bottom to top in this order; each has one value per category. */
  series: { name: string; color: string; values: number[] }[];
  yAxisTitle: string;
}

const PLOT_HEIGHT = 150;
const Y_AXIS_WIDTH = 34;
const GRID = '#e3e3e3';
const TICKS_WANTED = 5;
/** Room between the title and the plot for the total printed above the tallest bar. */
const TITLE_GAP = 12;

/**
 * A stacked bar chart drawn with pdfkit's own rectangles and lines, kept on one page: a
 * title, a y axis with round ticks and its title, one labelled bar per category with its
 * total above it, and a legend naming the series.
 */
export function drawBarChart(w: PdfWriter, chart: BarChart): void {
  const { doc } = w;
  const labelLines = chart.categories.map((category) => categoryLines(w, category, bandWidth(w, chart)));
  const labelHeight = Math.max(1, ...labelLines.map((lines) => lines.length)) * (STYLE.chartText.size + 1.5);
  const titleHeight = w.height(chart.title, STYLE.chartTitle);
  const legendHeight = 14;
  w.keepTogether(titleHeight + TITLE_GAP + PLOT_HEIGHT + 6 + labelHeight + 8 + legendHeight);

  w.text(chart.title, STYLE.chartTitle);
  const plotTop = doc.y + TITLE_GAP;
  const plotBottom = plotTop + PLOT_HEIGHT;
  const plotLeft = w.left + Y_AXIS_WIDTH;
  const plotRight = w.left + w.width;
  const totals = chart.categories.map((_, index) => chart.series.reduce((sum, s) => sum + s.values[index], 0));
  const step = tickStep(Math.max(...totals));
  const top = Math.max(step, Math.ceil(Math.max(...totals) / step) * step);
  const yOf = (value: number) => plotBottom - (value / top) * PLOT_HEIGHT;

  for (let tick = 0; tick <= top; tick += step) {
    const y = yOf(tick);
    doc.save().moveTo(plotLeft, y).lineTo(plotRight, y).lineWidth(0.4).strokeColor(GRID).stroke().restore();
    const text = String(tick);
    w.label(text, STYLE.chartText, plotLeft - 4 - w.widthOf(text, STYLE.chartText), y - STYLE.chartText.size / 2);
  }
  const axisTitleWidth = w.widthOf(chart.yAxisTitle, STYLE.chartText);
  const axisX = w.left + 2;
  const axisY = (plotTop + plotBottom) / 2 + axisTitleWidth / 2;
  w.verticalLabel(chart.yAxisTitle, STYLE.chartText, axisX, axisY);

  const band = bandWidth(w, chart);
  const barWidth = Math.min(band * 0.6, 36);
  chart.categories.forEach((_, index) => {
    const x = plotLeft + index * band + (band - barWidth) / 2;
    let stacked = 0;
    for (const series of chart.series) {
      const value = series.values[index];
      if (value <= 0) continue;
      doc
        .save()
        .rect(x, yOf(stacked + value), barWidth, yOf(stacked) - yOf(stacked + value))
        .fill(series.color)
        .restore();
      stacked += value;
    }
    if (totals[index] > 0) {
      const text = String(totals[index]);
      w.label(text, STYLE.chartText, x + (barWidth - w.widthOf(text, STYLE.chartText)) / 2, yOf(totals[index]) - STYLE.chartText.size - 2);
    }
    labelLines[index].forEach((line, lineIndex) => {
      const lineX = plotLeft + index * band + (band - w.widthOf(line, STYLE.chartText)) / 2;
      w.label(line, STYLE.chartText, lineX, plotBottom + 4 + lineIndex * (STYLE.chartText.size + 1.5));
    });
  });
  doc.save().moveTo(plotLeft, plotTop).lineTo(plotLeft, plotBottom).lineTo(plotRight, plotBottom).lineWidth(0.8).strokeColor(INK).stroke().restore();

  drawLegend(w, chart, plotLeft, plotBottom + 6 + labelHeight + 8);
  doc.y += legendHeight;
  w.space(8);
}

/** One coloured square and name per series, in a row; leaves doc.y at the row's top. */
function drawLegend(w: PdfWriter, chart: BarChart, left: number, top: number): void {
  let x = left;
  for (const series of chart.series) {
    w.doc.save().rect(x, top, 7, 7).fill(series.color).restore();
    w.label(series.name, STYLE.chartText, x + 10, top);
    x += 10 + w.widthOf(series.name, STYLE.chartText) + 14;
  }
  w.doc.y = top;
}

function bandWidth(w: PdfWriter, chart: BarChart): number {
  return (w.width - Y_AXIS_WIDTH) / Math.max(1, chart.categories.length);
}

/** A category name too wide for its bar is split into two lines at the space nearest its middle. */
function categoryLines(w: PdfWriter, category: string, band: number): string[] {
  if (w.widthOf(category, STYLE.chartText) <= band - 4) return [category];
  const spaces = [...category.matchAll(/ /g)].map((m) => m.index);
  if (!spaces.length) return [category];
  const middle = spaces.reduce((best, index) => (Math.abs(index - category.length / 2) < Math.abs(best - category.length / 2) ? index : best));
  return [category.slice(0, middle), category.slice(middle + 1)];
}

/** 1, 2 or 5 times a power of ten, giving about five ticks up to `max`. */
export function tickStep(max: number): number {
  if (max <= TICKS_WANTED) return 1;
  const rough = max / TICKS_WANTED;
  const power = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= rough)!;
}
