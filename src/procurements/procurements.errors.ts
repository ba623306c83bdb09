import { DomainError, conflict, invalidField } from '../errors/domain-error.js';
import type { OrganisationKind } from '../authorization/roles.js';

export const wrongOrganisationKind = (field: string, expected: OrganisationKind) =>
  invalidField(field, `must be an organisation of kind ${expected}`, 'WRONG_ORGANISATION_KIND');

export const referenceTaken = (reference: string) =>
  conflict('REFERENCE_TAKEN', `A procurement with reference ${reference} already exists`, { field: 'reference' });

export const tenderPeriodReversed = () => invalidField('tenderPeriodEnd', 'must not be before tenderPeriodStart');

export const biddersClosed = (stage: string) =>
  new DomainError('BAD_USER_INPUT', 'BIDDERS_CLOSED', `Bidders can no longer join: the procurement is at ${stage}`, { stage });
