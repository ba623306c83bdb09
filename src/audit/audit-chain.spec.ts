import { GENESIS_HASH, entryHash, verifyEntries } from './audit.service.js';
import type { AuditEntry } from './audit-entry.entity.js';

const entry = (overrides: Partial<AuditEntry> = {}): Omit<AuditEntry, 'hash' | 'leafHash'> => ({
  seq: '1',
  occurredAt: new Date('2026-11-25T10:00:00.000Z'),
  actorId: null,
  action: 'pact.signed',
  subjectType: 'Signature',
  subjectId: '5b1c7d0e-0000-4000-8000-000000000001',
  procurementId: null,
  data: { b: 2, a: 1 },
  previousHash: GENESIS_HASH,
  ...overrides,
});

describe('audit entry hash', () => {
  it('is the same whatever the key order of the data (jsonb does not keep it)', () => {
    expect(entryHash(entry({ data: { a: 1, b: 2 } }))).toBe(entryHash(entry({ data: { b: 2, a: 1 } })));
  });

  it('changes with the content and with the previous link', () => {
    const base = entryHash(entry());
    expect(entryHash(entry({ action: 'pact.published' }))).not.toBe(base);
    expect(entryHash(entry({ data: { a: 1, b: 3 } }))).not.toBe(base);
    expect(entryHash(entry({ occurredAt: new Date('2026-11-25T10:00:00.001Z') }))).not.toBe(base);
    expect(entryHash(entry({ previousHash: 'f'.repeat(64) }))).not.toBe(base);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('verifying entries taken from the chain', () => {
  const sealed = (fields: Partial<AuditEntry>): AuditEntry => {
    const content = entry(fields);
    return { ...content, hash: entryHash(content), leafHash: '' };
  };
  const first = sealed({ seq: '1' });
  const other = sealed({ seq: '2', previousHash: first.hash, action: 'pact.published' });
  const third = sealed({ seq: '3', previousHash: other.hash });
  const before = new Map([
    ['1', first.hash],
    ['2', other.hash],
  ]);

  it('accepts entries whose content matches their hash and whose links meet the entries before them, in any order', () => {
    expect(verifyEntries([third, first], before)).toEqual({ checked: 2, firstBroken: null });
  });

  it('reports an altered entry, a broken link and a missing predecessor', () => {
    expect(verifyEntries([{ ...third, action: 'pact.withdrawn' }], before).firstBroken).toEqual({ seq: '3', problem: expect.stringContaining('altered') });
    expect(verifyEntries([third], new Map([['2', 'f'.repeat(64)]])).firstBroken).toEqual({ seq: '3', problem: expect.stringContaining('previous_hash') });
    expect(verifyEntries([third], new Map()).firstBroken).toEqual({ seq: '2', problem: 'entry 2 is missing' });
  });
});
