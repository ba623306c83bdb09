import { invalidField } from '../errors/domain-error.js';

export const periodEndsBeforeItStarts = () => invalidField('to', 'to must be the same day as from or later', 'INVALID_PERIOD');
