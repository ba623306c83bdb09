import { Logger } from '@nestjs/common';
import Handlebars from 'handlebars';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { invalidField } from '../errors/domain-error.js';

/** One headed block of a template: a pact clause, a report section. */
export interface TextPart {
  key: string;
  heading: string;
  body: string;
}

/** What every template file holds, whatever document it starts. */
export interface TextTemplateFile {
  key: string;
  language: string;
  name: string;
  title: string;
  parts: TextPart[];
  /** Words the PDF prints around the text, in this language. */
  labels: Record<string, string>;
}

/** How one kind of template names itself and its list of parts, for error messages and the YAML field. */
export interface TextTemplateKind {
  /** `pact`, `report`: the folder under TEMPLATES_DIR is its plural. */
  document: string;
  /** The YAML field holding the parts: `clauses`, `sections`. */
  listField: string;
  /** One part, in error messages: `clause`, `section`. */
  partName: string;
}

/**
 * Refuses a malformed template at start-up, naming the file, rather than when someone picks
 * it: the mandatory fields, a non-empty list of parts with unique keys, and placeholders
 * that compile.
 */
export function parseTextTemplate(kind: TextTemplateKind, file: string, text: string): TextTemplateFile {
  const doc = parse(text) as Record<string, unknown> | null;
  const problem = (what: string) => new Error(`${kind.document} template ${file}: ${what}`);
  if (!doc || typeof doc !== 'object') throw problem('not a YAML mapping');
  for (const field of ['key', 'language', 'name', 'title']) {
    if (typeof doc[field] !== 'string' || !doc[field]) throw problem(`"${field}" must be a non-empty string`);
  }
  const list = doc[kind.listField];
  if (!Array.isArray(list) || !list.length) throw problem(`"${kind.listField}" must be a non-empty list`);
  const keys = new Set<string>();
  const parts = list.map((part: Partial<TextPart> | null, index: number) => {
    if (!part || typeof part.key !== 'string' || typeof part.heading !== 'string' || typeof part.body !== 'string') {
      throw problem(`${kind.partName} ${index + 1} needs string "key", "heading" and "body"`);
    }
    if (keys.has(part.key)) throw problem(`${kind.partName} key "${part.key}" appears twice`);
    keys.add(part.key);
    return { key: part.key, heading: part.heading, body: part.body };
  });
  const labels = doc.labels ?? {};
  if (typeof labels !== 'object' || Array.isArray(labels) || Object.values(labels).some((label) => typeof label !== 'string')) {
    throw problem('"labels" must map names to strings');
  }
  const title = doc.title as string;
  for (const source of [title, ...parts.flatMap((p) => [p.heading, p.body])]) {
    try {
      Handlebars.parse(source);
    } catch (error) {
      throw problem(`placeholder syntax: ${(error as Error).message}`);
    }
  }
  return { key: doc.key as string, language: doc.language as string, name: doc.name as string, title, parts, labels: labels as Record<string, string> };
}

/** Fills a template text's placeholders; a placeholder without a value prints nothing. */
export function fillPlaceholders(source: string, values: object): string {
  return Handlebars.compile(source, { noEscape: true, strict: false })(values).trim();
}

/**
 * The templates of one kind, read from `<TEMPLATES_DIR>/<folder>/*.yaml`, one file per
 * template and language, so an implementer adds a template or a translation by dropping in
 * a file.
 */
export class TextTemplateCatalogue<T extends { key: string; language: string; labels: Record<string, string> }> {
  private templates: T[] = [];

  constructor(private readonly kind: TextTemplateKind) {}

  async load(folder: string, parse: (file: string, text: string) => T): Promise<void> {
    const files = (await readdir(folder)).filter((name) => /\.ya?ml$/.test(name)).sort();
    this.templates = await Promise.all(files.map(async (name) => parse(name, await readFile(join(folder, name), 'utf8'))));
    new Logger(this.constructor.name).log(`${this.templates.length} ${this.kind.document} templates: ${this.templates.map((t) => `${t.key}/${t.language}`).join(', ')}`);
  }

  list(): T[] {
    return this.templates;
  }

  get(key: string, language: string): T {
    const template = this.templates.find((t) => t.key === key && t.language === language);
    if (!template) {
      const available = this.templates.map((t) => `${t.key}/${t.language}`).join(', ');
      throw invalidField('templateKey', `no ${this.kind.document} template ${key} in language ${language}; available: ${available}`, 'UNKNOWN_TEMPLATE');
    }
    return template;
  }

  /** The labels for a PDF in `language`, falling back to any template of that language, then English. */
  labels(key: string, language: string): Record<string, string> {
    const match = (k?: string, l?: string) => this.templates.find((t) => (!k || t.key === k) && (!l || t.language === l));
    return (match(key, language) ?? match(undefined, language) ?? match(undefined, 'en'))?.labels ?? {};
  }
}
