import { readdir, readFile } from 'node:fs/promises';
import { reportLabels } from './report-labels.js';
import { parseReportTemplate } from './report-templates.service.js';

const folder = new URL('../../templates/reports/', import.meta.url);

async function shipped() {
  const files = (await readdir(folder)).filter((name) => name.endsWith('.yaml')).sort();
  return Promise.all(files.map(async (name) => parseReportTemplate(name, await readFile(new URL(name, folder), 'utf8'))));
}

describe('report templates', () => {
  it('exist in English and French with the same sections, and every word the PDF prints', async () => {
    const templates = await shipped();
    expect(templates.map((t) => `${t.key}/${t.language}`)).toEqual(['standard/en', 'standard/fr']);
    const [english, french] = templates;
    expect(french.sections.map((s) => s.key)).toEqual(english.sections.map((s) => s.key));
    const pdfWords = Object.keys(reportLabels({})).sort();
    for (const template of templates) expect(Object.keys(template.labels).sort()).toEqual(pdfWords);
  });

  it('refuse a file without sections, naming it', () => {
    expect(() => parseReportTemplate('empty.yaml', 'key: x\nlanguage: en\nname: X\ntitle: T\nsections: []\n')).toThrow(
      /report template empty\.yaml: "sections" must be a non-empty list/,
    );
    expect(() =>
      parseReportTemplate('labels.yaml', 'key: x\nlanguage: en\nname: X\ntitle: T\nsections:\n  - { key: a, heading: A, body: B }\nlabels: [1]\n'),
    ).toThrow(/"labels" must map names to strings/);
  });
});
