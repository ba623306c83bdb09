import { OrganisationKind } from '../authorization/roles.js';
import { Participation } from '../procurements/procurement-bidder.entity.js';
import { ProcurementStage } from '../procurements/procurement-stage.js';
import { identifierOf, participationOf, partyKinds, platformOcid, procurementIdInOcid, splitIdentifier, tenderStatus, toDecimal } from './ocds-mapping.js';
import type { OcdsRelease } from './ocds-release.js';

const release = (fields: Partial<OcdsRelease>): OcdsRelease => ({
  ocid: 'ocds-a',
  id: '1',
  date: '2026-01-01T00:00:00Z',
  tag: ['tender'],
  initiationType: 'tender',
  ...fields,
});

describe('OCDS mapping', () => {
  it.each([
    ['KE-KRA', 'P051200001T'],
    ['GB-COH', '01234567'],
    ['XI-IATI', 'GB-CHC-123'],
    ['DUNS', '123456789'],
  ])('keeps identifier scheme %s and id %s apart through the stored `<scheme>-<id>` form', (scheme, id) => {
    const stored = identifierOf({ id: 'p', name: 'P', identifier: { scheme, id } })!;
    expect(stored).toBe(`${scheme}-${id}`);
    expect(splitIdentifier(stored)).toEqual({ scheme, id });
  });

  it('needs both scheme and id to make an identifier', () => {
    expect(identifierOf({ id: 'p', name: 'P', identifier: { id: '1' } })).toBeNull();
    expect(identifierOf({ id: 'p', name: 'P' })).toBeNull();
    expect(splitIdentifier('NOHYPHEN')).toEqual({ id: 'NOHYPHEN' });
  });

  it("recognises the ocids it gives the platform's own procurements, and only those", () => {
    const id = '3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e';
    expect(procurementIdInOcid(platformOcid(id))).toBe(id);
    expect(procurementIdInOcid('ocds-7kq2zm-TCG-HLTH-2026-031')).toBeNull();
    expect(procurementIdInOcid(`${platformOcid(id)}-x`)).toBeNull();
  });

  it('keeps two decimal places, as the database does', () => {
    expect(toDecimal(48500000)).toBe('48500000.00');
    expect(toDecimal(0.1 + 0.2)).toBe('0.30');
  });

  it('derives tender.status from the stage', () => {
    expect([ProcurementStage.TENDER_PREPARATION, ProcurementStage.EVALUATION, ProcurementStage.CONTRACT_SIGNATURE].map(tenderStatus)).toEqual([
      'planning',
      'active',
      'complete',
    ]);
  });

  it('gives each party the kinds its roles and the references to it imply', () => {
    const kinds = partyKinds(
      release({
        parties: [
          { id: 'buyer', name: 'B', roles: ['buyer', 'procuringEntity'] },
          { id: 'both', name: 'X', roles: ['buyer'] },
          { id: 'm', name: 'M', roles: ['pactwatchMonitor'] },
          { id: 'payer', name: 'P', roles: ['payer'] },
        ],
        buyer: { id: 'buyer' },
        awards: [{ id: 'a', suppliers: [{ id: 'both' }] }],
      }),
    );
    expect(kinds).toEqual(
      new Map([
        ['buyer', new Set([OrganisationKind.CONTRACTING_AUTHORITY])],
        ['both', new Set([OrganisationKind.CONTRACTING_AUTHORITY, OrganisationKind.BIDDER])],
        ['m', new Set([OrganisationKind.MONITOR])],
      ]),
    );
  });

  it('reads participation from the extension, an invitation or the method, in that order', () => {
    const party = { id: 'p', name: 'P' };
    expect(participationOf(release({ tender: { id: 't', procurementMethod: 'open' } }), party)).toBe(Participation.REGISTERED);
    expect(participationOf(release({ tender: { id: 't', procurementMethod: 'selective' } }), party)).toBe(Participation.INVITED);
    expect(participationOf(release({ bids: { details: [{ id: 'b', status: 'invited', tenderers: [{ id: 'p' }] }] } }), party)).toBe(Participation.INVITED);
    expect(participationOf(release({ tender: { id: 't', procurementMethod: 'limited' } }), { ...party, pactwatch: { participation: 'REGISTERED' } })).toBe(
      Participation.REGISTERED,
    );
  });
});
