import { canonicalPactContent, sha256Hex, type PactContent } from './pact-content.js';
import { parseTemplate } from './pact-templates.service.js';

const content: PactContent = {
  procurementId: 'p1',
  procurementReference: 'REF/1',
  number: 1,
  templateKey: 'standard',
  language: 'fr',
  title: 'Pacte d’intégrité',
  clauses: [{ key: 'parties', heading: 'Parties', body: 'L’autorité « contractante »' }],
};

describe('canonical pact content', () => {
  it('is RFC 8785 JSON: sorted keys, no whitespace, UTF-8 kept', () => {
    expect(canonicalPactContent(content)).toBe(
      '{"clauses":[{"body":"L’autorité « contractante »","heading":"Parties","key":"parties"}],"language":"fr","number":1,"procurementId":"p1","procurementReference":"REF/1","templateKey":"standard","title":"Pacte d’intégrité","type":"pactwatch.pact-version/v1"}',
    );
  });

  it('binds the hash to every clause and to the version number', () => {
    const hash = sha256Hex(canonicalPactContent(content));
    expect(sha256Hex(canonicalPactContent({ ...content, number: 2 }))).not.toBe(hash);
    expect(sha256Hex(canonicalPactContent({ ...content, clauses: [{ ...content.clauses[0], body: 'changed' }] }))).not.toBe(hash);
  });
});

describe('pact template files', () => {
  it('refuse duplicate clause keys and broken placeholders, naming the file', () => {
    const clause = '  - { key: parties, heading: Parties, body: "Between {{authority.name}}" }';
    expect(() => parseTemplate('x.yaml', `key: x\nlanguage: en\nname: X\ntitle: T\nclauses:\n${clause}\n${clause}\n`)).toThrow(
      /x\.yaml: clause key "parties" appears twice/,
    );
    expect(() => parseTemplate('y.yaml', `key: y\nlanguage: en\nname: Y\ntitle: "{{#if}"\nclauses:\n${clause}\n`)).toThrow(/y\.yaml: placeholder syntax/);
    expect(parseTemplate('z.yaml', `key: z\nlanguage: en\nname: Z\ntitle: T\nclauses:\n${clause}\n`).clauseCount).toBe(1);
  });
});
