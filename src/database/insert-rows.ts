import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Inserts rows of an entity in one statement with a single parameter: the rows as JSON, which
 * PostgreSQL spreads into columns (json_populate_recordset). For the paths that store hundreds
 * of rows a second, complaints arriving by SMS: TypeORM's insert builder spends more CPU on
 * each value than the database does storing it. A column no row sets takes its default, one
 * that only some rows set is NULL in the others; nothing is read back, so the caller sets
 * whatever it needs to know (ids, times).
 */
export async function insertRows<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, rows: Array<Partial<T>>): Promise<void> {
  if (!rows.length) return;
  const metadata = manager.connection.getMetadata(target);
  const columns = metadata.columns.filter((column) => rows.some((row) => column.getEntityValue(row) !== undefined));
  const json = rows.map((row) => Object.fromEntries(columns.map((column) => [column.databaseName, jsonValue(column.getEntityValue(row, true))])));
  const names = columns.map((column) => `"${column.databaseName}"`).join(', ');
  await manager.query(`INSERT INTO "${metadata.tableName}" (${names}) SELECT ${names} FROM json_populate_recordset(NULL::"${metadata.tableName}", $1::json)`, [
    JSON.stringify(json),
  ]);
}

/** bytea in its hex form: JSON would write a Buffer as an object of numbers. */
function jsonValue(value: unknown): unknown {
  return Buffer.isBuffer(value) ? `\\x${value.toString('hex')}` : value;
}
