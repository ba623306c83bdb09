import type { EntityMetadata } from 'typeorm';
import type { Selection } from '../graphql/selection.js';

/** One kind of row in a read compiled to a single statement that returns JSON. */
export interface JsonShape {
  /** The SQL of each scalar field, over the row's alias. */
  columns: Record<string, string>;
  /** The fields holding timestamps: JSON carries them as text, GraphQL's DateTime serialises only Date objects. */
  dates: ReadonlySet<string>;
  relations: Record<string, JsonRelation>;
}

export interface JsonRelation {
  shape: JsonShape;
  many: boolean;
  /** `FROM … WHERE …`, correlated with the parent row's alias; the viewer's rules belong in its WHERE. */
  from: string;
  orderBy?: string;
}

/** json_build_object takes at most 100 arguments; wider objects are joined from parts. */
const PAIRS_PER_CALL = 50;

/** The selectable columns of an entity as JSON fields over `alias`: secrets (`select: false`) are never among them. */
export function columnsOf(metadata: EntityMetadata, alias: string): Pick<JsonShape, 'columns' | 'dates'> {
  const columns: Record<string, string> = {};
  const dates = new Set<string>();
  for (const column of metadata.columns) {
    if (!column.isSelect) continue;
    const sql = `${alias}.${column.databaseName}`;
    // Decimals travel as text, as the entities read them, so no cent is rounded through a JSON number.
    columns[column.propertyName] = column.type === 'numeric' || column.type === 'decimal' ? `${sql}::text` : sql;
    if (column.type === 'timestamptz' || column.type === 'timestamp with time zone' || column.type === Date) dates.add(column.propertyName);
  }
  return { columns, dates };
}

/**
 * The JSON object of one row with exactly the selected fields; relations become correlated
 * sub-selects aggregated with json_agg, so the whole tree is read in one statement. Field
 * names come from a validated GraphQL selection and are used only when the shape declares them.
 */
export function jsonObjectSql(shape: JsonShape, selection: Selection): string {
  const pairs: string[] = [];
  for (const [field, below] of Object.entries(selection)) {
    const relation = Object.hasOwn(shape.relations, field) ? shape.relations[field] : undefined;
    if (relation && below !== true) pairs.push(`'${field}', ${relationSql(relation, below)}`);
    else if (Object.hasOwn(shape.columns, field)) pairs.push(`'${field}', ${shape.columns[field]}`);
  }
  if (pairs.length <= PAIRS_PER_CALL) return `json_build_object(${pairs.join(', ')})`;
  const parts: string[] = [];
  for (let start = 0; start < pairs.length; start += PAIRS_PER_CALL) parts.push(`jsonb_build_object(${pairs.slice(start, start + PAIRS_PER_CALL).join(', ')})`);
  return `(${parts.join(' || ')})::json`;
}

function relationSql(relation: JsonRelation, selection: Selection): string {
  const object = jsonObjectSql(relation.shape, selection);
  if (!relation.many) return `(SELECT ${object} ${relation.from} LIMIT 1)`;
  const order = relation.orderBy ? ` ORDER BY ${relation.orderBy}` : '';
  return `(SELECT coalesce(json_agg(${object}${order}), '[]'::json) ${relation.from})`;
}

/** Turns the selected timestamps of a compiled read's result back into dates, in place. */
export function reviveDates(shape: JsonShape, selection: Selection, value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) reviveDates(shape, selection, item);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const row = value as Record<string, unknown>;
  for (const [field, below] of Object.entries(selection)) {
    const relation = Object.hasOwn(shape.relations, field) ? shape.relations[field] : undefined;
    if (relation && below !== true) reviveDates(relation.shape, below, row[field]);
    else if (shape.dates.has(field) && typeof row[field] === 'string') row[field] = new Date(row[field]);
  }
}
