import { newDocument, PdfWriter, STYLE, withEnglishFallback } from '../../pdf/pdf-writer.js';

export type ReceiptLabelKey = keyof typeof ENGLISH_LABELS;

export interface ReceiptContent {
  language: string;
  /** Given by the file in templates/receipts, with {{trackingNumber}} already filled in. */
  labels: Partial<Record<ReceiptLabelKey, string>>;
  trackingNumber: string;
  /** Printed only for the anonymous complainant who proved they hold it. */
  secret: string | null;
  lodgedAt: string;
  channel: string;
  status: string;
  classification: string | null;
  handledBy: string | null;
  office: string | null;
  printedAt: Date;
}

/** The complainant's receipt: one page, in their language, nothing about who they are or what they wrote. */
export async function renderReceiptPdf(content: ReceiptContent): Promise<PDFKit.PDFDocument> {
  const labels = withEnglishFallback(ENGLISH_LABELS, content.labels);
  const doc = await newDocument({
    title: `${labels.title} ${content.trackingNumber}`,
    language: content.language,
    author: 'Pactwatch',
    contentHash: content.trackingNumber,
    publishedAt: content.printedAt,
  });
  const w = new PdfWriter(doc, { contentHashLabel: labels.trackingNumber, pageLabel: labels.page, contentHash: content.trackingNumber });
  doc.addPage();
  w.text('Pactwatch', STYLE.kicker);
  w.space(6);
  w.text(labels.title, STYLE.title);
  w.space(8);
  w.text(labels.intro, STYLE.body);
  w.space(18);
  w.field(labels.trackingNumber, [content.trackingNumber, { ...STYLE.title, font: 'Courier-Bold' }]);
  if (content.secret) w.field(labels.secret, [content.secret, STYLE.hash], [labels.secretNote, STYLE.consent]);
  w.field(labels.lodgedAt, [content.lodgedAt, STYLE.value]);
  w.field(labels.channel, [content.office ? `${content.channel} — ${labels.office}: ${content.office}` : content.channel, STYLE.value]);
  w.field(labels.status, [content.status, STYLE.value]);
  w.field(labels.classification, [content.classification ?? labels.unclassified, STYLE.value]);
  w.field(labels.handledBy, [content.handledBy ?? labels.notYetReferred, STYLE.value]);
  w.space(6);
  w.prose([labels.followBySms, labels.followOnWeb, labels.rate]);
  w.space(12);
  w.text(`${labels.generatedAt}: ${content.printedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`, STYLE.label);
  doc.end();
  return doc;
}

const ENGLISH_LABELS = {
  title: 'Complaint receipt',
  intro: 'Your complaint has been received. Keep this receipt to follow it.',
  trackingNumber: 'Tracking number',
  secret: 'Secret',
  secretNote: 'Keep this secret. With the tracking number it proves the complaint is yours.',
  lodgedAt: 'Lodged',
  channel: 'Received by',
  status: 'Status',
  classification: 'Sector, type and area',
  unclassified: 'To be classified by the convener',
  handledBy: 'Referred to',
  notYetReferred: 'Waiting for the convener to refer it',
  office: 'Office',
  followBySms: 'By SMS: send STATUS followed by the tracking number',
  followOnWeb: 'On the web: look up the tracking number under Track a complaint',
  rate: 'Once your complaint is resolved, you can rate how it was handled from 1 to 5.',
  generatedAt: 'Printed',
  page: 'Page',
  channelSMS: 'SMS',
  channelEMAIL: 'Email',
  channelWEB: 'Web',
  channelWALK_IN: "Walk-in, at a partner's office",
};
