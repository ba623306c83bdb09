import { complaintSecretMatches, hashComplaintSecret, newComplaintSecret } from './complaint-secret.js';

describe('anonymous complainant secrets', () => {
  it('are 20 random symbols in groups of five, each new one different', () => {
    const secrets = new Set(Array.from({ length: 100 }, newComplaintSecret));
    expect(secrets.size).toBe(100);
    for (const secret of secrets) expect(secret).toMatch(/^[2-9A-HJKMNP-Z]{5}(-[2-9A-HJKMNP-Z]{5}){3}$/);
  });

  it('match as typed in any case, with or without dashes, and nothing else', () => {
    const secret = newComplaintSecret();
    const stored = hashComplaintSecret(secret);
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(complaintSecretMatches(stored, secret)).toBe(true);
    expect(complaintSecretMatches(stored, secret.toLowerCase().replace(/-/g, ' '))).toBe(true);
    expect(complaintSecretMatches(stored, newComplaintSecret())).toBe(false);
    expect(complaintSecretMatches(stored, '')).toBe(false);
  });
});
