import { DomainError, conflict, invalidField } from '../errors/domain-error.js';

export const openDraftExists = (draftId: string) => conflict('PACT_DRAFT_EXISTS', 'This pact already has an open draft; edit or publish it', { draftId });

export const alreadyPublished = () => conflict('PACT_ALREADY_PUBLISHED', 'This pact has a published version; start an amendment instead');

export const nothingToAmend = () => new DomainError('BAD_USER_INPUT', 'PACT_NOT_PUBLISHED', 'There is no published version to amend; create a draft first');

export const draftPublished = (versionId: string) =>
  conflict('PACT_DRAFT_PUBLISHED', 'This draft is published and can no longer change; start an amendment', { versionId });

export const unknownClause = (clauseKey: string) => invalidField('clauseKey', `the draft has no clause "${clauseKey}"`, 'UNKNOWN_CLAUSE');

export const duplicateClauseKeys = (key: string) => invalidField('clauses', `clause key "${key}" appears twice`);
