import { applyDecorators, createParamDecorator, Inject, Injectable, SetMetadata, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { plainToInstance, Transform } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DomainError, type FieldProblem } from '../errors/domain-error.js';
import { RateLimitsService, type RateLimit } from '../rate-limits/rate-limits.service.js';
import { receiveForm } from '../uploads/receive-file.js';
import type { Translate } from './catalogues.js';
import type { PageLocals } from './page-locals.service.js';

/** The name of the hidden field that carries a form's CSRF token (@fastify/csrf-protection's default). */
export const CSRF_FIELD = '_csrf';

export interface WebFormOptions {
  /** The form sends a file (multipart): the largest accepted, in bytes, or read from the configuration (EVIDENCE_MAX_BYTES). */
  maxFileBytes?: number | ((config: AppConfig) => number);
  /** A file over `maxFileBytes` reaches the handler cut and marked `truncated` (to be refused beside its field) instead of refusing the whole form. */
  keepOversizedFile?: boolean;
  /** Each rendering of the form may be sent once: a second send (a double click, a reload) is refused, nothing stored twice. */
  once?: boolean;
}

const WEB_FORM = 'pactwatch:web-form';

/** A day is longer than anyone keeps a form open; the token's secret cookie lives as long as the browser session. */
const SENT_FORMS: RateLimit = { name: 'web-form-sent', points: 1, durationSeconds: 24 * 3600 };

/**
 * Marks a page handler as the receiver of a form: its CSRF token is checked before the handler
 * runs (a refusal is a 403 page), a multipart body is read into fields and `file`.
 */
export const WebForm = (options: WebFormOptions = {}) => applyDecorators(SetMetadata(WEB_FORM, options), UseGuards(WebFormGuard));

/**
 * The token proves the form was rendered by this site for this browser (its secret is in the
 * `_csrf` cookie): another site can make a visitor's browser post, but cannot read the token.
 */
@Injectable()
export class WebFormGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly rateLimits: RateLimitsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const options = this.reflector.get<WebFormOptions>(WEB_FORM, context.getHandler()) ?? {};
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (request.isMultipart()) {
      const maxBytes = typeof options.maxFileBytes === 'function' ? options.maxFileBytes(this.config) : (options.maxFileBytes ?? 0);
      const form = await receiveForm(request, maxBytes, { tooLarge: fileTooLarge }, { keepOversized: options.keepOversizedFile });
      request.body = { ...form.fields, file: form.file };
    }
    await checkCsrfToken(request);
    if (options.once) {
      const token = String((request.body as Record<string, unknown>)[CSRF_FIELD]);
      const first = await this.rateLimits.consume(SENT_FORMS, createHash('sha256').update(token).digest('hex'));
      if (!first.allowed) throw formAlreadySent();
    }
    return true;
  }
}

/** @fastify/csrf-protection answers a refusal itself; here it becomes an error, so the page's filter shows it as a page in the visitor's language. */
function checkCsrfToken(request: FastifyRequest): Promise<void> {
  return new Promise((resolve, reject) => {
    const refuse = { send: () => reject(csrfRefused()) } as unknown as FastifyReply;
    request.server.csrfProtection.call(request.server, request, refuse, () => resolve());
  });
}

const csrfRefused = () => new DomainError('FORBIDDEN', 'CSRF_TOKEN_INVALID', 'This form was not sent from a page of this site, or has expired');
const formAlreadySent = () => new DomainError('CONFLICT', 'FORM_ALREADY_SENT', 'This form has already been sent');
const fileTooLarge = (maxBytes: number) =>
  new DomainError(
    'BAD_USER_INPUT',
    'FILE_TOO_LARGE',
    `Files above ${maxBytes} bytes are not accepted`,
    { fields: [{ field: 'file', messages: ['tooLarge'] }] },
    413,
  );

/** The page's language and translator, for a handler that reads a form (its messages are catalogue keys); set by @WebPages() before the handler runs. */
export const Page = createParamDecorator((_data: unknown, context: ExecutionContext): PageLocals => {
  return context.switchToHttp().getResponse<FastifyReply>().locals as unknown as PageLocals;
});

/** A browser sends a form's empty fields as empty strings: for an optional field they mean "not given". */
export const EmptyIsAbsent = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() === '' ? undefined : value));

/**
 * A browser sends a textarea's line breaks as CRLF (HTML's form encoding): stored as LF, so that
 * text typed on a page splits into paragraphs (`\n\n`) as text sent through the API does.
 */
export const LineFeeds = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.replace(/\r\n?/g, '\n') : value));

/** What a template needs to re-show a form: the values as entered and a message per field, in govuk-frontend's shapes. */
export interface FormState {
  values: Record<string, unknown>;
  errors: Record<string, { text: string }>;
  /** For govuk-frontend's error summary: each message linking to its field. */
  errorList: Array<{ text: string; href: string }>;
}

type FormResult<T> = { ok: true; input: T } | { ok: false; form: FormState };

/**
 * Validates a posted form with the class-validator rules of `formClass`. The rules' messages
 * are catalogue keys (`report.error.description`), so errors read in the visitor's language.
 */
async function readForm<T extends object>(formClass: new () => T, body: unknown, t: Translate): Promise<FormResult<T>> {
  const values = typeof body === 'object' && body ? (body as Record<string, unknown>) : {};
  const input = plainToInstance(formClass, values);
  const problems = await validate(input, { forbidUnknownValues: true });
  if (!problems.length) return { ok: true, input };
  return { ok: false, form: formState(values, problems.map(toFieldProblem), t) };
}

export interface FormHandling {
  /** The catalogue prefix of the form's messages (`report` → `report.error.<field>`). */
  name: string;
  t: Translate;
  /** Refusals of the service shown beside a field: reason → field (a proof that fails → `trackingNumber`). */
  refusals?: Record<string, string>;
}

/**
 * A posted form from end to end: validated, then given to `work`. Bad input, a refusal naming
 * fields (an unknown procurement reference) or one listed in `refusals` comes back as the
 * form to re-show; anything else propagates to the error page.
 */
export async function processForm<F extends object, T>(
  formClass: new () => F,
  body: unknown,
  handling: FormHandling,
  work: (input: F) => Promise<T>,
): Promise<{ ok: true; input: F; done: T } | { ok: false; form: FormState }> {
  const read = await readForm(formClass, body, handling.t);
  if (!read.ok) return read;
  try {
    return { ok: true, input: read.input, done: await work(read.input) };
  } catch (error) {
    return { ok: false, form: refusedForm(error, body, handling) };
  }
}

/** The form re-shown after a service refused what it was given, each message keyed `<form>.error.<field or reason>`. */
function refusedForm(error: unknown, values: unknown, { name, t, refusals = {} }: FormHandling): FormState {
  if (!(error instanceof DomainError)) throw error;
  const named = error.code === 'BAD_USER_INPUT' ? ((error.details.fields as FieldProblem[] | undefined) ?? []) : [];
  const problems = named.map(({ field }) => ({ field, messages: [`${name}.error.${field}`] }));
  const field = refusals[error.reason];
  if (field) problems.push({ field, messages: [`${name}.error.${error.reason}`] });
  if (!problems.length) throw error;
  return formState(typeof values === 'object' && values ? (values as Record<string, unknown>) : {}, problems, t);
}

/** A form shown for the first time: nothing entered, nothing wrong. */
export function emptyForm(values: Record<string, unknown> = {}): FormState {
  return { values, errors: {}, errorList: [] };
}

function formState(values: Record<string, unknown>, problems: FieldProblem[], t: Translate): FormState {
  const { [CSRF_FIELD]: _token, file: _file, ...kept } = values;
  const errors: FormState['errors'] = {};
  for (const { field, messages } of problems) errors[field] ??= { text: t(messages[0]) };
  return { values: kept, errors, errorList: Object.entries(errors).map(([field, { text }]) => ({ text, href: `#${field}` })) };
}

function toFieldProblem(error: ValidationError): FieldProblem {
  return { field: error.property, messages: Object.values(error.constraints ?? {}) };
}
