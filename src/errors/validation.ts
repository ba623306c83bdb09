import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { invalidInput, type FieldProblem } from './domain-error.js';

/**
 * class-validator failures become BAD_USER_INPUT naming each field (`clauses.2.body`) and why.
 * Every argument, body, query and route parameter is then refused if it still holds a NUL
 * character: PostgreSQL cannot store one in text, so it would otherwise fail deep inside as a
 * server error (and a gateway would retry such a message forever).
 */
class RefusingNulValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'custom') return super.transform(value, metadata);
    // Transforming and validating recurse: a body nested thousands deep would overflow the stack.
    if (nestedDeeperThan(value, MAX_DEPTH)) {
      throw invalidInput([{ field: metadata.data ?? metadata.type, messages: [`must not be nested more than ${MAX_DEPTH} levels deep`] }], 'NESTED_TOO_DEEP');
    }
    const result: unknown = await super.transform(value, metadata);
    const field = pathWithNul(result, []);
    if (field) {
      const name = field.length ? field.join('.') : (metadata.data ?? metadata.type);
      throw invalidInput([{ field: name, messages: [`${name} must not contain NUL (\\u0000) characters`] }], 'NUL_CHARACTER');
    }
    return result;
  }
}

/** Far beyond any input of the platform (the deepest, a pact's clauses, is three). */
const MAX_DEPTH = 32;

export function validationPipe(): ValidationPipe {
  return new RefusingNulValidationPipe({
    transform: true,
    forbidUnknownValues: true,
    exceptionFactory: (errors) => invalidInput(flatten(errors)),
  });
}

/** For free text from the public (an SMS, an email body) that must still be taken when a NUL slipped in: drops the NULs. */
export const WithoutNul = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.replaceAll('\u0000', '') : value));

/** Without recursion, so that the check itself cannot overflow the stack. */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  const pending: Array<{ item: unknown; depth: number }> = [{ item: value, depth: 0 }];
  while (pending.length) {
    const { item, depth } = pending.pop()!;
    if (typeof item !== 'object' || item === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(item)) pending.push({ item: child, depth: depth + 1 });
  }
  return false;
}

/** The path to the first string or key holding a NUL (empty for the value itself), or null. */
function pathWithNul(value: unknown, path: string[]): string[] | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (typeof value !== 'object' || value === null || value instanceof Date || Buffer.isBuffer(value)) return null;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000')) return [...path, key.replaceAll('\u0000', '\\u0000')];
    const found = pathWithNul(item, [...path, key]);
    if (found) return found;
  }
  return null;
}

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
