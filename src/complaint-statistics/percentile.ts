/**
 * Continuous percentiles as PostgreSQL's `percentile_cont` defines them — the value at position
 * p × (n − 1) of the sorted values, interpolated between its two neighbours — read from an
 * index kept in order instead of sorting: the histogram of the values (how many fall between
 * each pair of edges) says where that position lies, and only the one or two values around it
 * are fetched, by walking the index from the nearer edge of that histogram bucket.
 */

export interface PercentileWalk {
  /** The histogram bucket the walk starts from: bucket b holds the values from edge b − 1 (inclusive) to edge b. */
  bucket: number;
  /** Down from the bucket's upper edge (exclusive) rather than up from its lower edge. */
  descending: boolean;
  /** Values to skip, from the walk's starting edge, before the ones wanted. */
  offset: number;
  /** One or two values: the neighbours of the position. */
  limit: number;
  /** How far between the lower and the upper neighbour the percentile lies (0 to 1). */
  weight: number;
}

/** `histogram[b]` counts the values of bucket b, as PostgreSQL's `width_bucket` numbers them (0 below the first edge). */
export function percentileWalk(histogram: number[], fraction: number): PercentileWalk | null {
  const count = histogram.reduce((total, n) => total + n, 0);
  if (count <= 0) return null;
  const position = fraction * (count - 1);
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, count - 1);
  const limit = upper - lower + 1;
  const weight = position - lower;
  let before = 0;
  let bucket = 0;
  while (before + histogram[bucket] <= lower) before += histogram[bucket++];
  const last = before + histogram[bucket] - 1;
  // Walking down reaches both neighbours only if the upper one is in the same bucket.
  if (upper <= last && last - upper < lower - before) return { bucket, descending: true, offset: last - upper, limit, weight };
  return { bucket, descending: false, offset: lower - before, limit, weight };
}

/** The percentile from the values the walk fetched, in any order. */
export function percentileFrom(walk: PercentileWalk, values: number[]): number | null {
  if (!values.length) return null;
  const [lower, upper = lower] = [...values].sort((a, b) => a - b);
  return lower + walk.weight * (upper - lower);
}
