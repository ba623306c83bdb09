import { drawCheckpointPage, ENGLISH_CHECKPOINT_LABELS } from '../pdf/checkpoint-page.js';
import { ACCENT, HAIRLINE, isoUtc, newDocument, paragraphs, PdfWriter, STYLE, withEnglishFallback, type TextStyle } from '../pdf/pdf-writer.js';

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
  /** The audit log checkpoint made with the newest of the version's publication and signatures. */
  checkpoint?: string | null;
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
export async function renderPactPdf(content: PactPdfContent): Promise<PDFKit.PDFDocument> {
  const labels = withEnglishFallback(ENGLISH_LABELS, content.labels);
  const doc = await newDocument({
    title: content.version.title,
    language: content.version.language,
    author: content.procurement.authorityName,
    contentHash: content.version.contentHash,
    publishedAt: content.version.publishedAt,
  });
  const writer = new PdfWriter(doc, { contentHashLabel: labels.contentHash, pageLabel: labels.page, contentHash: content.version.contentHash });

  doc.addPage();
  drawTitlePage(writer, content, labels);
  doc.addPage();
  drawClauses(writer, content.clauses);
  doc.addPage();
  drawSignatures(writer, content.signatures, labels);
  drawCheckpointPage(writer, labels, content.checkpoint ?? null);

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
  ...ENGLISH_CHECKPOINT_LABELS,
} as const;

type Labels = Record<PactPdfLabelKey, string>;

function drawTitlePage(w: PdfWriter, content: PactPdfContent, labels: Labels): void {
  const { procurement, version } = content;
  w.space(110);
  w.text(labels.document, STYLE.kicker);
  w.space(10);
  w.text(version.title, STYLE.title);
  w.space(18);
  w.rule(ACCENT, 1.5);
  w.space(24);

  w.field(labels.reference, [procurement.reference, STYLE.value], [procurement.title, STYLE.detail]);
  w.field(labels.authority, [procurement.authorityName, STYLE.value]);
  w.field(labels.version, [String(version.number), STYLE.value]);
  w.field(labels.publishedAt, [isoUtc(version.publishedAt), STYLE.value]);
  w.field(labels.contentHash, [version.contentHash, STYLE.hash]);
}

function drawClauses(w: PdfWriter, clauses: PactPdfClause[]): void {
  clauses.forEach((clause, index) => {
    const heading = `${index + 1}. ${clause.heading}`;
    const body = paragraphs(clause.body);
    const firstLines = w.height('X\nX\nX', STYLE.body);
    w.keepTogether(w.height(heading, STYLE.heading) + 6 + (body.length > 0 ? firstLines : 0));
    w.text(heading, STYLE.heading);
    w.space(6);

    w.prose(body);
    w.space(10);
  });
}

const SIGNATURE_LABEL_WIDTH = 96;

function drawSignatures(w: PdfWriter, signatures: PactPdfSignature[], labels: Labels): void {
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
    w.rule(HAIRLINE, 0.5);
    w.space(12);
  }
}
