import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import Handlebars from 'handlebars';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { smsSize } from './sms-size.js';

/**
 * The statuses a complaint can be in, each of which every language must name. Provided by the
 * composition root from the complaints' own enum: notifications is shared and imports no feature.
 */
export const NOTIFICATION_STATUSES = Symbol('NotificationStatuses');

/** Every template exists in English; another language falls back to it. */
export const FALLBACK_LANGUAGE = 'en';

/** A message written from a template, in the language it was written in. */
export interface RenderedNotification {
  /** The language asked for, or English when that language lacks the template. */
  language: string;
  sms: string;
  subject: string;
  body: string;
}

export interface TemplateFile {
  /** Shown in error messages: the path of the file. */
  file: string;
  text: string;
}

type Render = (values: Record<string, unknown>) => string;

interface CompiledTemplate {
  sms: Render;
  subject: Render;
  body: Render;
}

interface LanguageTemplates {
  file: string;
  statuses: Record<string, string>;
  templates: Map<string, CompiledTemplate>;
}

/**
 * Values like those callers pass, used at start-up to render every template once: a
 * placeholder that does not compile, a helper that does not exist or an SMS too long for
 * three parts stops the start, naming the file, instead of failing the first delivery.
 */
const TYPICAL_VALUES = {
  trackingNumber: 'PW-7K3M-Q9RT-X',
  shortCode: '40404',
  secret: 'ABCDE-FGHJK-MNPQR-STUVW',
  organisationName: 'Turkana County Department of Health Services and Sanitation',
  reason: 'The complaint is about a private dispute between two traders, which the referral partners have no mandate to handle.',
  mergedInto: 'PW-4HJK-2MNP-R',
  lodgedOn: '2026-03-02T08:15:00.000Z',
  dueAt: '2026-03-05T14:30:00.000Z',
  maxLength: 1000,
  rating: 4,
};
const typicalVariants = (statuses: readonly string[]): Array<Record<string, unknown>> =>
  statuses.flatMap((status) => ['acknowledge', 'resolve'].map((deadline) => ({ ...TYPICAL_VALUES, status, deadline })));

/**
 * The notification templates, one YAML file per language in `<TEMPLATES_DIR>/notifications/`:
 * the set of languages is the set of files, so a translation needs no code.
 */
@Injectable()
export class NotificationTemplatesService implements OnModuleInit {
  private catalogue: NotificationCatalogue;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(NOTIFICATION_STATUSES) private readonly statuses: readonly string[],
  ) {}

  async onModuleInit(): Promise<void> {
    const folder = join(this.config.templatesDir, 'notifications');
    const names = (await readdir(folder)).filter((name) => /\.ya?ml$/.test(name)).sort();
    const files = await Promise.all(names.map(async (name) => ({ file: join(folder, name), text: await readFile(join(folder, name), 'utf8') })));
    this.catalogue = NotificationCatalogue.parse(files, this.config.notificationTimeZone, this.statuses);
    new Logger(NotificationTemplatesService.name).log(`notification templates in ${this.catalogue.languages().join(', ')}`);
  }

  /** The languages complainants can be answered in. */
  languages(): string[] {
    return this.catalogue.languages();
  }

  render(template: string, language: string, values: Record<string, unknown>): RenderedNotification {
    return this.catalogue.render(template, language, values);
  }

  /** A complaint status in the language's own word, as its messages say it. */
  statusWord(status: string, language: string): string {
    return this.catalogue.statusWord(status, language);
  }
}

/** The parsed and checked templates of every language. */
export class NotificationCatalogue {
  private constructor(private readonly byLanguage: Map<string, LanguageTemplates>) {}

  /** Throws, naming the file, on the first problem found. */
  static parse(files: TemplateFile[], timeZone: string, statuses: readonly string[]): NotificationCatalogue {
    const byLanguage = new Map<string, LanguageTemplates>();
    for (const { file, text } of files) {
      const language = /([^/\\]+)\.ya?ml$/.exec(file)?.[1] ?? '';
      if (!/^[a-z]{2,3}$/.test(language)) throw templateError(file, 'the file name must be a language code such as en.yaml or sw.yaml');
      if (byLanguage.has(language)) throw templateError(file, `a second file for the language ${language}`);
      byLanguage.set(language, parseLanguage(file, language, text, timeZone, statuses));
    }
    const english = byLanguage.get(FALLBACK_LANGUAGE);
    if (!english) throw new Error(`notification templates: ${FALLBACK_LANGUAGE}.yaml is missing; every other language falls back to it`);
    for (const { file, templates } of byLanguage.values()) {
      for (const key of templates.keys()) {
        if (!english.templates.has(key)) throw templateError(file, `"${key}" is not a template of ${english.file}, which every language falls back to`);
      }
    }
    return new NotificationCatalogue(byLanguage);
  }

  languages(): string[] {
    return [...this.byLanguage.keys()].sort();
  }

  statusWord(status: string, language: string): string {
    return (this.byLanguage.get(language) ?? this.byLanguage.get(FALLBACK_LANGUAGE)!).statuses[status];
  }

  render(template: string, language: string, values: Record<string, unknown>): RenderedNotification {
    const asked = this.byLanguage.get(language);
    const used = asked?.templates.has(template) ? language : FALLBACK_LANGUAGE;
    const compiled = this.byLanguage.get(used)?.templates.get(template);
    if (!compiled) throw new Error(`there is no notification template "${template}"`);
    return { language: used, sms: oneLine(compiled.sms(values)), subject: oneLine(compiled.subject(values)), body: paragraphs(compiled.body(values)) };
  }
}

function parseLanguage(file: string, language: string, text: string, timeZone: string, knownStatuses: readonly string[]): LanguageTemplates {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw templateError(file, `not valid YAML: ${(error as Error).message}`);
  }
  if (!isMapping(doc)) throw templateError(file, 'not a YAML mapping');
  const { locale = language, statuses, ...entries } = doc;
  if (typeof locale !== 'string') throw templateError(file, '"locale" must be a string such as en-GB');
  if (!isMapping(statuses)) throw templateError(file, '"statuses" must map each complaint status to its word in this language');
  for (const status of knownStatuses) {
    if (typeof statuses[status] !== 'string' || !statuses[status]) throw templateError(file, `"statuses" has no word for ${status}`);
  }
  if (!Object.keys(entries).length) throw templateError(file, 'no templates');

  let handlebars: typeof Handlebars;
  try {
    handlebars = languageHandlebars(statuses as Record<string, string>, locale, timeZone);
  } catch (error) {
    throw templateError(file, `"locale" ${locale}: ${(error as Error).message}`);
  }
  const compile = (source: string): Render => handlebars.compile(source, { noEscape: true, strict: false });
  const templates = new Map<string, CompiledTemplate>();
  for (const [key, entry] of Object.entries(entries)) {
    const email = isMapping(entry) ? entry.email : undefined;
    if (!isMapping(entry) || typeof entry.sms !== 'string' || !isMapping(email) || typeof email.subject !== 'string' || typeof email.body !== 'string') {
      throw templateError(file, `"${key}" needs an "sms" text and an "email" with "subject" and "body"`);
    }
    const template = { sms: compile(entry.sms), subject: compile(email.subject), body: compile(email.body) };
    for (const values of typicalVariants(knownStatuses)) {
      let sms: string;
      try {
        sms = oneLine(template.sms(values));
        template.subject(values);
        template.body(values);
      } catch (error) {
        throw templateError(file, `"${key}" does not render: ${(error as Error).message}`);
      }
      const size = smsSize(sms);
      if (size.length > size.limit) {
        throw templateError(
          file,
          `the SMS of "${key}" is ${size.length} ${size.encoding} characters with typical values, more than the ${size.limit} that fit in three SMS: "${sms}"`,
        );
      }
    }
    templates.set(key, template);
  }
  return { file, statuses: statuses as Record<string, string>, templates };
}

/** Handlebars with this language's helpers; each language has its own, so `status` speaks it. */
function languageHandlebars(statuses: Record<string, string>, locale: string, timeZone: string): typeof Handlebars {
  const handlebars = Handlebars.create();
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone });
  const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone });
  handlebars.registerHelper('status', (code: unknown) => (typeof code === 'string' ? (statuses[code] ?? code) : ''));
  handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  handlebars.registerHelper('date', (value: unknown) => formatDate(value, dateFormat));
  handlebars.registerHelper('dateTime', (value: unknown) => formatDate(value, dateTimeFormat));
  return handlebars;
}

/** A Date or an ISO 8601 string, written for people; anything else is printed as given. */
function formatDate(value: unknown, format: Intl.DateTimeFormat): string {
  const date = value instanceof Date ? value : typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? new Date(value) : null;
  if (date && !Number.isNaN(date.getTime())) return format.format(date);
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/** An SMS is one line: the YAML and the template blocks may break it anywhere. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Blank lines left by conditional blocks close up to one between paragraphs. */
function paragraphs(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function templateError(file: string, problem: string): Error {
  return new Error(`notification template ${file}: ${problem}`);
}
