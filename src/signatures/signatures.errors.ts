import { DomainError } from '../errors/domain-error.js';

export const draftNotSignable = (draftId: string) =>
  new DomainError('BAD_USER_INPUT', 'PACT_VERSION_NOT_PUBLISHED', 'This is a draft; only a published version can be signed', { draftId });

export const supersededNotSignable = (number: number, latest: number) =>
  new DomainError('BAD_USER_INPUT', 'PACT_VERSION_SUPERSEDED', `Version ${number} is superseded by version ${latest}; sign the current version`, {
    number,
    latest,
  });

export const notAParty = (organisationName: string) =>
  new DomainError('FORBIDDEN', 'ORGANISATION_NOT_PARTY', `${organisationName} is neither the authority nor a participating bidder of this procurement`);

export const signingClosed = (stage: string) =>
  new DomainError('BAD_USER_INPUT', 'SIGNING_CLOSED', `The procurement is at ${stage}; the pact can no longer be signed`, { stage });
