import { GENESIS_HASH, entryHash } from './audit.service.js';
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
