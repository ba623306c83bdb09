import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import Handlebars from 'handlebars';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { invalidField } from '../errors/domain-error.js';
import type { PactClause } from './pact-clause.js';
import type { PactTemplate } from './pact-template.js';

export interface TemplateValues {
  procurement: Record<string, string>;
  authority: { name: string };
  monitor: { name: string };
  implementer: { name: string };
}

/**
 * The pact templates are YAML files in `<TEMPLATES_DIR>/pacts/`, one per template and
 * language, so an implementer adds a template or a translation by dropping in a file.
 */
@Injectable()
export class PactTemplatesService implements OnModuleInit {
  private readonly logger = new Logger(PactTemplatesService.name);
  private templates: PactTemplate[] = [];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    const folder = join(this.config.templatesDir, 'pacts');
    const files = (await readdir(folder)).filter((name) => /\.ya?ml$/.test(name)).sort();
    this.templates = await Promise.all(files.map(async (name) => parseTemplate(name, await readFile(join(folder, name), 'utf8'))));
    this.logger.log(`${this.templates.length} pact templates: ${this.templates.map((t) => `${t.key}/${t.language}`).join(', ')}`);
  }

  list(): PactTemplate[] {
    return this.templates;
  }

  get(key: string, language: string): PactTemplate {
    const template = this.templates.find((t) => t.key === key && t.language === language);
    if (!template) {
      const available = this.templates.map((t) => `${t.key}/${t.language}`).join(', ');
      throw invalidField('templateKey', `no template ${key} in language ${language}; available: ${available}`, 'UNKNOWN_TEMPLATE');
    }
    return template;
  }

  /** The labels for a PDF in `language`, falling back to any template of that language, then English. */
  labels(key: string, language: string): Record<string, string> {
    const match = (k?: string, l?: string) => this.templates.find((t) => (!k || t.key === k) && (!l || t.language === l));
    return (match(key, language) ?? match(undefined, language) ?? match(undefined, 'en'))?.labels ?? {};
  }

  render(template: PactTemplate, values: TemplateValues): { title: string; clauses: PactClause[] } {
    const fill = (text: string) => Handlebars.compile(text, { noEscape: true, strict: false })(values).trim();
    return { title: fill(template.title), clauses: template.clauses.map((c) => ({ key: c.key, heading: fill(c.heading), body: fill(c.body) })) };
  }
}

/** Refuses a malformed template at start-up, naming the file, rather than when an authority picks it. */
export function parseTemplate(file: string, text: string): PactTemplate {
  const doc = parse(text) as Partial<PactTemplate> | null;
  const problem = (what: string) => new Error(`pact template ${file}: ${what}`);
  if (!doc || typeof doc !== 'object') throw problem('not a YAML mapping');
  for (const field of ['key', 'language', 'name', 'title'] as const) {
    if (typeof doc[field] !== 'string' || !doc[field]) throw problem(`"${field}" must be a non-empty string`);
  }
  if (!Array.isArray(doc.clauses) || !doc.clauses.length) throw problem('"clauses" must be a non-empty list');
  const keys = new Set<string>();
  const clauses = doc.clauses.map((clause: Partial<PactClause>, index: number) => {
    if (!clause || typeof clause.key !== 'string' || typeof clause.heading !== 'string' || typeof clause.body !== 'string') {
      throw problem(`clause ${index + 1} needs string "key", "heading" and "body"`);
    }
    if (keys.has(clause.key)) throw problem(`clause key "${clause.key}" appears twice`);
    keys.add(clause.key);
    return { key: clause.key, heading: clause.heading, body: clause.body };
  });
  for (const text of [doc.title!, ...clauses.flatMap((c) => [c.heading, c.body])]) {
    try {
      Handlebars.precompile(text);
    } catch (error) {
      throw problem(`placeholder syntax: ${(error as Error).message}`);
    }
  }
  return { key: doc.key!, language: doc.language!, name: doc.name!, title: doc.title!, clauses, clauseCount: clauses.length, labels: doc.labels ?? {} };
}
