import { fileTypeFromBuffer } from 'file-type';

/** The kinds of evidence a monitor brings: documents, spreadsheets, photos and scans, plain text. */
const ALLOWED_TYPES = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/gif',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.text',
]);

export const PLAIN_TEXT = 'text/plain; charset=utf-8';

/** Markup a browser would render (and run scripts in) if someone opened the downloaded file. */
const MARKUP = /^(?:\uFEFF)?\s*<(?:!doctype\s+html|html|head|body|script|iframe|svg)[\s>/]/i;

export interface DetectedType {
  /** The media type the content really is, whatever its name says. */
  mime: string;
  allowed: boolean;
}

/**
 * Decides what a file is from its bytes alone, so an executable or a web page renamed to
 * `.pdf` is recognised for what it is. Text has no magic number: it is accepted when it is
 * valid UTF-8 without NUL bytes and is not markup.
 */
export async function detectEvidenceType(content: Uint8Array): Promise<DetectedType> {
  const detected = await fileTypeFromBuffer(content);
  if (detected) return { mime: detected.mime, allowed: ALLOWED_TYPES.has(detected.mime) };
  const text = utf8Text(content);
  if (text === null) return { mime: 'application/octet-stream', allowed: false };
  const markup = MARKUP.exec(text.slice(0, 1024));
  if (markup) return { mime: /svg/i.test(markup[0]) ? 'image/svg+xml' : 'text/html', allowed: false };
  return { mime: PLAIN_TEXT, allowed: true };
}

function utf8Text(content: Uint8Array): string | null {
  if (content.includes(0)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return null;
  }
}
