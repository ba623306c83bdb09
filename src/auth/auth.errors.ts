import { DomainError } from '../errors/domain-error.js';

export const wrongCredentials = () => new DomainError('UNAUTHENTICATED', 'WRONG_CREDENTIALS', 'Email or password is wrong');

export const tooManyLoginAttempts = (retryAfterSeconds: number) =>
  new DomainError('RATE_LIMITED', 'TOO_MANY_LOGIN_ATTEMPTS', `Too many login attempts; try again in ${retryAfterSeconds} s`, {
    retryAfterSeconds,
  });

export const invalidToken = () => new DomainError('UNAUTHENTICATED', 'INVALID_TOKEN', 'The token is invalid or has expired; log in again');

export const unknownUser = () => new DomainError('NOT_FOUND', 'USER_NOT_FOUND', 'There is no user with this id');

/** Changing a password: the current one given is not the account's (shown beside its field). */
export const wrongCurrentPassword = () => new DomainError('BAD_USER_INPUT', 'WRONG_CURRENT_PASSWORD', 'The current password is wrong');
