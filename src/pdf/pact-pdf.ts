import PDFDocument from 'pdfkit';

export interface PactPdfContent {
  labels: Record<string, string>;
  procurement: { reference: string; title: string; authorityName: string };
  version: { number: number; title: string; language: string; publishedAt: Date; contentHash: string };
  clauses: { key: string; heading: string; body: string }[];
  signatures: {
    id: string;
    party: 'AUTHORITY' | 'BIDDER';
    organisationName: string;
    signerName: string;
    signerTitle: string;
    consentStatement: string;
    signedAt: Date;
    superseded: boolean;
  }[];
}

export type PactPdfClause = PactPdfContent['clauses'][number];
export type PactPdfSignature = PactPdfContent['signatures'][number];
export type PactPdfLabelKey = keyof typeof ENGLISH_LABELS;

/**
 * Starts rendering and returns the pdfkit document (a Readable stream); the caller pipes it.
 *
 * Clause bodies follow the template convention: paragraphs are separated by a blank line,
 * a single line break is a soft wrap, and a paragraph opening with "(a)", "(iv)", "-" or
 * "•" is a list item set with a hanging indent.
 */
export function renderPactPdf(content: PactPdfContent): PDFKit.PDFDocument {
  const labels = resolveLabels(content.labels);
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    // The footer listener must be attached before the first page exists.
    autoFirstPage: false,
    lang: content.version.language,
    displayTitle: true,
    info: {
      Title: content.version.title,
      Subject: content.version.contentHash,
      Author: content.procurement.authorityName,
      Creator: 'Pactwatch',
      // pdfkit stamps "now" and derives the file ID from the info dictionary; pinning the
      // dates to the publication makes a published version always yield the same bytes.
      CreationDate: content.version.publishedAt,
      ModDate: content.version.publishedAt,
    },
  });
  const writer = new PactWriter(doc, labels, content.version.contentHash);

  doc.addPage();
  drawTitlePage(writer, content, labels);
  doc.addPage();
  drawClauses(writer, content.clauses);
  doc.addPage();
  drawSignatures(writer, content.signatures, labels);

  doc.end();
  return doc;
}

const ENGLISH_LABELS = {
  document: 'Integrity Pact',
  reference: 'Procurement reference',
  authority: 'Contracting authority',
  version: 'Version',
  publishedAt: 'Published',
  contentHash: 'Content hash (SHA-256)',
  signatures: 'Signatures',
  signedAt: 'Signed at',
  record: 'Record',
  party: 'Party',
  partyAuthority: 'Contracting authority',
  partyBidder: 'Bidder',
  consent: 'Consent',
  superseded: 'Superseded by a later version',
  noSignatures: 'No signatures yet.',
  page: 'Page',
} as const;

type Labels = Record<PactPdfLabelKey, string>;

function resolveLabels(given: Record<string, string>): Labels {
  const keys = Object.keys(ENGLISH_LABELS) as PactPdfLabelKey[];
  return Object.fromEntries(keys.map((key) => [key, given[key]?.trim() || ENGLISH_LABELS[key]])) as Labels;
}

const A4_WIDTH = 595.28;
const MARGINS = { top: 64, bottom: 72, left: 64, right: 64 };
const CONTENT_WIDTH = A4_WIDTH - MARGINS.left - MARGINS.right;
/** Distance of the footer's first line from the bottom edge of the page. */
const FOOTER_OFFSET = 44;

interface TextStyle {
  font: string;
  size: number;
  color: string;
  lineGap: number;
}

const INK = '#1a1a1a';
const MUTED = '#5f6368';
const ACCENT = '#1f3a5f';
const ALERT = '#a61b1b';

const STYLE = {
  kicker: { font: 'Helvetica-Bold', size: 12, color: ACCENT, lineGap: 2 },
  title: { font: 'Helvetica-Bold', size: 22, color: INK, lineGap: 4 },
  label: { font: 'Helvetica', size: 8.5, color: MUTED, lineGap: 1 },
  value: { font: 'Helvetica', size: 11, color: INK, lineGap: 2 },
  hash: { font: 'Courier', size: 10, color: INK, lineGap: 2 },
  heading: { font: 'Helvetica-Bold', size: 12.5, color: ACCENT, lineGap: 2 },
  section: { font: 'Helvetica-Bold', size: 16, color: ACCENT, lineGap: 2 },
  body: { font: 'Helvetica', size: 10.5, color: INK, lineGap: 3 },
  organisation: { font: 'Helvetica-Bold', size: 11.5, color: INK, lineGap: 2 },
  detail: { font: 'Helvetica', size: 10, color: INK, lineGap: 2 },
  record: { font: 'Courier', size: 9.5, color: INK, lineGap: 2 },
  consent: { font: 'Helvetica-Oblique', size: 10, color: INK, lineGap: 2 },
  superseded: { font: 'Helvetica-Bold', size: 10, color: ALERT, lineGap: 2 },
  footer: { font: 'Helvetica', size: 7, color: MUTED, lineGap: 0 },
  footerHash: { font: 'Courier', size: 7, color: MUTED, lineGap: 0 },
} satisfies Record<string, TextStyle>;

/**
 * Owns the drawing state so the footer, which runs in the middle of whatever text caused
 * the page break, can put the font and colour back for the rest of that text.
 */
class PactWriter {
  readonly left = MARGINS.left;
  readonly width = CONTENT_WIDTH;
  private style: TextStyle = STYLE.body;
  private pages = 0;

  constructor(
    readonly doc: PDFKit.PDFDocument,
    private readonly labels: Labels,
    private readonly contentHash: string,
  ) {
    doc.on('pageAdded', () => this.drawFooter());
  }

  get pageCount(): number {
    return this.pages;
  }

  use(style: TextStyle): this {
    this.style = style;
    this.doc.font(style.font).fontSize(style.size).fillColor(style.color);
    return this;
  }

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

  /** Starts a new page unless `height` still fits, so a heading is not left alone at the foot. */
  keepTogether(height: number): void {
    const usable = this.doc.page.maxY() - MARGINS.top;
    if (this.doc.y + height > this.doc.page.maxY() && height <= usable) this.doc.addPage();
  }

  space(points: number): void {
    this.doc.y += points;
  }

  rule(color: string, lineWidth: number, y = this.doc.y): void {
    this.doc.save().moveTo(this.left, y).lineTo(this.left + this.width, y).lineWidth(lineWidth).strokeColor(color).stroke().restore();
  }

  private drawFooter(): void {
    this.pages += 1;
    const { doc } = this;
    const { x, y } = doc;
    const resume = this.style;
    const bottomMargin = doc.page.margins.bottom;
    // Text below maxY() would make pdfkit start yet another page.
    doc.page.margins.bottom = 0;

    const top = doc.page.height - FOOTER_OFFSET;
    this.rule('#c8c8c8', 0.5, top - 6);
    const hashLabel = `${forStandardFont(this.labels.contentHash)}: `;
    this.use(STYLE.footer);
    doc.text(hashLabel, this.left, top, { lineBreak: false });
    const hashX = this.left + doc.widthOfString(hashLabel);
    this.use(STYLE.footerHash);
    doc.text(this.contentHash, hashX, top, { lineBreak: false });
    const pageLabel = `${forStandardFont(this.labels.page)} ${this.pages}`;
    this.use(STYLE.footer);
    doc.text(pageLabel, this.left + this.width - doc.widthOfString(pageLabel), top, { lineBreak: false });

    doc.page.margins.bottom = bottomMargin;
    doc.x = x;
    doc.y = y;
    this.use(resume);
  }
}

function drawTitlePage(w: PactWriter, content: PactPdfContent, labels: Labels): void {
  const { procurement, version } = content;
  w.space(110);
  w.text(labels.document, STYLE.kicker);
  w.space(10);
  w.text(version.title, STYLE.title);
  w.space(18);
  w.rule(ACCENT, 1.5);
  w.space(24);

  const field = (label: string, ...values: [string, TextStyle][]): void => {
    w.keepTogether(values.reduce((sum, [value, style]) => sum + w.height(value, style), w.height(label, STYLE.label)));
    w.text(label, STYLE.label);
    w.space(2);
    for (const [value, style] of values) w.text(value, style);
    w.space(14);
  };
  field(labels.reference, [procurement.reference, STYLE.value], [procurement.title, STYLE.detail]);
  field(labels.authority, [procurement.authorityName, STYLE.value]);
  field(labels.version, [String(version.number), STYLE.value]);
  field(labels.publishedAt, [isoUtc(version.publishedAt), STYLE.value]);
  field(labels.contentHash, [version.contentHash, STYLE.hash]);
}

const LIST_ITEM = /^(\([a-z0-9]{1,4}\)|[-•])\s+(.*)$/is;
const LIST_INDENT = 24;
const PARAGRAPH_GAP = 6;

function drawClauses(w: PactWriter, clauses: PactPdfClause[]): void {
  clauses.forEach((clause, index) => {
    const heading = `${index + 1}. ${clause.heading}`;
    const body = paragraphs(clause.body);
    const firstLines = w.height('X\nX\nX', STYLE.body);
    w.keepTogether(w.height(heading, STYLE.heading) + 6 + (body.length > 0 ? firstLines : 0));
    w.text(heading, STYLE.heading);
    w.space(6);

    for (const paragraph of body) {
      const item = LIST_ITEM.exec(paragraph);
      if (item) {
        const [, marker, rest] = item;
        w.keepTogether(w.height('X', STYLE.body));
        const y = w.doc.y;
        w.text(marker, STYLE.body, { y, lineBreak: false });
        w.text(rest, STYLE.body, { x: w.left + LIST_INDENT, y });
      } else {
        w.text(paragraph, STYLE.body);
      }
      w.space(PARAGRAPH_GAP);
    }
    w.space(10);
  });
}

function paragraphs(body: string): string[] {
  return body
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.replace(/[ \t\r\n]+/g, ' ').trim())
    .filter((paragraph) => paragraph.length > 0);
}

const SIGNATURE_LABEL_WIDTH = 96;

function drawSignatures(w: PactWriter, signatures: PactPdfSignature[], labels: Labels): void {
  w.text(labels.signatures, STYLE.section);
  w.space(12);
  if (signatures.length === 0) {
    w.text(labels.noSignatures, STYLE.body);
    return;
  }

  const valueWidth = w.width - SIGNATURE_LABEL_WIDTH;
  for (const signature of signatures) {
    const rows: [string, string, TextStyle][] = [
      [labels.party, signature.party === 'AUTHORITY' ? labels.partyAuthority : labels.partyBidder, STYLE.detail],
      [labels.signedAt, isoUtc(signature.signedAt), STYLE.detail],
      [labels.record, signature.id, STYLE.record],
      [labels.consent, signature.consentStatement, STYLE.consent],
    ];
    const signer = [signature.signerName, signature.signerTitle].filter((part) => part.trim()).join(', ');
    const blockHeight =
      w.height(signature.organisationName, STYLE.organisation) +
      w.height(signer, STYLE.detail) +
      rows.reduce((sum, [, value, style]) => sum + w.height(value, style, valueWidth) + 3, 0) +
      (signature.superseded ? w.height(labels.superseded, STYLE.superseded) : 0) +
      24;
    w.keepTogether(blockHeight);

    w.text(signature.organisationName, STYLE.organisation);
    w.text(signer, STYLE.detail);
    if (signature.superseded) w.text(labels.superseded, STYLE.superseded);
    w.space(6);
    for (const [label, value, style] of rows) {
      const y = w.doc.y;
      const page = w.pageCount;
      w.text(label, STYLE.label, { y: y + 1, width: SIGNATURE_LABEL_WIDTH - 8 });
      const labelBottom = w.doc.y;
      w.text(value, style, { x: w.left + SIGNATURE_LABEL_WIDTH, y });
      // A long consent statement may flow onto the next page, leaving the label behind.
      if (w.pageCount === page) w.doc.y = Math.max(w.doc.y, labelBottom);
      w.space(3);
    }
    w.space(8);
    w.rule('#d9d9d9', 0.5);
    w.space(12);
  }
}

/** ISO 8601 in UTC to the second: the form a signature record is cited in. */
function isoUtc(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
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
function forStandardFont(value: string): string {
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
