/**
 * The smallest number of complaints published to the public. Below it a count, or a time
 * over that many complaints, could point at the people who complained (the one walk-in from
 * a sub-county in a given week); the partners publicise the mechanism on the promise that
 * public statistics never expose a complainant.
 */
export const SMALLEST_PUBLIC_COUNT = 5;

/** A count of 1 to 4: never published. Zero is shown, since it exposes nobody. */
export function isWithheld(count: number): boolean {
  return count > 0 && count < SMALLEST_PUBLIC_COUNT;
}

/**
 * Counts that add up: `children` (indexes into the counts) are the values of one breakdown and
 * add up to `parent` (gender buckets to the total, organisations' first actions to the overall
 * count of first actions). A breakdown whose sum is not published has no parent.
 */
export interface CountGroup {
  parent: number | null;
  children: number[];
}

/**
 * Which counts to withhold from the public so that none withheld can be worked back from the
 * rest: the counts of 1 to 4 (primary suppression), then, as statistical offices do, enough
 * other counts of the same breakdowns (complementary suppression) that
 * - no breakdown has a single withheld count (parent minus the shown ones would give it),
 * - what the withheld counts of a breakdown add up to, which anyone can work out, is itself
 *   no small count, so it cannot narrow a withheld count down to a few people,
 * - and no withheld count follows from any combination of the breakdowns' sums (several
 *   breakdowns share one total; withholding a total can make another breakdown give it away).
 * Complements are taken smallest first, non-zero before zero: a zero withheld beside a small count hides little.
 */
export function protectCounts(counts: readonly number[], groups: readonly CountGroup[]): boolean[] {
  const withheld = counts.map(isWithheld);
  for (;;) {
    let changed = false;
    for (const group of groups) changed = complete(group, counts, withheld) || changed;
    const disclosed = recoverable(counts.length, groups, withheld);
    if (disclosed.length === 0) {
      if (changed) continue;
      return withheld;
    }
    const progress = disclosed.some((index) => groups.some((g) => (g.children.includes(index) || g.parent === index) && withholdNext(g, counts, withheld)));
    // Only a table whose sums force a count to zero gets here; withholding everything is the safe answer.
    if (!progress) return counts.map(() => true);
  }
}

/** Withholds complements in one breakdown until it gives nothing away alone; true if it withheld any. */
function complete(group: CountGroup, counts: readonly number[], withheld: boolean[]): boolean {
  if (group.parent === null) return false;
  const parent = group.parent;
  const hidden = () => group.children.filter((child) => withheld[child]);
  const safe = () => {
    const withheldChildren = hidden();
    // A withheld parent is the sum of its children: with every child shown it is given back (a month of one
    // month's figures is its total), with one withheld that one is (parent and child are the same unknown).
    if (withheld[parent]) return withheldChildren.length >= 2 || withheldChildren.length === group.children.length;
    if (withheldChildren.length === 0) return true;
    if (withheldChildren.length < 2) return false;
    return isWithheld(withheldChildren.reduce((sum, child) => sum + counts[child], 0)) === false;
  };
  let changed = false;
  while (!safe() && withholdNext(group, counts, withheld)) changed = true;
  return changed;
}

/** The smallest shown count of the breakdown, non-zero first; the parent once every count is withheld. */
function withholdNext(group: CountGroup, counts: readonly number[], withheld: boolean[]): boolean {
  const shown = group.children.filter((child) => !withheld[child]);
  const rank = (index: number) => (counts[index] === 0 ? Number.MAX_SAFE_INTEGER : counts[index]);
  shown.sort((a, b) => rank(a) - rank(b) || a - b);
  const next = shown.length ? shown[0] : group.parent;
  if (next === null || withheld[next]) return false;
  withheld[next] = true;
  return true;
}

/**
 * The withheld counts that the published sums determine: a withheld count is worked back
 * exactly when its unit vector lies in the row space of the sums' equations restricted to the
 * withheld counts, that is when a row of their reduced echelon form has it alone.
 */
export function recoverable(size: number, groups: readonly CountGroup[], withheld: readonly boolean[]): number[] {
  const unknowns = [...Array(size).keys()].filter((index) => withheld[index]);
  const column = new Map(unknowns.map((index, position) => [index, position]));
  const rows = groups
    .filter((group) => group.parent !== null)
    .map((group) => {
      const row = new Array<number>(unknowns.length).fill(0);
      if (column.has(group.parent!)) row[column.get(group.parent!)!] += 1;
      for (const child of group.children) if (column.has(child)) row[column.get(child)!] -= 1;
      return row;
    });
  return reducedRows(rows, unknowns.length).flatMap((row) => {
    const nonZero = row.flatMap((value, position) => (Math.abs(value) > 1e-9 ? [position] : []));
    return nonZero.length === 1 ? [unknowns[nonZero[0]]] : [];
  });
}

/** Gauss–Jordan elimination; the coefficients are small integers, so floating point is exact enough. */
function reducedRows(rows: number[][], width: number): number[][] {
  const matrix = rows.map((row) => [...row]);
  let pivotRow = 0;
  for (let col = 0; col < width && pivotRow < matrix.length; col++) {
    const found = matrix.findIndex((row, index) => index >= pivotRow && Math.abs(row[col]) > 1e-9);
    if (found < 0) continue;
    [matrix[pivotRow], matrix[found]] = [matrix[found], matrix[pivotRow]];
    const pivot = matrix[pivotRow][col];
    matrix[pivotRow] = matrix[pivotRow].map((value) => value / pivot);
    for (let other = 0; other < matrix.length; other++) {
      if (other === pivotRow || Math.abs(matrix[other][col]) < 1e-9) continue;
      const factor = matrix[other][col];
      matrix[other] = matrix[other].map((value, position) => value - factor * matrix[pivotRow][position]);
    }
    pivotRow++;
  }
  return matrix.slice(0, pivotRow);
}
