import { QueryFailedError } from 'typeorm';
import { DomainError } from './domain-error.js';

/**
 * Constraints are the last line of defence (two requests racing past a service check);
 * when one fires, the user still deserves a typed answer rather than a 500.
 */
export function fromDatabaseError(error: unknown): DomainError | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driverError = error.driverError as { code?: string; constraint?: string; detail?: string };
  switch (driverError.code) {
    case '23505':
      return new DomainError('CONFLICT', 'ALREADY_EXISTS', `Already exists (${driverError.constraint ?? 'unique constraint'})`, {
        constraint: driverError.constraint,
      });
    case '23503':
      return new DomainError('BAD_USER_INPUT', 'UNKNOWN_REFERENCE', 'Refers to something that does not exist', {
        constraint: driverError.constraint,
      });
    case '23514':
    case '22P02':
    case '22003':
    case '22007':
    case '22008':
      // PostgreSQL's own text ("invalid input syntax for type uuid: …") describes the schema, not the
      // user's mistake, so it stays in the server; a check constraint's name is ours and says which rule.
      return new DomainError('BAD_USER_INPUT', 'INVALID_VALUE', driverError.constraint ? `Invalid value (${driverError.constraint})` : 'Invalid value');
    case '23000':
      return new DomainError('CONFLICT', 'IMMUTABLE_RECORD', 'This record is part of the permanent record and cannot be changed');
    default:
      return null;
  }
}
