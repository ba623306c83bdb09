import { conflict, invalidField } from '../errors/domain-error.js';

export const notTakingPart = (field: string) => invalidField(field, 'must be an organisation taking part in this procurement', 'NOT_TAKING_PART');

export const bidAlreadyDisqualified = (bidId: string) =>
  conflict('BID_ALREADY_DISQUALIFIED', 'This bid is already disqualified; the first reason stands', { bidId });

export const signedBeforeAward = (awardedAt: Date) =>
  invalidField('signedAt', `must not be before the award (${awardedAt.toISOString()})`, 'SIGNED_BEFORE_AWARD');

export const amendedBeforeSigning = (signedAt: Date) =>
  invalidField('amendedAt', `must not be before the contract was signed (${signedAt.toISOString()})`, 'AMENDED_BEFORE_SIGNING');
