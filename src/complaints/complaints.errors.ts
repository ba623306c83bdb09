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

export const statusMoveRefused = (from: string, to: string, allowed: string[]) =>
  new DomainError('CONFLICT', 'COMPLAINT_STATUS_CHANGE_REFUSED', `A ${from} complaint cannot become ${to}; allowed: ${allowed.join(', ') || 'none'}`, {
    from,
    to,
    allowed,
  });

export const complaintClosed = (status: string) =>
  new DomainError('CONFLICT', 'COMPLAINT_NOT_OPEN', `The complaint is ${status}: it can no longer be referred or merged`, { status });

export const reasonRequired = (field = 'reason') =>
  invalidField(field, 'give a reason: the complainant or the next organisation is told why', 'REASON_REQUIRED');

export const alreadyHandledBy = () => invalidField('organisationId', 'the complaint is already with this organisation', 'ALREADY_REFERRED_THERE');

export const cannotMergeIntoItself = () => invalidField('intoComplaintId', 'a complaint cannot be merged into itself', 'MERGE_INTO_ITSELF');

export const ratingRefused = (why: string) => new DomainError('CONFLICT', 'RATING_REFUSED', why);

export const noProcurement = () =>
  new DomainError('CONFLICT', 'COMPLAINT_HAS_NO_PROCUREMENT', 'Only a complaint about a procurement can become a finding on it');

export const alreadyAFinding = (findingId: string) =>
  new DomainError('CONFLICT', 'COMPLAINT_ALREADY_A_FINDING', 'This complaint has already become a finding', { findingId });
