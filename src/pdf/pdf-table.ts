import { HAIRLINE, MUTED, STYLE, type PdfWriter, type TextStyle } from './pdf-writer.js';

export interface TableColumn {
  header: string;
  /** Share of the content width; the shares of a table add up to 1. */
  share: number;
}

export interface TableRow {
  cells: string[];
  /** Full-width lines under the row (a description, the responses to a finding); they may run onto the next page. */
  details?: { text: string; style: TextStyle }[];
}

const PADDING = 3;
const DETAIL_INDENT = 12;

/**
 * A table whose header is repeated at the top of every page it runs onto. Each row's cells
 * stay on one page; the details under a row flow like body text.
 */
export function drawTable(w: PdfWriter, columns: TableColumn[], rows: TableRow[]): void {
  const widths = columns.map((column) => column.share * w.width);
  const offsets = widths.map((_, index) => widths.slice(0, index).reduce((sum, width) => sum + width, 0));
  let headerPage = -1;

  // Each cell is measured once: most fit on one line and are then set without the wrapper.
  const layOut = (texts: string[], style: TextStyle) => {
    const cells = texts.map((text, index) => {
      const width = widths[index] - 2 * PADDING;
      const oneLine = !text.includes('\n') && w.widthOf(text, style) <= width;
      return { text, width, oneLine, height: oneLine ? w.lineHeight(style) : w.height(text, style, width) };
    });
    return { cells, height: Math.max(...cells.map((cell) => cell.height)) + 2 * PADDING };
  };
  const drawCells = ({ cells, height }: ReturnType<typeof layOut>, style: TextStyle) => {
    const y = w.doc.y;
    cells.forEach((cell, index) => {
      const x = w.left + offsets[index] + PADDING;
      if (cell.oneLine) w.label(cell.text, style, x, y + PADDING);
      else w.text(cell.text, style, { x, y: y + PADDING, width: cell.width });
    });
    w.doc.y = y + height;
  };
  const header = layOut(
    columns.map((c) => c.header),
    STYLE.tableHeader,
  );
  const drawHeader = () => {
    drawCells(header, STYLE.tableHeader);
    w.rule(MUTED, 0.6);
    headerPage = w.pageCount;
  };

  for (const row of rows) {
    const cells = layOut(row.cells, STYLE.tableCell);
    const firstDetail = row.details?.length ? w.lineHeight(row.details[0].style) : 0;
    w.keepTogether((headerPage === w.pageCount ? 0 : header.height) + cells.height + firstDetail);
    if (headerPage !== w.pageCount) drawHeader();
    drawCells(cells, STYLE.tableCell);
    for (const detail of row.details ?? []) {
      w.text(detail.text, detail.style, { x: w.left + DETAIL_INDENT });
      w.space(2);
    }
    if (row.details?.length) w.space(PADDING);
    // Details that ran onto a new page leave the next row to open with the header again.
    w.rule(HAIRLINE, 0.4);
  }
  w.space(10);
}
