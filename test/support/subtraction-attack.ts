/**
 * What a user can work out from published counts by subtraction alone, written without the
 * code it checks. A fact is "these cells, with these signs, add up to this number"; every
 * breakdown gives one for each subset of its shown cells (its parent minus that subset), and
 * every fact whose cells are part of another's can be taken from it. Whatever fact is left
 * with a single withheld cell gives that cell away.
 */

export interface PublishedTable {
  /** Every published cell: its value, or null when withheld. */
  cells: Map<string, number | null>;
  /** `parent` = sum of `children`; a null parent is a breakdown whose sum is not published. */
  sums: Array<{ parent: string | null; children: string[] }>;
}

type Fact = { terms: Map<string, number>; value: number };

/** The withheld cells anyone can work back, with the value they get. */
export function recoverBySubtraction(table: PublishedTable): Map<string, number> {
  const known = new Map<string, number>([...table.cells].filter((entry): entry is [string, number] => entry[1] !== null));
  const recovered = new Map<string, number>();
  const learn = (fact: Fact) => {
    const unknown = [...fact.terms.keys()].filter((name) => !known.has(name));
    if (unknown.length !== 1) return false;
    const rest = [...fact.terms].reduce((sum, [name, sign]) => (name === unknown[0] ? sum : sum + sign * known.get(name)!), 0);
    const value = (fact.value - rest) / fact.terms.get(unknown[0])!;
    known.set(unknown[0], value);
    recovered.set(unknown[0], value);
    return true;
  };
  for (let learnt = true; learnt;) {
    learnt = false;
    const sums = table.sums.filter((sum) => sum.parent !== null);
    for (const { parent, children } of sums) {
      const shown = children.filter((child) => known.has(child));
      // The parent minus every subset of the shown cells (beyond 12 shown cells, the whole set stands for the others).
      for (const subset of shown.length <= 12 ? subsets(shown) : [shown]) {
        const terms = new Map<string, number>([[parent!, 1]]);
        for (const child of children) if (!subset.includes(child)) terms.set(child, -1);
        learnt = learn({ terms, value: subset.reduce((sum, child) => sum + known.get(child)!, 0) }) || learnt;
      }
    }
    // One breakdown's withheld cells taken from another's, once the shown cells are taken out of both.
    const facts = sums.map(({ parent, children }) => reduced([parent!, ...children], known, (name) => (name === parent ? 1 : -1)));
    for (const fact of differences(facts)) learnt = learn(fact) || learnt;
  }
  return recovered;
}

/** The sum `±cells = 0` with the known cells moved to the right-hand side. */
function reduced(names: string[], known: Map<string, number>, sign: (name: string) => number): Fact {
  const terms = new Map(names.filter((name) => !known.has(name)).map((name) => [name, sign(name)]));
  return { terms, value: -names.filter((name) => known.has(name)).reduce((sum, name) => sum + sign(name) * known.get(name)!, 0) };
}

/**
 * For each breakdown whose parent is shown, the most a withheld cell can be: the parent minus
 * the shown cells. A withheld count of 1 to 4 bounded by less than `smallest` is narrowed
 * down to a few people even if not given away.
 */
export function upperBounds(table: PublishedTable): Map<string, number> {
  const bounds = new Map<string, number>();
  for (const { parent, children } of table.sums) {
    const total = parent === null ? null : table.cells.get(parent);
    if (total === null || total === undefined) continue;
    const left = total - children.reduce((sum, child) => sum + (table.cells.get(child) ?? 0), 0);
    for (const child of children) if (table.cells.get(child) === null) bounds.set(child, Math.min(left, bounds.get(child) ?? Infinity));
  }
  return bounds;
}

function subsets<T>(items: T[]): T[][] {
  return items.reduce<T[][]>((all, item) => all.concat(all.map((subset) => [...subset, item])), [[]]);
}

/** One fact taken from another whose terms include all of its own with the same signs. */
function differences(facts: Fact[]): Fact[] {
  const found: Fact[] = [];
  for (const big of facts) {
    for (const small of facts) {
      if (small === big || small.terms.size >= big.terms.size) continue;
      if (![...small.terms].every(([name, sign]) => big.terms.get(name) === sign)) continue;
      found.push({ terms: new Map([...big.terms].filter(([name]) => !small.terms.has(name))), value: big.value - small.value });
    }
  }
  return found;
}

interface Count {
  count: number | null;
}
/** The part of a `complaintStatistics` answer that carries counts. */
export interface StatisticsAnswer {
  total: Count;
  weekly: Array<{ week: string; lodged: Count; resolved: Count }>;
  monthly: Array<{ month: string; lodged: Count }>;
  timeToFirstAction: Count;
  timeToResolution: Count;
  timesByOrganisation: Array<{ organisationId: string | null; toFirstAction: Count; toResolution: Count }>;
  [field: `by${string}`]: Array<{ key: string | null } & Count>;
}

/**
 * One answer as a table whose cells are named `<name>/<cell>`: every breakdown, the weeks
 * lodged and the months lodged add up to the total, the organisations' times to the overall times.
 */
export function answerTable(name: string, answer: StatisticsAnswer): PublishedTable {
  const cells = new Map<string, number | null>();
  const sums: PublishedTable['sums'] = [];
  const put = (cell: string, count: Count) => (cells.set(`${name}/${cell}`, count.count), `${name}/${cell}`);
  const total = put('total', answer.total);
  for (const field of Object.keys(answer).filter((key) => /^by[A-Z]/.test(key)) as Array<`by${string}`>) {
    sums.push({ parent: total, children: answer[field].map((bucket) => put(`${field}:${bucket.key}`, bucket)) });
  }
  sums.push({ parent: total, children: answer.weekly.map((week) => put(`lodged:${week.week}`, week.lodged)) });
  sums.push({ parent: null, children: answer.weekly.map((week) => put(`resolved:${week.week}`, week.resolved)) });
  sums.push({ parent: total, children: answer.monthly.map((month) => put(`lodged-month:${month.month}`, month.lodged)) });
  for (const measure of ['toFirstAction', 'toResolution'] as const) {
    const overall = put(measure, measure === 'toFirstAction' ? answer.timeToFirstAction : answer.timeToResolution);
    sums.push({ parent: overall, children: answer.timesByOrganisation.map((o) => put(`${measure}:${o.organisationId}`, o[measure])) });
  }
  return { cells, sums };
}

/**
 * Several answers at once, with what links them: a period made of two others counts, in each
 * cell, the sum of theirs (a cell missing from a part, such as a week it does not reach, is 0).
 */
export function linkedTables(tables: Record<string, PublishedTable>, unions: Array<{ whole: string; parts: string[] }>): PublishedTable {
  const cells = new Map([...Object.values(tables)].flatMap((table) => [...table.cells]));
  const sums = Object.values(tables).flatMap((table) => table.sums);
  for (const { whole, parts } of unions) {
    for (const cell of [...tables[whole].cells.keys()].map((name) => name.slice(whole.length + 1))) {
      const children = parts.map((part) => `${part}/${cell}`);
      for (const child of children) if (!cells.has(child)) cells.set(child, 0);
      sums.push({ parent: `${whole}/${cell}`, children });
    }
  }
  return { cells, sums };
}
