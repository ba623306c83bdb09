import { Matches, ValidateIf } from 'class-validator';
import type { ReceivedFile } from '../../uploads/receive-file.js';

/** The /verify form: a file chosen, or else a pasted SHA-256 (spaces around it forgiven). */
export class VerifyForm {
  /** Read from the multipart body by the form guard, within the size limit of POST /verify-document. */
  file?: ReceivedFile;

  @ValidateIf((form: VerifyForm) => !form.file)
  @Matches(/^\s*[0-9a-fA-F]{64}\s*$/, { message: 'verify.error.sha256' })
  sha256?: string;
}
