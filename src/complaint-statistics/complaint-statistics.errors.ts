import { invalidField } from '../errors/domain-error.js';

export const periodEndsBeforeItStarts = () => invalidField('to', 'to must be the same day as from or later', 'INVALID_PERIOD');

export const periodNotWholeMonths = (field: 'from' | 'to') =>
  invalidField(
    field,
    field === 'from'
      ? 'from must be the first day of a month: the public figures are for whole calendar months'
      : 'to must be the last day of a month: the public figures are for whole calendar months',
    'PERIOD_NOT_WHOLE_MONTHS',
  );

export const periodNotEnded = (lastEnded: string) =>
  invalidField('to', `to must be ${lastEnded} or earlier: the public figures are for months that have ended`, 'PERIOD_NOT_ENDED');

export const organisationFilterNotPublic = () =>
  invalidField(
    'organisationId',
    'only those who may read the full statistics can narrow them to one organisation; the public figures give each organisation as a breakdown',
    'FILTER_NOT_PUBLIC',
  );
