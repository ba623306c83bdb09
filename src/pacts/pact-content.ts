import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import type { PactClause } from './pact-clause.js';

export interface PactContent {
  procurementId: string;
  procurementReference: string;
  number: number;
  templateKey: string;
  language: string;
  title: string;
  clauses: PactClause[];
}

/**
 * The bytes a pact version's hash is computed over: RFC 8785 canonical JSON, so anyone can
 * rebuild them from the published fields with any JCS library and get the same hash.
 */
export function canonicalPactContent(content: PactContent): string {
  return canonicalize({
    type: 'pactwatch.pact-version/v1',
    procurementId: content.procurementId,
    procurementReference: content.procurementReference,
    number: content.number,
    templateKey: content.templateKey,
    language: content.language,
    title: content.title,
    clauses: content.clauses.map(({ key, heading, body }) => ({ key, heading, body })),
  })!;
}

export function sha256Hex(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}
