/** The GraphQL error codes clients branch on; each DomainError carries one. */
export type ErrorCode = 'BAD_USER_INPUT' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'RATE_LIMITED';

export const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
};

export interface FieldProblem {
  field: string;
  messages: string[];
}

/**
 * A refusal the user can act on. `reason` is a stable machine code (`STAGE_GATE_FAILED`),
 * `details` adds what the client needs to explain it (the failed gate, the invalid fields).
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly reason: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    /** For plain HTTP routes, a more precise status than the code's (413 for a file too large). */
    readonly httpStatus: number = HTTP_STATUS[code],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function notFound(subject: string, id: string): DomainError {
  return new DomainError('NOT_FOUND', `${toCode(subject)}_NOT_FOUND`, `${subject} ${id} does not exist`, { subject, id });
}

export function forbidden(message: string): DomainError {
  return new DomainError('FORBIDDEN', 'FORBIDDEN', message);
}

export function unauthenticated(message = 'Sign in first: this needs a valid token in the Authorization header'): DomainError {
  return new DomainError('UNAUTHENTICATED', 'UNAUTHENTICATED', message);
}

export function invalidInput(fields: FieldProblem[], reason = 'INVALID_INPUT'): DomainError {
  const summary = fields.map((f) => `${f.field}: ${f.messages.join('; ')}`).join(' | ');
  return new DomainError('BAD_USER_INPUT', reason, `Invalid input — ${summary}`, { fields });
}

export function invalidField(field: string, message: string, reason?: string): DomainError {
  return invalidInput([{ field, messages: [message] }], reason);
}

export function conflict(reason: string, message: string, details: Record<string, unknown> = {}): DomainError {
  return new DomainError('CONFLICT', reason, message, details);
}

function toCode(subject: string): string {
  return subject
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .replace(/\s+/g, '_')
    .toUpperCase();
}
