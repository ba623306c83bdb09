import { compileReleases, contractValues, mergeOcds, unitsOf } from './ocds-compile.js';
import type { OcdsRelease, OcdsReleasePackage } from './ocds-release.js';

const meta = { uri: 'https://example.org/p.json', version: '1.1' as const, publishedDate: '2026-01-01T00:00:00Z', publisher: { name: 'Example' } };
const release = (id: string, date: string, fields: Partial<OcdsRelease> = {}): OcdsRelease => ({
  ocid: 'ocds-a',
  id,
  date,
  tag: ['tender'],
  initiationType: 'tender',
  ...fields,
});
const kes = (amount: number) => ({ amount, currency: 'KES' });

describe('mergeOcds (the OCDS merge rules)', () => {
  it('merges objects field by field and removes a field set to null', () => {
    expect(mergeOcds({ tender: { id: 't', title: 'Old', description: 'Gone' } }, { tender: { title: 'New', description: null } })).toEqual({
      tender: { id: 't', title: 'New' },
    });
  });

  it('merges arrays of objects by id, an integer id matching its string form, and replaces any other array', () => {
    const merged = mergeOcds(
      {
        parties: [
          { id: 'a', name: 'A', roles: ['tenderer'] },
          { id: 1, name: 'One' },
        ],
        tag: ['tender'],
      },
      {
        parties: [
          { id: 'a', roles: ['tenderer', 'supplier'] },
          { id: '1', name: 'One Ltd' },
          { id: 'b', name: 'B' },
        ],
        tag: ['award'],
      },
    );
    expect(merged).toEqual({
      parties: [
        { id: 'a', name: 'A', roles: ['tenderer', 'supplier'] },
        { id: '1', name: 'One Ltd' },
        { id: 'b', name: 'B' },
      ],
      tag: ['award'],
    });
  });
});

describe('unitsOf', () => {
  it('groups a release package by ocid and orders each group by date, whatever the file order', () => {
    const pkg: OcdsReleasePackage = {
      ...meta,
      releases: [
        release('late', '2026-03-01T00:00:00Z', { tender: { id: 't', title: 'Later title' } }),
        { ...release('other', '2026-01-01T00:00:00Z'), ocid: 'ocds-b' },
        release('early', '2026-02-01T00:00:00Z', { tender: { id: 't', title: 'First title', description: 'Kept' } }),
      ],
    };
    const { units, problems } = unitsOf(pkg);
    expect(problems).toEqual([]);
    expect(units.map((u) => [u.ocid, u.sources.map((s) => s.path)])).toEqual([
      ['ocds-a', ['/releases/2', '/releases/0']],
      ['ocds-b', ['/releases/1']],
    ]);
    expect(units[0].compiled.tender).toEqual({ id: 't', title: 'Later title', description: 'Kept' });
  });

  it("reads a record's compiled release, else its embedded releases, and reports records it cannot read", () => {
    const { units, problems } = unitsOf({
      ...meta,
      records: [
        {
          ocid: 'ocds-a',
          releases: [{ url: 'https://example.org/r', date: '2026-01-01T00:00:00Z', tag: ['tender'] }],
          compiledRelease: release('c', '2026-01-01T00:00:00Z'),
        },
        { ocid: 'ocds-b', releases: [{ ...release('e', '2026-01-01T00:00:00Z'), ocid: 'ocds-b' }] },
        { ocid: 'ocds-c', releases: [{ url: 'https://example.org/r', date: '2026-01-01T00:00:00Z', tag: ['tender'] }] },
        { ocid: 'ocds-a', releases: [] },
        { ocid: 'ocds-d', releases: [], compiledRelease: release('x', '2026-01-01T00:00:00Z') },
      ],
    });
    expect(units.map((u) => [u.ocid, u.sources.map((s) => s.path)])).toEqual([
      ['ocds-a', ['/records/0/compiledRelease']],
      ['ocds-b', ['/records/1/releases/0']],
      ['ocds-d', ['/records/4/compiledRelease']],
    ]);
    expect(problems).toEqual([
      { path: '/records/2', message: 'has neither a compiledRelease nor embedded releases to import' },
      { path: '/records/3/ocid', message: 'repeats ocid ocds-a: a record package has one record per ocid' },
      { path: '/records/4/compiledRelease/ocid', message: "does not match the record's ocid ocds-d" },
    ]);
  });
});

describe('contractValues', () => {
  const unit = (...releases: OcdsRelease[]) => {
    const sources = releases.map((r, i) => ({ release: r, path: `/releases/${i}` }));
    return { ocid: 'ocds-a', sources, compiled: compileReleases(releases) };
  };

  it('reads the value at signature and after each amendment from successive releases', () => {
    const values = contractValues(
      unit(
        release('1', '2026-01-01T00:00:00Z', { contracts: [{ id: 'c', awardID: 'a', value: kes(100) }] }),
        release('2', '2026-02-01T00:00:00Z', {
          contracts: [{ id: 'c', awardID: 'a', value: kes(110), amendments: [{ id: 'm1', date: '2026-02-01T00:00:00Z' }] }],
        }),
        release('3', '2026-03-01T00:00:00Z', {
          contracts: [{ id: 'c', awardID: 'a', value: kes(125), amendments: [{ id: 'm2', date: '2026-03-01T00:00:00Z' }] }],
        }),
      ),
    );
    expect(values.problems).toEqual([]);
    expect(values.signed.get('c')).toEqual(kes(100));
    expect([...values.amended.get('c')!]).toEqual([
      ['m1', kes(110)],
      ['m2', kes(125)],
    ]);
  });

  it('prefers the extension, and gives the latest of several new amendments the value of their release', () => {
    const values = contractValues(
      unit(
        release('1', '2026-01-01T00:00:00Z', {
          contracts: [
            {
              id: 'c',
              awardID: 'a',
              value: kes(130),
              pactwatch: { signedValue: kes(100) },
              amendments: [
                { id: 'm2', date: '2026-03-01T00:00:00Z' },
                { id: 'm1', date: '2026-02-01T00:00:00Z', pactwatch: { newValue: kes(115) } },
              ],
            },
          ],
        }),
      ),
    );
    expect(values.problems).toEqual([]);
    expect(values.signed.get('c')).toEqual(kes(100));
    expect([...values.amended.get('c')!]).toEqual([
      ['m2', kes(130)],
      ['m1', kes(115)],
    ]);
  });

  it('reports rather than guesses the values nothing gives', () => {
    const values = contractValues(
      unit(
        release('1', '2026-01-01T00:00:00Z', {
          contracts: [
            {
              id: 'c',
              awardID: 'a',
              value: kes(130),
              amendments: [
                { id: 'm1', date: '2026-02-01T00:00:00Z' },
                { id: 'm2', date: '2026-03-01T00:00:00Z' },
              ],
            },
          ],
        }),
      ),
    );
    expect(values.problems.map((p) => p.path)).toEqual([
      '/releases/0/contracts/0/pactwatch/signedValue',
      '/releases/0/contracts/0/amendments/0/pactwatch/newValue',
    ]);
    expect([...values.amended.get('c')!]).toEqual([['m2', kes(130)]]);
  });
});
