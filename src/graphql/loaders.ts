import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import DataLoader from 'dataloader';

/**
 * Per-request DataLoaders, created on first use. Relation fields ask for one key each and
 * the loader turns a whole list's worth into one batched query, so the number of queries
 * for a request does not grow with the length of its lists.
 */
export class Loaders {
  private readonly byName = new Map<string, DataLoader<unknown, unknown>>();

  get<K, V>(name: string, batch: (keys: readonly K[]) => Promise<Map<K, V>>): DataLoader<K, V | undefined> {
    let loader = this.byName.get(name) as DataLoader<K, V | undefined> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V | undefined>(
        async (keys) => {
          const found = await batch(keys);
          return keys.map((key) => found.get(key));
        },
        // Waiting for the event loop's next turn (not just the next tick) gathers the keys of
        // fields resolving at different depths into one batch, so query counts stay stable.
        { batchScheduleFn: (dispatch) => setImmediate(dispatch) },
      );
      this.byName.set(name, loader);
    }
    return loader;
  }
}

export const RequestLoaders = createParamDecorator(
  (_: unknown, context: ExecutionContext): Loaders => GqlExecutionContext.create(context).getContext<{ loaders: Loaders }>().loaders,
);

/** Groups a batch query's rows by the key each loader was asked for. */
export function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const list = groups.get(key(row));
    if (list) list.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}
