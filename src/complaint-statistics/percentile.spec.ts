import { percentileFrom, percentileWalk } from './percentile.js';

/** percentile_cont over a sorted list, the definition the walks must agree with. */
function percentileCont(sorted: number[], fraction: number): number {
  const position = fraction * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
}

/** The bucket of a value as PostgreSQL's width_bucket(value, edges) numbers it. */
const bucketOf = (value: number, edges: number[]) => edges.filter((edge) => edge <= value).length;

/** What walking an index holding `sorted` fetches, as the walk says: from an edge, up or down. */
function walked(sorted: number[], edges: number[], fraction: number): number | null {
  const histogram = Array.from({ length: edges.length + 1 }, (_, bucket) => sorted.filter((v) => bucketOf(v, edges) === bucket).length);
  const walk = percentileWalk(histogram, fraction);
  if (!walk) return null;
  const from = walk.descending
    ? sorted.filter((v) => walk.bucket === edges.length || v < edges[walk.bucket]).reverse()
    : sorted.filter((v) => walk.bucket === 0 || v >= edges[walk.bucket - 1]);
  return percentileFrom(walk, from.slice(walk.offset, walk.offset + walk.limit));
}

describe('percentiles read by walking an ordered index from a histogram edge', () => {
  it('has no value without values', () => {
    expect(percentileWalk([0, 0, 0], 0.5)).toBeNull();
  });

  it('walks from the nearer edge of the bucket holding the position', () => {
    // 1000 values: 100 below the first edge, 700 between the edges, 200 above.
    expect(percentileWalk([100, 700, 200], 0.5)).toEqual({ bucket: 1, descending: true, offset: 299, limit: 2, weight: 0.5 });
    const p90 = percentileWalk([100, 700, 200], 0.9)!;
    expect(p90).toMatchObject({ bucket: 2, descending: false, offset: 99, limit: 2 });
    expect(p90.weight).toBeCloseTo(0.1);
    expect(percentileWalk([100, 700, 200], 0.75)).toMatchObject({ bucket: 1, descending: true, offset: 49, limit: 2 });
    // Without edges the one bucket is the whole index, walked from either end.
    expect(percentileWalk([1000], 0.9)).toMatchObject({ bucket: 0, descending: true, offset: 99, limit: 2 });
  });

  it('walks up past the end of a bucket when the upper neighbour is in the next one', () => {
    // Position 4.5 of 10: the 5th value ends the first bucket, the 6th opens the second.
    expect(percentileWalk([5, 5], 0.5)).toEqual({ bucket: 0, descending: false, offset: 4, limit: 2, weight: 0.5 });
    expect(walked([1, 2, 3, 4, 5, 10, 11, 12, 13, 14], [10], 0.5)).toBe(7.5);
  });

  it('interpolates exactly as percentile_cont for every size, spread and fraction', () => {
    const edges = [3, 10, 30, 100];
    for (let size = 1; size <= 60; size++) {
      const sorted = Array.from({ length: size }, (_, index) => ((index * index * 7) % 131) + index / 10).sort((a, b) => a - b);
      for (const fraction of [0, 0.1, 0.25, 0.5, 0.9, 0.99, 1]) {
        expect(walked(sorted, edges, fraction)).toBeCloseTo(percentileCont(sorted, fraction), 9);
      }
    }
  });

  it('matches hand-computed figures', () => {
    // Hours 2, 4, 6, 8, 10: median 6; p90 at position 3.6, between 8 and 10.
    expect(walked([2, 4, 6, 8, 10], [5], 0.5)).toBe(6);
    expect(walked([2, 4, 6, 8, 10], [5], 0.9)).toBeCloseTo(9.2);
    // Hours 1 to 6: median 3.5; p90 at position 4.5, between 5 and 6.
    expect(walked([1, 2, 3, 4, 5, 6], [2, 4], 0.5)).toBe(3.5);
    expect(walked([1, 2, 3, 4, 5, 6], [2, 4], 0.9)).toBe(5.5);
  });
});
