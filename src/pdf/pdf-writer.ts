/** The page, colours, type styles and text handling every published document shares. */

const A4_WIDTH = 595.28;
export const MARGINS = { top: 64, bottom: 72, left: 64, right: 64 };
const CONTENT_WIDTH = A4_WIDTH - MARGINS.left - MARGINS.right;
/** Distance of the footer's first line from the bottom edge of the page. */
const FOOTER_OFFSET = 44;

export interface TextStyle {
  font: string;
  size: number;
  color: string;
  lineGap: number;
}

export const INK = '#1a1a1a';
export const MUTED = '#5f6368';
export const ACCENT = '#1f3a5f';
export const ALERT = '#a61b1b';
export const HAIRLINE = '#d9d9d9';

export const STYLE = {
  kicker: { font: 'Helvetica-Bold', size: 12, color: ACCENT, lineGap: 2 },
  title: { font: 'Helvetica-Bold', size: 22, color: INK, lineGap: 4 },
  label: { font: 'Helvetica', size: 8.5, color: MUTED, lineGap: 1 },
  value: { font: 'Helvetica', size: 11, color: INK, lineGap: 2 },
  hash: { font: 'Courier', size: 10, color: INK, lineGap: 2 },
  heading: { font: 'Helvetica-Bold', size: 12.5, color: ACCENT, lineGap: 2 },
  subheading: { font: 'Helvetica-Bold', size: 10.5, color: INK, lineGap: 2 },
  section: { font: 'Helvetica-Bold', size: 16, color: ACCENT, lineGap: 2 },
  body: { font: 'Helvetica', size: 10.5, color: INK, lineGap: 3 },
  organisation: { font: 'Helvetica-Bold', size: 11.5, color: INK, lineGap: 2 },
  detail: { font: 'Helvetica', size: 10, color: INK, lineGap: 2 },
  record: { font: 'Courier', size: 9.5, color: INK, lineGap: 2 },
  consent: { font: 'Helvetica-Oblique', size: 10, color: INK, lineGap: 2 },
  superseded: { font: 'Helvetica-Bold', size: 10, color: ALERT, lineGap: 2 },
  tableHeader: { font: 'Helvetica-Bold', size: 8, color: MUTED, lineGap: 1 },
  tableCell: { font: 'Helvetica', size: 8.5, color: INK, lineGap: 1 },
  tableNote: { font: 'Helvetica-Oblique', size: 8, color: MUTED, lineGap: 1 },
  chartTitle: { font: 'Helvetica-Bold', size: 10, color: INK, lineGap: 1 },
  chartText: { font: 'Helvetica', size: 7, color: MUTED, lineGap: 0 },
  footer: { font: 'Helvetica', size: 7, color: MUTED, lineGap: 0 },
  footerHash: { font: 'Courier', size: 7, color: MUTED, lineGap: 0 },
} satisfies Record<string, TextStyle>;

export interface DocumentInfo {
  title: string;
  language: string;
  author: string;
  contentHash: string;
  /** The publication; pinned as the PDF's dates so a published document always yields the same bytes. */
  publishedAt: Date;
}

/**
 * An A4 document without its first page: the footer listener must be attached before any page exists.
 * pdfkit (with fontkit and its tables) is loaded by the first document rather than at start-up.
 */
export async function newDocument(info: DocumentInfo): Promise<PDFKit.PDFDocument> {
  const { default: PDFDocument } = await import('pdfkit');
  return new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    autoFirstPage: false,
    lang: info.language,
    displayTitle: true,
    info: {
      Title: info.title,
      Subject: info.contentHash,
      Author: info.author,
      Creator: 'Pactwatch',
      // pdfkit stamps "now" and derives the file ID from the info dictionary.
      CreationDate: info.publishedAt,
      ModDate: info.publishedAt,
    },
  });
}

/** The labels a template gives, each missing or blank one replaced by the English default. */
export function withEnglishFallback<K extends string>(english: Record<K, string>, given: Record<string, string>): Record<K, string> {
  const keys = Object.keys(english) as K[];
  return Object.fromEntries(keys.map((key) => [key, given[key]?.trim() || english[key]])) as Record<K, string>;
}

export interface FooterText {
  contentHashLabel: string;
  pageLabel: string;
  contentHash: string;
}

/**
 * Owns the drawing state so the footer, which runs in the middle of whatever text caused
 * the page break, can put the font and colour back for the rest of that text.
 */
export class PdfWriter {
  readonly left = MARGINS.left;
  readonly width = CONTENT_WIDTH;
  private style: TextStyle = STYLE.body;
  /** The fill colour last set on the current page. */
  private color: string | null = null;
  private readonly lineHeights = new Map<TextStyle, number>();
  private pages = 0;

  constructor(
    readonly doc: PDFKit.PDFDocument,
    private readonly footer: FooterText,
  ) {
    doc.on('pageAdded', () => this.drawFooter());
  }

  get pageCount(): number {
    return this.pages;
  }

  /** The lowest y that text may reach on this page. */
  get bottom(): number {
    return this.doc.page.maxY();
  }

  use(style: TextStyle): this {
    this.style = style;
    this.doc.font(style.font).fontSize(style.size);
    // pdfkit writes a colour operator on every call; a long table would repeat it thousands of times.
    if (style.color !== this.color) this.doc.fillColor(style.color);
    this.color = style.color;
    return this;
  }

  /** Text from the cursor (or x, y) to the right margin, wrapped and flowing onto new pages. */
  text(value: string, style: TextStyle, options: PDFKit.Mixins.TextOptions & { x?: number; y?: number } = {}): this {
    const { x = this.left, y = this.doc.y, ...rest } = options;
    this.use(style);
    this.doc.text(forStandardFont(value), x, y, { width: this.left + this.width - x, lineGap: style.lineGap, ...rest });
    this.doc.x = this.left;
    return this;
  }

  height(value: string, style: TextStyle, width = this.width): number {
    this.use(style);
    return this.doc.heightOfString(forStandardFont(value), { width, lineGap: style.lineGap });
  }

  /** The height one line of `style` takes, gap included, as pdfkit's wrapper advances it. */
  lineHeight(style: TextStyle): number {
    let height = this.lineHeights.get(style);
    if (height === undefined) {
      this.use(style);
      height = this.doc.heightOfString('X', { width: this.width, lineGap: style.lineGap });
      this.lineHeights.set(style, height);
    }
    return height;
  }

  widthOf(value: string, style: TextStyle): number {
    this.use(style);
    return this.doc.widthOfString(forStandardFont(value));
  }

  /** One line at a fixed place that leaves the text cursor where it was: chart and table labels. */
  label(value: string, style: TextStyle, x: number, y: number): void {
    const { x: cursorX, y: cursorY } = this.doc;
    this.use(style);
    this.doc.text(forStandardFont(value), x, y, { lineBreak: false });
    this.doc.x = cursorX;
    this.doc.y = cursorY;
  }

  /** A label read bottom to top, its baseline starting at (x, y): the title of a chart's y axis. */
  verticalLabel(value: string, style: TextStyle, x: number, y: number): void {
    const color = this.color;
    this.doc.save().rotate(-90, { origin: [x, y] });
    this.label(value, style, x, y);
    this.doc.restore();
    // Restoring the graphics state also restored the colour in force before.
    this.color = color;
  }

  /** Starts a new page unless `height` still fits, so a heading is not left alone at the foot. */
  keepTogether(height: number): void {
    const usable = this.bottom - MARGINS.top;
    if (this.doc.y + height > this.bottom && height <= usable) this.doc.addPage();
  }

  space(points: number): void {
    this.doc.y += points;
  }

  rule(color: string, lineWidth: number, y = this.doc.y): void {
    this.doc
      .save()
      .moveTo(this.left, y)
      .lineTo(this.left + this.width, y)
      .lineWidth(lineWidth)
      .strokeColor(color)
      .stroke()
      .restore();
  }

  /**
   * Paragraphs of a template body (see `paragraphs`); one opening with "(a)", "(iv)", "-"
   * or "•" is a list item set with a hanging indent.
   */
  prose(body: string[], style: TextStyle = STYLE.body, indent = 0): void {
    const x = this.left + indent;
    for (const paragraph of body) {
      const item = LIST_ITEM.exec(paragraph);
      if (item) {
        const [, marker, rest] = item;
        this.keepTogether(this.height('X', style));
        const y = this.doc.y;
        this.text(marker, style, { x, y, lineBreak: false });
        this.text(rest, style, { x: x + LIST_INDENT, y });
      } else {
        this.text(paragraph, style, { x });
      }
      this.space(PARAGRAPH_GAP);
    }
  }

  /** A label above its values, kept on one page: the title pages' fields. */
  field(label: string, ...values: [string, TextStyle][]): void {
    this.keepTogether(values.reduce((sum, [value, style]) => sum + this.height(value, style), this.height(label, STYLE.label)));
    this.text(label, STYLE.label);
    this.space(2);
    for (const [value, style] of values) this.text(value, style);
    this.space(14);
  }

  private drawFooter(): void {
    this.pages += 1;
    // A new page starts from the default graphics state.
    this.color = null;
    const { doc } = this;
    const { x, y } = doc;
    const resume = this.style;
    const bottomMargin = doc.page.margins.bottom;
    // Text below maxY() would make pdfkit start yet another page.
    doc.page.margins.bottom = 0;

    const top = doc.page.height - FOOTER_OFFSET;
    this.rule('#c8c8c8', 0.5, top - 6);
    const hashLabel = `${forStandardFont(this.footer.contentHashLabel)}: `;
    this.use(STYLE.footer);
    doc.text(hashLabel, this.left, top, { lineBreak: false });
    const hashX = this.left + doc.widthOfString(hashLabel);
    this.use(STYLE.footerHash);
    doc.text(this.footer.contentHash, hashX, top, { lineBreak: false });
    const pageLabel = `${forStandardFont(this.footer.pageLabel)} ${this.pages}`;
    this.use(STYLE.footer);
    doc.text(pageLabel, this.left + this.width - doc.widthOfString(pageLabel), top, { lineBreak: false });

    doc.page.margins.bottom = bottomMargin;
    doc.x = x;
    doc.y = y;
    this.use(resume);
  }
}

const LIST_ITEM = /^(\([a-z0-9]{1,4}\)|[-•])\s+(.*)$/is;
const LIST_INDENT = 24;
const PARAGRAPH_GAP = 6;

/** Template bodies: paragraphs are separated by a blank line, a single line break is a soft wrap. */
export function paragraphs(body: string): string[] {
  return body
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.replace(/[ \t\r\n]+/g, ' ').trim())
    .filter((paragraph) => paragraph.length > 0);
}

/** ISO 8601 in UTC to the second: the form a record is cited in. */
export function isoUtc(date: Date | string): string {
  return new Date(date).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Latin-1 plus the characters WinAnsiEncoding adds to it; pdfkit maps these for the built-in fonts. */
const WIN_ANSI_CLASS = '\\n\\x20-\\x7e\\xa0-\\xff€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
const OUTSIDE_WIN_ANSI = new RegExp(`[^${WIN_ANSI_CLASS}]`, 'gu');
const ONLY_WIN_ANSI = new RegExp(`^[${WIN_ANSI_CLASS}]+$`, 'u');
/** Letters whose stroke is not a combining mark, so Unicode decomposition cannot strip it. */
const STROKED_LETTERS: Record<string, string> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Ħ: 'H', ħ: 'h', ı: 'i' };

/**
 * The built-in fonts only hold WinAnsi glyphs and pdfkit writes anything else as garbage,
 * so names and statements typed by users are brought into that set: composed accents,
 * French narrow no-break spaces become no-break spaces, and letters outside it lose their
 * diacritics or become "?".
 */
export function forStandardFont(value: string): string {
  return value
    .normalize('NFC')
    .replace(/[\u2007\u202f]/g, '\u00a0')
    .replace(/[\t\u2000-\u2006\u2008-\u200a\u205f\u3000]/g, ' ')
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .replace(/[\u2010\u2011\u2212]/g, '-')
    .replace(OUTSIDE_WIN_ANSI, (char) => {
      const stripped = STROKED_LETTERS[char] ?? char.normalize('NFD').replace(/\p{M}/gu, '');
      return ONLY_WIN_ANSI.test(stripped) ? stripped : '?';
    });
}
