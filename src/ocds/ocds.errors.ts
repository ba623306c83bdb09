import { DomainError } from '../errors/domain-error.js';
import type { OcdsProblem } from './ocds-release.js';

/** A client fixing a package wants every problem at once, but not a 50 MB answer. */
const MAX_PROBLEMS = 200;

export const invalidOcds = (problems: OcdsProblem[]) => {
  const shown = problems.slice(0, MAX_PROBLEMS);
  const more = problems.length - shown.length;
  return new DomainError(
    'BAD_USER_INPUT',
    'INVALID_OCDS',
    `The OCDS package has ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was imported${more ? ` (the first ${MAX_PROBLEMS} are listed)` : ''}`,
    { errors: shown },
  );
};

export const notJson = (detail: string) => invalidOcds([{ path: '', message: `is not valid JSON: ${detail}` }]);

export const packageFileMissing = () =>
  new DomainError('BAD_USER_INPUT', 'OCDS_FILE_MISSING', 'Send the package as a JSON body, or as a multipart form with one file field named "file"');

export const packageTooLarge = (maxBytes: number) =>
  new DomainError(
    'BAD_USER_INPUT',
    'OCDS_PACKAGE_TOO_LARGE',
    `The package is larger than the ${maxBytes} bytes an import accepts (OCDS_IMPORT_MAX_BYTES)`,
    { maxBytes },
    413,
  );

export const buyerNotYours = (ocid: string, buyer: string) =>
  new DomainError('FORBIDDEN', 'OCDS_BUYER_NOT_YOURS', `You may not import ${ocid}: its buyer ${buyer} is not an organisation you act for`, { ocid, buyer });

export const importForbidden = (ocid: string, consequence: string) =>
  new DomainError('FORBIDDEN', 'FORBIDDEN', `You may not import ${ocid}: it would ${consequence}, which you may not do`, { ocid });
