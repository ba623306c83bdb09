import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { join } from 'node:path';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { fillPlaceholders, parseTextTemplate, TextTemplateCatalogue, type TextTemplateKind } from '../templates/text-templates.js';
import type { ReportSection } from './monitoring-report.entity.js';
import type { ReportTemplate } from './report-template.js';

/** What a report template's placeholders can name. */
export interface ReportTemplateValues {
  procurement: { reference: string; title: string; description: string; stage: string };
  authority: { name: string };
  monitor: { name: string };
  implementer: { name: string };
  report: { final: boolean; periodStart: string; periodEnd: string };
}

const REPORT_TEMPLATES: TextTemplateKind = { document: 'report', listField: 'sections', partName: 'section' };

/** The monitoring report templates, in `<TEMPLATES_DIR>/reports/`. */
@Injectable()
export class ReportTemplatesService extends TextTemplateCatalogue<ReportTemplate> implements OnModuleInit {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super(REPORT_TEMPLATES);
  }

  async onModuleInit(): Promise<void> {
    await this.load(join(this.config.templatesDir, 'reports'), parseReportTemplate);
  }

  render(template: ReportTemplate, values: ReportTemplateValues): { title: string; sections: ReportSection[] } {
    const fill = (text: string) => fillPlaceholders(text, values);
    return { title: fill(template.title), sections: template.sections.map((s) => ({ key: s.key, heading: fill(s.heading), body: fill(s.body) })) };
  }
}

export function parseReportTemplate(file: string, text: string): ReportTemplate {
  const { parts, ...template } = parseTextTemplate(REPORT_TEMPLATES, file, text);
  return { ...template, sections: parts };
}
