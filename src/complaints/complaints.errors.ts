import { DomainError, invalidField, invalidInput, type FieldProblem } from '../errors/domain-error.js';

export const tooManyComplaints = (retryAfterSeconds: number) =>
  new DomainError('RATE_LIMITED', 'TOO_MANY_COMPLAINTS', `Too many complaints from this address; try again in ${retryAfterSeconds} s`, {
    retryAfterSeconds,
  });

export const unknownCodes = (fields: FieldProblem[]) => invalidInput(fields, 'UNKNOWN_CODE');

export const invalidTrackingNumber = () =>
  invalidField(
    'trackingNumber',
    'This is not a valid tracking number. Check it against your receipt: it looks like PW-XXXX-XXXX-X, and never contains 0, 1, O, I or L',
    'INVALID_TRACKING_NUMBER',
  );

/** The same answer whether the number is unknown or the secret wrong, so numbers cannot be probed. */
export const complaintNotFound = () =>
  new DomainError('NOT_FOUND', 'COMPLAINT_NOT_FOUND', 'No complaint has this tracking number, or the secret given does not match it');

export const countyNotFound = (code: string) => new DomainError('NOT_FOUND', 'COUNTY_NOT_FOUND', `No county has the code ${code}`, { code });
