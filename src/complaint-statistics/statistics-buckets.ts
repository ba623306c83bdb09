import { ComplainantAgeGroup, ComplainantGender, ComplaintChannel, ComplaintStatus } from '../complaints/complaint.entity.js';
import type { BucketFigure, CountedDimension } from './complaint-figures.js';

/** What one dimension and value of the cells add up to over the period. */
export interface CellSum {
  dimension: string;
  key: string | null;
  organisation_id: string | null;
  complaints: number;
}

/** The configured lists complaints are classified by, by id. */
export interface Classifications {
  sectors: Map<string, { code: string; name: string }>;
  types: Map<string, { code: string; name: string }>;
  areas: Map<string, { code: string; name: string; parentId: string | null }>;
}

const GENDERS: Record<ComplainantGender, string> = { FEMALE: 'Female', MALE: 'Male', OTHER: 'Other' };
const AGE_GROUPS: Record<ComplainantAgeGroup, string> = { UNDER_18: 'Under 18', FROM_18_TO_35: '18 to 35', FROM_36_TO_60: '36 to 60', OVER_60: 'Over 60' };
const CHANNELS: Record<ComplaintChannel, string> = { SMS: 'SMS', EMAIL: 'Email', WEB: 'Web', WALK_IN: 'Walk-in' };
const STATUSES: Record<ComplaintStatus, string> = {
  RECEIVED: 'Received',
  REFERRED: 'Referred',
  ACKNOWLEDGED: 'Acknowledged',
  IN_PROGRESS: 'In progress',
  RESOLVED: 'Resolved',
  REJECTED: 'Rejected',
  CLOSED: 'Closed',
};
const NOT_GIVEN = 'Not given';
const UNCLASSIFIED = 'Unclassified';

/**
 * The buckets of every dimension but the handling organisation, labelled and in the order the
 * statistics list them: every value there can be, counted or not, then the not given.
 */
export function dimensionBuckets(cells: CellSum[], classifications: Classifications): Omit<Record<CountedDimension, BucketFigure[]>, 'handlingOrganisation'> {
  const counted = (dimension: string) => cells.filter((cell) => cell.dimension === dimension);
  return { ...enumBuckets(counted), ...classificationBuckets(counted, classifications) };
}

function enumBuckets(counted: (dimension: string) => CellSum[]): Pick<Record<CountedDimension, BucketFigure[]>, 'gender' | 'ageGroup' | 'channel' | 'status'> {
  const buckets = (dimension: string, labels: Record<string, string>, nullable: boolean): BucketFigure[] => {
    const counts = sumBy(counted(dimension), (cell) => cell.key);
    const values: Array<string | null> = [...Object.keys(labels), ...(nullable ? [null] : [])];
    return values.map((key) => ({ key, label: key === null ? NOT_GIVEN : labels[key], count: counts.get(key) ?? 0 }));
  };
  return {
    gender: buckets('gender', GENDERS, true),
    ageGroup: buckets('age_group', AGE_GROUPS, true),
    channel: buckets('channel', CHANNELS, false),
    status: buckets('status', STATUSES, false),
  };
}

/** Sectors, types and areas: every one configured, by name, then the unclassified; sub-counties roll up into their county. */
function classificationBuckets(
  counted: (dimension: string) => CellSum[],
  reference: Classifications,
): Pick<Record<CountedDimension, BucketFigure[]>, 'sector' | 'type' | 'county' | 'subCounty'> {
  const listed = (dimension: string, items: Map<string, { code: string; name: string }>): BucketFigure[] => {
    const counts = sumBy(counted(dimension), (cell) => cell.key);
    return [
      ...[...items].map(([id, item]) => ({ key: item.code, label: item.name, count: counts.get(id) ?? 0 })).sort(byLabel((b) => b.label)),
      { key: null, label: UNCLASSIFIED, count: counts.get(null) ?? 0 },
    ];
  };
  const byArea = sumBy(counted('area'), (cell) => cell.key);
  const areas = [...reference.areas].map(([id, area]) => ({ id, ...area, count: byArea.get(id) ?? 0 }));
  const counties = areas.filter((area) => area.parentId === null || !reference.areas.has(area.parentId));
  const subCounties = areas.filter((area) => !counties.includes(area));
  const countyName = (area: (typeof areas)[number]) => reference.areas.get(area.parentId ?? '')?.name ?? '';
  return {
    sector: listed('sector', reference.sectors),
    type: listed('type', reference.types),
    county: [
      ...counties
        .map((county) => ({ key: county.code, label: county.name, count: county.count + sum(subCounties.filter((area) => area.parentId === county.id)) }))
        .sort(byLabel((b) => b.label)),
      { key: null, label: UNCLASSIFIED, count: byArea.get(null) ?? 0 },
    ],
    subCounty: [
      ...subCounties
        .sort((a, b) => countyName(a).localeCompare(countyName(b)) || a.name.localeCompare(b.name))
        .map((area) => ({ key: area.code, label: area.name, count: area.count })),
      { key: null, label: 'No sub-county given', count: (byArea.get(null) ?? 0) + sum(counties) },
    ],
  };
}

export function sumBy<K>(cells: CellSum[], keyOf: (cell: CellSum) => K): Map<K, number> {
  const totals = new Map<K, number>();
  for (const cell of cells) totals.set(keyOf(cell), (totals.get(keyOf(cell)) ?? 0) + cell.complaints);
  return totals;
}

function sum(items: Array<{ count: number }>): number {
  return items.reduce((total, item) => total + item.count, 0);
}

/** By label, the null one (not given, not referred) last. */
export function byLabel<T>(labelOf: (item: T) => string | null): (a: T, b: T) => number {
  return (a, b) => {
    const [x, y] = [labelOf(a), labelOf(b)];
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return x.localeCompare(y);
  };
}
