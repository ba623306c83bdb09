import type { PactClause } from './pact-clause.js';

export type ClauseChange = 'same' | 'changed' | 'added' | 'removed';

/** One clause in two texts of a pact: what it said before, what it says after. */
export interface ClauseComparison {
  key: string;
  change: ClauseChange;
  before: PactClause | null;
  after: PactClause | null;
}

/**
 * Two texts of a pact side by side, clause by clause, matched by their stable keys (the key a
 * comment names), in the order of the later text with removed clauses where they stood before:
 * what a signer needs to see before signing an amendment again.
 */
export function compareClauses(before: readonly PactClause[], after: readonly PactClause[]): ClauseComparison[] {
  const old = new Map(before.map((c) => [c.key, c]));
  const kept = new Set(after.map((c) => c.key));
  const rows: ClauseComparison[] = [];
  const removedBefore = (index: number) =>
    before
      .slice(index)
      .filter((c, i, rest) => !kept.has(c.key) && rest.slice(0, i).every((r) => !kept.has(r.key)))
      .map((c) => ({ key: c.key, change: 'removed' as const, before: c, after: null }));
  rows.push(...removedBefore(0));
  for (const clause of after) {
    const was = old.get(clause.key) ?? null;
    const change: ClauseChange = !was ? 'added' : was.heading === clause.heading && was.body === clause.body ? 'same' : 'changed';
    rows.push({ key: clause.key, change, before: was, after: clause });
    if (was) rows.push(...removedBefore(before.indexOf(was) + 1));
  }
  return rows;
}
