import { compareClauses } from './pact-comparison.js';

const clause = (key: string, body = `${key} text`, heading = key.toUpperCase()) => ({ key, heading, body });

describe('comparing two texts of a pact clause by clause', () => {
  it('marks each clause the same, changed, added or removed, matched by key', () => {
    const rows = compareClauses([clause('a'), clause('b'), clause('c')], [clause('a'), clause('b', 'new text'), clause('d')]);
    expect(rows.map((r) => [r.key, r.change])).toEqual([
      ['a', 'same'],
      ['b', 'changed'],
      ['c', 'removed'],
      ['d', 'added'],
    ]);
    expect(rows[1].before?.body).toBe('b text');
    expect(rows[1].after?.body).toBe('new text');
  });

  it('counts a new heading as a change, and keeps removed clauses where they stood', () => {
    const rows = compareClauses([clause('x'), clause('a'), clause('y'), clause('b')], [clause('a', 'a text', 'Renamed'), clause('b')]);
    expect(rows.map((r) => [r.key, r.change])).toEqual([
      ['x', 'removed'],
      ['a', 'changed'],
      ['y', 'removed'],
      ['b', 'same'],
    ]);
  });
});
