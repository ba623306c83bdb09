import { DataSource } from 'typeorm';
import type { TestApp } from './test-app.js';

/** Counts every SQL statement the application sends while `during` runs. */
export async function countQueries<T>(app: TestApp, during: () => Promise<T>): Promise<{ queries: number; result: T }> {
  const db = app.running.app.get(DataSource);
  const original = db.logger;
  let queries = 0;
  db.logger = Object.assign(Object.create(original), { logQuery: () => void queries++ });
  try {
    const result = await during();
    return { queries, result };
  } finally {
    db.logger = original;
  }
}
