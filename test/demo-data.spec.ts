import { DEMO_ACCOUNTS } from './support/demo.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** A first start on an empty database seeds the demo a newcomer explores, monitoring included. */
describe('demo data', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ seedMonitoringDemo: true }, { emptyDatabase: true });
  });
  afterAll(() => app?.close());

  it('holds a procurement monitored through award: bids, findings, sign-offs, triggered red flags', async () => {
    const monitor = await app.login(DEMO_ACCOUNTS.monitor);
    const { procurements } = await app.ok(
      `{ procurements { items { reference stage
          bids { amount disqualified }
          findings { totalCount items { kind visibility status responses { body } } }
          stageSignOffs { stage decision reason }
          redFlags { code triggered status findingId }
        } } }`,
      {},
      monitor,
    );
    const monitored = procurements.items.find((p: { reference: string }) => p.reference === 'TCG/WTR/2026/003');
    expect(procurements.items.map((p: { reference: string }) => p.reference).sort()).toEqual(['TCG/HLTH/2026/014', 'TCG/WTR/2026/003']);
    expect(monitored.stage).toBe('AWARD');
    expect(monitored.bids).toHaveLength(2);
    expect(monitored.bids.filter((b: { disqualified: boolean }) => b.disqualified)).toHaveLength(1);
    expect(monitored.findings.totalCount).toBe(3);
    expect(monitored.stageSignOffs.map((s: { decision: string }) => s.decision)).toEqual(['SIGNED_OFF', 'OBJECTED']);
    const triggered = monitored.redFlags
      .filter((f: { triggered: boolean }) => f.triggered)
      .map((f: { code: string; status: string }) => `${f.code}:${f.status}`);
    expect(triggered).toEqual(expect.arrayContaining(['R036:CONFIRMED', 'PW-001:OPEN']));
  });

  it('shows the public the monitored procurement, its published report and what that report made public', async () => {
    const { procurements, publishedReports } = await app.ok(
      `{ procurements { items { reference findings { totalCount } stageSignOffs { decision } } }
         publishedReports { items { title kind contentHash pdfUrl } } }`,
    );
    expect(procurements.items).toEqual([
      { reference: 'TCG/WTR/2026/003', findings: { totalCount: 3 }, stageSignOffs: [{ decision: 'SIGNED_OFF' }, { decision: 'OBJECTED' }] },
    ]);
    expect(publishedReports.items).toHaveLength(1);
    expect(publishedReports.items[0].kind).toBe('PERIODIC');
    const pdf = await fetch(`${app.url}${publishedReports.items[0].pdfUrl}`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');

    // Anyone holding the report's PDF can check it is the published one.
    const form = new FormData();
    form.append('file', new Blob([await pdf.arrayBuffer()]), 'report.pdf');
    const checked = (await (await fetch(`${app.url}/verify-document`, { method: 'POST', body: form })).json()) as {
      known: boolean;
      kind: string;
      explanation: string;
    };
    expect(checked).toMatchObject({ known: true, kind: 'MONITORING_REPORT' });
    expect(checked.explanation).toMatch(/identical to the platform's rendering/);
  });
});
