import { renderPactPdf, type PactPdfContent } from './pact-pdf.js';
import { pdfPageTexts, pdfText } from '../pdf/pdf-text.js';

const HASH = '3f9a1c0e5b7d2468ace13579bdf02468ace13579bdf02468ace13579bdf0246a';

function pact(overrides: Partial<PactPdfContent> = {}): PactPdfContent {
  return {
    labels: {
      document: 'Pacte d’intégrité',
      signedAt: 'Signé le',
      record: 'Enregistrement',
      partyBidder: 'Soumissionnaire',
      superseded: 'Remplacée par une version ultérieure',
      noSignatures: 'Aucune signature pour l’instant.',
      page: 'Page',
    },
    procurement: { reference: 'MOH/T/2025/014', title: 'Équipements de laboratoire', authorityName: 'Ministère de la Santé' },
    version: {
      number: 3,
      title: 'Pacte d’intégrité relatif au marché « Équipements de laboratoire »',
      language: 'fr',
      publishedAt: new Date('2025-03-01T10:00:00.250Z'),
      contentHash: HASH,
    },
    clauses: [
      { key: 'parties', heading: 'Parties', body: 'Le présent Pacte s’applique au marché MOH/T/2025/014.\n\nIl est conclu entre :' },
      {
        key: 'bidder-commitments',
        heading: 'Engagements des soumissionnaires',
        body: 'Chaque Soumissionnaire s’engage :\n\n(a) à ne verser aucun pot-de-vin ;\n\n(b) à ne conclure aucune entente.',
      },
    ],
    signatures: [
      {
        id: '6f1c2b9e-1d2a-4c3b-9e8f-7a6b5c4d3e2f',
        party: 'BIDDER',
        organisationName: 'Bâtiments Réunis SARL',
        signerName: 'Hélène Mwangi',
        signerTitle: 'Directrice générale',
        consentStatement: 'J’accepte les engagements de la version 3 du présent Pacte.',
        signedAt: new Date('2025-03-02T09:15:30.999Z'),
        superseded: true,
      },
    ],
    ...overrides,
  };
}

async function render(content: PactPdfContent): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await renderPactPdf(content)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Extraction keeps line breaks where the layout wrapped, which assertions should not depend on. */
function flat(text: string): string {
  return text.replace(/\s+/g, ' ');
}

describe('renderPactPdf', () => {
  it('prints the title page, numbered clauses and the signature record', async () => {
    const text = flat(await pdfText(await render(pact())));

    expect(text).toContain('Pacte d’intégrité relatif au marché « Équipements de laboratoire »');
    expect(text).toContain('MOH/T/2025/014');
    expect(text).toContain('Ministère de la Santé');
    expect(text).toContain('2025-03-01T10:00:00Z');
    expect(text).toContain('1. Parties');
    expect(text).toContain('2. Engagements des soumissionnaires');
    expect(text).toContain('(a)');
    expect(text).toContain('à ne verser aucun pot-de-vin');
    expect(text).toContain('Hélène Mwangi, Directrice générale');
    expect(text).toContain('Bâtiments Réunis SARL');
    expect(text).toContain('Soumissionnaire');
    expect(text).toContain('6f1c2b9e-1d2a-4c3b-9e8f-7a6b5c4d3e2f');
    expect(text).toContain('2025-03-02T09:15:30Z');
    expect(text).toContain('J’accepte les engagements de la version 3');
    expect(text).toContain('Remplacée par une version ultérieure');
    expect(text).toContain(HASH);
  });

  it('falls back to the English word for a label the template lacks', async () => {
    const text = flat(await pdfText(await render(pact())));

    expect(text).toContain('Content hash (SHA-256)');
    expect(text).toContain('Consent');
  });

  it('says so when nobody has signed yet', async () => {
    const text = flat(await pdfText(await render(pact({ signatures: [] }))));

    expect(text).toContain('Aucune signature pour l’instant.');
    expect(text).not.toContain('Hélène Mwangi');
  });

  it('flows a long pact across pages, each with its number and the content hash', async () => {
    const paragraph = 'The Bidder shall not offer any advantage to any official of the Authority. '.repeat(12);
    const clauses = Array.from({ length: 30 }, (_, index) => ({
      key: `clause-${index + 1}`,
      heading: `Clause heading ${index + 1}`,
      body: `${paragraph}\n\n${paragraph}`,
    }));

    const pages = await pdfPageTexts(await render(pact({ clauses })));

    expect(pages.length).toBeGreaterThan(8);
    pages.forEach((page, index) => {
      expect(page).toContain(`Page ${index + 1}`);
      expect(page).toContain(HASH);
    });
    const text = flat(pages.join('\n'));
    expect(text).toContain('30. Clause heading 30');
    expect(text).toContain('Hélène Mwangi');
  });

  it('gives the same bytes for the same content', async () => {
    const [first, second] = await Promise.all([render(pact()), render(pact())]);

    expect(first.equals(second)).toBe(true);
  });
});
