import type { FastifyRequest } from 'fastify';
import { DomainError } from '../errors/domain-error.js';

export interface ReceivedFile {
  fileName: string;
  content: Buffer;
  /** Cut at the limit: only when the reader was asked to keep an oversized file (its receiver refuses it beside the field). */
  truncated?: boolean;
}

export interface UploadRefusals {
  missing: () => DomainError;
  tooLarge: (maxBytes: number) => DomainError;
}

const malformedUpload = () =>
  new DomainError('BAD_USER_INPUT', 'MALFORMED_UPLOAD', 'The request is not a well-formed multipart form (missing boundary or cut short)');

/**
 * Reads the one file of a multipart form (field `file`), stopping at the limit rather than
 * buffering whatever is sent. A broken form is the client's mistake, answered as such.
 */
export async function receiveFile(request: FastifyRequest, maxBytes: number, refuse: UploadRefusals): Promise<ReceivedFile> {
  if (!request.isMultipart()) throw refuse.missing();
  try {
    const part = await request.file({ limits: { fileSize: maxBytes }, throwFileSizeLimit: false });
    if (!part || part.fieldname !== 'file') {
      part?.file.resume();
      throw refuse.missing();
    }
    const content = await part.toBuffer();
    if (part.file.truncated) throw refuse.tooLarge(maxBytes);
    return { fileName: part.filename, content };
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw malformedUpload();
  }
}

export interface ReceivedForm {
  /** The text fields, by name. */
  fields: Record<string, string>;
  /** The file field `file`, when one was chosen (a browser sends an empty part when none was). */
  file?: ReceivedFile;
}

/**
 * Reads a whole multipart form as a browser posts it: its text fields and at most one file
 * (field `file`), the file stopped at the limit as `receiveFile` does. With `keepOversized`, a
 * file over the limit does not refuse the form: it comes back cut and marked `truncated`, the
 * other fields read, so the page can re-show the form with the error beside the file field.
 */
export async function receiveForm(
  request: FastifyRequest,
  maxBytes: number,
  refuse: Pick<UploadRefusals, 'tooLarge'>,
  { keepOversized = false } = {},
): Promise<ReceivedForm> {
  const form: ReceivedForm = { fields: {} };
  try {
    // `throwFileSizeLimit` reaches the part handler at run time; the package's types omit it from `parts()`.
    const options = { limits: { fileSize: maxBytes }, throwFileSizeLimit: !keepOversized } as Parameters<FastifyRequest['parts']>[0];
    for await (const part of request.parts(options)) {
      if (part.type === 'field') {
        form.fields[part.fieldname] = String(part.value);
        continue;
      }
      const content = await part.toBuffer();
      const truncated = part.file.truncated;
      if (truncated && !keepOversized) throw refuse.tooLarge(maxBytes);
      if (part.fieldname === 'file' && (content.length > 0 || part.filename))
        form.file = { fileName: part.filename, content, ...(truncated ? { truncated } : {}) };
    }
    return form;
  } catch (error) {
    if (error instanceof DomainError) throw error;
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw refuse.tooLarge(maxBytes);
    throw malformedUpload();
  }
}
