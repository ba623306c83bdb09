import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { invalidInput, type FieldProblem } from './domain-error.js';

/** class-validator failures become BAD_USER_INPUT naming each field (`clauses.2.body`) and why. */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    forbidUnknownValues: true,
    exceptionFactory: (errors) => invalidInput(flatten(errors)),
  });
}

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
