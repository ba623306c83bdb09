import { recoverBySubtraction, upperBounds, type PublishedTable } from '../../test/support/subtraction-attack.js';
import { isWithheld, protectCounts, recoverable, SMALLEST_PUBLIC_COUNT, type CountGroup } from './protect-counts.js';

/** A table of breakdowns sharing one total (cell 0), as the statistics publish it. */
function sharedTotal(total: number, breakdowns: number[][]): { counts: number[]; groups: CountGroup[] } {
  const counts = [total];
  const groups = breakdowns.map((values) => ({ parent: 0, children: values.map((value) => counts.push(value) - 1) }));
  return { counts, groups };
}

function published(counts: number[], groups: CountGroup[], withheld: boolean[]): PublishedTable {
  return {
    cells: new Map(counts.map((count, index) => [String(index), withheld[index] ? null : count])),
    sums: groups.map((group) => ({ parent: group.parent === null ? null : String(group.parent), children: group.children.map(String) })),
  };
}

/** Nothing withheld can be worked back, nor any withheld count of 1 to 4 bounded below the smallest public count. */
function expectProtected(counts: number[], groups: CountGroup[], withheld: boolean[]): void {
  const table = published(counts, groups, withheld);
  expect(recoverBySubtraction(table)).toEqual(new Map());
  for (const [cell, bound] of upperBounds(table)) if (isWithheld(counts[Number(cell)])) expect(bound).toBeGreaterThanOrEqual(SMALLEST_PUBLIC_COUNT);
  expect(recoverable(counts.length, groups, withheld)).toEqual([]);
}

/** A small deterministic generator, so that a failing table can be reproduced from its seed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

describe('protectCounts', () => {
  it('protects the reproduction of issue 9: total 11, MALE 0, OTHER 0, not given 10 no longer gives FEMALE = 1', () => {
    const { counts, groups } = sharedTotal(11, [[1, 0, 0, 10]]);
    // The rule before: withhold 1 to 4 only. The attack finds FEMALE.
    expect(recoverBySubtraction(published(counts, groups, counts.map(isWithheld)))).toEqual(new Map([['1', 1]]));
    const withheld = protectCounts(counts, groups);
    expect(withheld).toEqual([false, true, false, false, true]);
    expectProtected(counts, groups, withheld);
  });

  it('takes the next-smallest non-zero count as the complement, and more until the withheld add up to 5 or more', () => {
    const { counts, groups } = sharedTotal(30, [[2, 1, 0, 6, 21]]);
    // 2 and 1 add up to 3, which would bound both: 6 is withheld too.
    expect(protectCounts(counts, groups)).toEqual([false, true, true, false, true, false]);
  });

  it('protects every breakdown sharing the total, and withholds the total with a few complaints', () => {
    const { counts, groups } = sharedTotal(3, [
      [3, 0, 0],
      [1, 2, 0],
    ]);
    const withheld = protectCounts(counts, groups);
    expect(withheld[0]).toBe(true);
    // Three complaints, all in the first value: a second cell is withheld, so nobody learns they all share it.
    expect(withheld.slice(1, 4).filter(Boolean).length).toBe(2);
    expectProtected(counts, groups, withheld);
  });

  it('leaves a table without small counts whole', () => {
    const { counts, groups } = sharedTotal(40, [
      [20, 20, 0],
      [5, 35],
    ]);
    expect(protectCounts(counts, groups).some(Boolean)).toBe(false);
  });

  it('protects a breakdown of a count other than the total, and one whose sum is not published', () => {
    const counts = [12, 7, 3, 2, 4, 9];
    const groups: CountGroup[] = [
      { parent: 0, children: [1, 2, 3] },
      { parent: null, children: [4, 5] },
    ];
    const withheld = protectCounts(counts, groups);
    // 3 and 2 withheld add up to 5, which bounds neither below 5; 4 alone gives nothing without a published sum.
    expect(withheld).toEqual([false, false, true, true, true, false]);
    expectProtected(counts, groups, withheld);
  });

  it('withholds within the breakdown of a count withheld as a complement, not beyond it', () => {
    // A total of 39 over three months (6, 3, 30), and the first month over its two weeks (0, 6).
    const counts = [39, 6, 3, 30, 0, 6];
    const groups: CountGroup[] = [
      { parent: 0, children: [1, 2, 3] },
      { parent: 1, children: [4, 5] },
    ];
    const withheld = protectCounts(counts, groups);
    // The 3 and its complement, the 6; then the first month's weeks, which would give that 6 back. The total and the 30 stay.
    expect(withheld).toEqual([false, true, true, false, true, true]);
    expectProtected(counts, groups, withheld);
  });

  it('finds nothing to work back in 300 random tables of several breakdowns sharing a total', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed);
      const total = Math.floor(next() * 40);
      const breakdowns = Array.from({ length: 1 + Math.floor(next() * 4) }, () => split(total, 1 + Math.floor(next() * 6), next));
      const { counts, groups } = sharedTotal(total, breakdowns);
      const weekly = Array.from({ length: 4 }, () => counts.push(Math.floor(next() * 8)) - 1);
      groups.push({ parent: null, children: weekly });
      const withheld = protectCounts(counts, groups);
      counts.forEach((count, index) => isWithheld(count) && expect(withheld[index]).toBe(true));
      expectProtected(counts, groups, withheld);
    }
  });
});

/** `total` split at random over `parts` values, some of them small or zero. */
function split(total: number, parts: number, next: () => number): number[] {
  const values = new Array<number>(parts).fill(0);
  for (let n = 0; n < total; n++) values[Math.floor(next() ** 2 * parts)] += 1;
  return values;
}
