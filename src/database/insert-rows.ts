import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Inserts rows of an entity in one statement with a single parameter: the rows as JSON, which
 * PostgreSQL spreads into columns (json_populate_recordset). For the paths that store hundreds
 * of rows a second, complaints arriving by SMS: TypeORM's insert builder spends more CPU on
 * each value than the database does storing it. A column no row sets takes its default, one
 * that only some rows set is NULL in the others; nothing is read back, so the caller sets
 * whatever it needs to know (ids, times).
 */
export async function insertRows<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, rows: Array<Partial<T>>): Promise<void> {
  await new InsertBatch().add(target, rows).insert(manager);
}

/**
 * Rows for several tables, inserted as `insertRows` does but all in one statement (a
 * data-modifying CTE per table), when `insert` is called. Foreign keys between them are
 * checked at the end of that statement, so a complaint and the rows that point to it can go
 * together. For transactions whose statements make others wait (complaints taken in by SMS
 * hold the statistics cells and the audit chain's lock from their insert to their commit):
 * rows gathered first and sent at once spare them a round trip per table.
 */
export class InsertBatch {
  private readonly tables = new Map<EntityTarget<ObjectLiteral>, Array<Partial<ObjectLiteral>>>();

  add<T extends ObjectLiteral>(target: EntityTarget<T>, rows: Array<Partial<T>>): this {
    if (rows.length) this.tables.set(target, [...(this.tables.get(target) ?? []), ...rows]);
    return this;
  }

  /** Inserts the rows gathered so far, in `manager`'s transaction, and forgets them. */
  async insert(manager: EntityManager): Promise<void> {
    const tables = [...this.tables].map(([target, rows]) => tableRows(manager.connection.getMetadata(target), rows));
    this.tables.clear();
    if (!tables.length) return;
    const statements = tables.map(
      ({ table, names }, index) => `INSERT INTO "${table}" (${names}) SELECT ${names} FROM json_populate_recordset(NULL::"${table}", $${index + 1}::json)`,
    );
    const last = statements.pop()!;
    const sql = statements.length ? `WITH ${statements.map((statement, index) => `t${index} AS (${statement})`).join(', ')} ${last}` : last;
    await manager.query(
      sql,
      tables.map(({ json }) => json),
    );
  }
}

/** The columns any row sets (the others keep their defaults) and the rows as JSON under the columns' names. */
function tableRows(metadata: EntityMetadata, rows: Array<Partial<ObjectLiteral>>): { table: string; names: string; json: string } {
  const columns = columnsOf(metadata).filter(({ isSet }) => rows.some(isSet));
  const json = rows.map((row) => {
    const values: Record<string, unknown> = {};
    for (const { name, value } of columns) values[name] = jsonValue(value(row));
    return values;
  });
  return { table: metadata.tableName, names: columns.map(({ name }) => `"${name}"`).join(', '), json: JSON.stringify(json) };
}

interface ColumnAccess {
  name: string;
  isSet: (row: ObjectLiteral) => boolean;
  value: (row: ObjectLiteral) => unknown;
}

const columnAccess = new WeakMap<EntityMetadata, ColumnAccess[]>();

/**
 * How each column is read from a row, worked out once per entity: a plain column straight from
 * its property, the others (embedded, transformed, relation) through TypeORM's getEntityValue,
 * whose generality is paid for every value of every row.
 */
function columnsOf(metadata: EntityMetadata): ColumnAccess[] {
  let columns = columnAccess.get(metadata);
  if (!columns) {
    columns = metadata.columns.map((column) => {
      const plain = !column.embeddedMetadata && !column.transformer && !column.relationMetadata;
      const property = column.propertyName;
      return plain
        ? { name: column.databaseName, isSet: (row) => row[property] !== undefined, value: (row) => row[property] as unknown }
        : { name: column.databaseName, isSet: (row) => column.getEntityValue(row) !== undefined, value: (row) => column.getEntityValue(row, true) as unknown };
    });
    columnAccess.set(metadata, columns);
  }
  return columns;
}

/** bytea in its hex form: JSON would write a Buffer as an object of numbers. */
function jsonValue(value: unknown): unknown {
  return Buffer.isBuffer(value) ? `\\x${value.toString('hex')}` : value;
}
