import type { FastifyRequest } from 'fastify';
import { DomainError } from '../errors/domain-error.js';

export interface ReceivedFile {
  fileName: string;
  content: Buffer;
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
