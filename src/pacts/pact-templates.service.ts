import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { join } from 'node:path';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { fillPlaceholders, parseTextTemplate, TextTemplateCatalogue, type TextTemplateKind } from '../templates/text-templates.js';
import type { PactClause } from './pact-clause.js';
import type { PactTemplate } from './pact-template.js';

export interface TemplateValues {
  procurement: Record<string, string>;
  authority: { name: string };
  monitor: { name: string };
  implementer: { name: string };
}

const PACT_TEMPLATES: TextTemplateKind = { document: 'pact', listField: 'clauses', partName: 'clause' };

/** The pact templates, in `<TEMPLATES_DIR>/pacts/`. */
@Injectable()
export class PactTemplatesService extends TextTemplateCatalogue<PactTemplate> implements OnModuleInit {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super(PACT_TEMPLATES);
  }

  async onModuleInit(): Promise<void> {
    await this.load(join(this.config.templatesDir, 'pacts'), parseTemplate);
  }

  render(template: PactTemplate, values: TemplateValues): { title: string; clauses: PactClause[] } {
    const fill = (text: string) => fillPlaceholders(text, values);
    return { title: fill(template.title), clauses: template.clauses.map((c) => ({ key: c.key, heading: fill(c.heading), body: fill(c.body) })) };
  }
}

export function parseTemplate(file: string, text: string): PactTemplate {
  const { parts, ...template } = parseTextTemplate(PACT_TEMPLATES, file, text);
  return { ...template, clauses: parts, clauseCount: parts.length };
}
