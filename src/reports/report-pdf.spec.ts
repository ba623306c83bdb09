import { ProcurementStage } from '../procurements/procurement-stage.js';
import { ReportKind } from './monitoring-report.entity.js';
import { assembleReportContent, type ReportFacts } from './report-content.js';
import { tickStep } from '../pdf/bar-chart.js';
import { pdfPageTexts, pdfText } from '../pdf/pdf-text.js';
import { renderReportPdf, type ReportPdfInput } from './report-pdf.js';

const HASH = '9b1de0c7a2f34e5d6c7b8a9f0e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9d';
const at = (iso: string) => new Date(iso);

function facts(overrides: Partial<ReportFacts> = {}): ReportFacts {
  return {
    report: {
      id: 'r1',
      kind: ReportKind.PERIODIC,
      title: 'Rapport de suivi du 2026-01-01 au 2026-03-31 : Médicaments essentiels',
      language: 'fr',
      templateKey: 'standard',
      periodStart: at('2026-01-01T00:00:00Z'),
      periodEnd: at('2026-03-31T23:59:59Z'),
      sections: [
        { key: 'summary', heading: 'Synthèse', body: 'Le contrôleur a assisté à l’ouverture des plis.\n\n(a) premier point ;\n\n(b) second point.' },
        { key: 'findings', heading: 'Constats étape par étape', body: 'Voir ci-dessous.' },
        { key: 'response-times', heading: 'Réactivité', body: 'Délais de réponse.' },
        { key: 'signatories', heading: 'Signataires', body: 'Ont signé :' },
      ],
    },
    publishedAt: at('2026-04-02T08:00:00Z'),
    procurement: {
      id: 'p1',
      reference: 'TCG/HLTH/2026/014',
      title: 'Médicaments essentiels',
      ocid: null,
      stage: ProcurementStage.EVALUATION,
      authority: 'Comté de Turkana',
      monitor: 'Contrôleurs indépendants SARL',
      implementer: 'Réseau pour l’intégrité',
    },
    timeline: [
      { fromStage: ProcurementStage.PLANNING, toStage: ProcurementStage.TENDER_PREPARATION, occurredAt: at('2026-01-05T00:00:00Z'), note: 'Dossier prêt' },
    ],
    contributions: [{ sectionKey: 'summary', body: 'Les plis ont été ouverts en séance publique.', createdAt: at('2026-03-30T00:00:00Z') }],
    findings: [
      {
        id: 'f1',
        stage: ProcurementStage.TENDER_OPEN,
        kind: 'NON_COMPLIANCE',
        severity: 'HIGH',
        status: 'ANSWERED',
        title: 'Ouverture des plis avant l’heure limite',
        description: 'Les plis ont été ouverts dix minutes trop tôt.',
        createdAt: at('2026-02-02T08:00:00Z'),
      },
      {
        id: 'f2',
        stage: ProcurementStage.EVALUATION,
        kind: 'OBSERVATION',
        severity: 'LOW',
        status: 'OPEN',
        title: 'Procès-verbal non signé',
        description: 'Deux membres n’ont pas signé.',
        createdAt: at('2026-02-10T08:00:00Z'),
      },
      {
        id: 'f3',
        stage: ProcurementStage.EVALUATION,
        kind: 'RECOMMENDATION',
        severity: 'MEDIUM',
        status: 'OPEN',
        title: 'Publier le registre d’ouverture',
        description: 'Publier le registre.',
        createdAt: at('2026-02-11T08:00:00Z'),
      },
    ],
    responses: [{ findingId: 'f1', body: 'Nous avons rappelé la règle au comité.', createdAt: at('2026-02-03T08:00:00Z') }],
    signOffs: [
      { id: 's1', stage: ProcurementStage.TENDER_OPEN, decision: 'OBJECTED', reason: 'Ouverture anticipée des plis.', createdAt: at('2026-02-02T09:00:00Z') },
    ],
    signatories: {
      pactVersion: 2,
      pactContentHash: 'c'.repeat(64),
      signatures: [
        {
          id: '6f1c2b9e-1d2a-4c3b-9e8f-7a6b5c4d3e2f',
          party: 'BIDDER',
          organisationName: 'Bâtiments Réunis SARL',
          signerName: 'Hélène Mwangi',
          signerTitle: 'Directrice',
          signedAt: at('2026-01-10T09:15:30Z'),
        },
      ],
    },
    redFlags: [{ code: 'R018', status: 'CONFIRMED', evidence: { bids: 1 }, threshold: 1, computedAt: at('2026-02-20T00:00:00Z'), dismissalReason: null }],
    complaints: [
      { status: 'RESOLVED', type: 'Corruption', createdAt: at('2026-02-01T00:00:00Z'), firstActionAt: null, resolvedAt: at('2026-02-03T00:00:00Z') },
    ],
    unclassifiedLabel: 'Non classée',
    ...overrides,
  };
}

const FRENCH_LABELS = {
  periodicReport: 'Rapport de suivi périodique',
  contribution: 'Contribution du contrôleur indépendant',
  response: 'Réponse de l’autorité',
  HIGH: 'Élevée',
  TENDER_OPEN: 'Appel d’offres ouvert',
};

function input(overrides: Partial<ReportFacts> = {}, labels: Record<string, string> = FRENCH_LABELS): ReportPdfInput {
  return { labels, content: assembleReportContent(facts(overrides)), contentHash: HASH };
}

async function render(value: ReportPdfInput): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await renderReportPdf(value)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Extraction keeps line breaks where the layout wrapped, which assertions should not depend on. */
function flat(text: string): string {
  return text.replace(/\s+/g, ' ');
}

describe('renderReportPdf', () => {
  it('prints the title page, numbered sections with the monitor’s contributions, and the hash', async () => {
    const text = flat(await pdfText(await render(input())));

    expect(text).toContain('Rapport de suivi périodique');
    expect(text).toContain('Rapport de suivi du 2026-01-01 au 2026-03-31 : Médicaments essentiels');
    expect(text).toContain('TCG/HLTH/2026/014');
    expect(text).toContain('Comté de Turkana');
    expect(text).toContain('2026-01-01 to 2026-03-31');
    expect(text).toContain('1. Synthèse');
    expect(text).toContain('(a)');
    expect(text).toContain('Contribution du contrôleur indépendant (2026-03-30)');
    expect(text).toContain('Les plis ont été ouverts en séance publique.');
    expect(text).toContain('2. Constats étape par étape');
    expect(text).toContain(HASH);
  });

  it('draws the findings chart and tables with severity, status and the authority’s responses', async () => {
    const text = flat(await pdfText(await render(input())));

    expect(text).toContain('Findings by stage and severity');
    for (const word of ['Low', 'Medium', 'Élevée', 'Critical', 'Planning', 'Closure']) expect(text).toContain(word);
    expect(text).toContain('Appel d’offres ouvert (1)');
    expect(text).toContain('F1');
    expect(text).toContain('Ouverture des plis avant l’heure limite');
    expect(text).toContain('Les plis ont été ouverts dix minutes trop tôt.');
    expect(text).toContain('Réponse de l’autorité (2026-02-03): Nous avons rappelé la règle au comité.');
    expect(text).toContain('Procès-verbal non signé');
    expect(text).toContain('No response from the authority yet.');
  });

  it('prints the response-time figures and chart, signatories, and the blocks whose section the report lacks', async () => {
    const text = flat(await pdfText(await render(input())));

    expect(text).toContain('Median time to first response: 24 hours');
    expect(text).toContain('Without any response: 2 / 3');
    expect(text).toContain("Time from finding to the authority's first response");
    expect(text).toContain('1-3 days');
    expect(text).toContain('Bâtiments Réunis SARL');
    expect(text).toContain('Hélène Mwangi, Directrice');
    expect(text).toContain('6f1c2b9e-1d2a-4c3b-9e8f-7a6b5c4d3e2f');
    // Sections the report does not have still get their figures, after the last section.
    expect(text).toContain('5. Stage timeline');
    expect(text).toContain('Dossier prêt');
    expect(text).toContain('R1');
    expect(text).toContain('Publier le registre d’ouverture');
    expect(text).toContain('Objection');
    expect(text).toContain('Ouverture anticipée des plis.');
    expect(text).toContain('R018');
    expect(text).toContain('bids: 1; Threshold: 1');
    // One complaint: withheld, never published as 1 nor as "fewer than 5", which a complement withheld beside it is not.
    expect(text).toContain('Complaints about this procurement: withheld');
    expect(text).toContain('Corruption withheld');
  });

  it('prints the note of a report published before complaint referral existed', async () => {
    const value = input();
    const legacy = {
      ...value,
      content: { ...value.content, complaints: { available: false as const, note: 'Le module de traitement des plaintes n’est pas encore disponible.' } },
    };
    expect(flat(await pdfText(await render(legacy)))).toContain('Le module de traitement des plaintes n’est pas encore disponible.');
  });

  it('says so when there is nothing to show', async () => {
    const text = flat(await pdfText(await render(input({ findings: [], responses: [], signOffs: [], signatories: null, redFlags: [], timeline: [] }, {}))));

    expect(text).toContain('No findings in the period covered.');
    expect(text).toContain('No recommendations in the period covered.');
    expect(text).toContain('No version of the pact has been published yet.');
    expect(text).toContain('No red-flag indicator is triggered.');
    expect(text).not.toContain('Findings by stage and severity');
  });

  it('flows a long report across pages, each with its number and the content hash', async () => {
    const many = Array.from({ length: 150 }, (_, index) => ({
      id: `f${String(index).padStart(3, '0')}`,
      stage: ProcurementStage.EVALUATION,
      kind: 'OBSERVATION',
      severity: 'MEDIUM',
      status: 'OPEN',
      title: `Finding number ${index + 1}`,
      description: 'Observed during the evaluation session. '.repeat(4),
      createdAt: at('2026-02-10T08:00:00Z'),
    }));
    const pages = await pdfPageTexts(await render(input({ findings: many, responses: [] })));

    expect(pages.length).toBeGreaterThan(10);
    pages.forEach((page, index) => {
      expect(page).toContain(`Page ${index + 1}`);
      expect(page).toContain(HASH);
    });
    expect(flat(pages.join('\n'))).toContain('Finding number 150');
  });

  it('marks a draft’s preview as a draft on the title page and every footer, with no hash and no publication date', async () => {
    const pages = await pdfPageTexts(await render({ ...input({}, {}), contentHash: null }));
    const draft = 'Draft for review, not published: it has no content hash yet and may still change';

    expect(flat(pages[0])).toContain(`Status ${draft}`);
    expect(flat(pages[0])).not.toContain('Published');
    expect(flat(pages[0])).not.toContain('Content hash');
    pages.forEach((page) => expect(flat(page)).toContain(draft));
  });

  it('gives the same bytes for the same content', async () => {
    const [first, second] = await Promise.all([render(input()), render(input())]);

    expect(first.equals(second)).toBe(true);
  });
});

describe('chart ticks', () => {
  it('are 1, 2 or 5 times a power of ten, about five to an axis', () => {
    expect([3, 5, 9, 12, 37, 140, 1000].map(tickStep)).toEqual([1, 1, 2, 5, 10, 50, 200]);
  });
});
