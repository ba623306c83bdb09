import type { Type } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuthService } from '../../src/auth/auth.service.js';
import { defineAbilityFor, type AppAbility } from '../../src/authorization/ability.factory.js';
import { TransactionService } from '../../src/database/transaction.service.js';
import type { TestApp } from './test-app.js';

/** What a repository spec needs: the repository from the running app, a manager for reads, and abilities by login. */
export interface RepositoryFixture<R> {
  repository: R;
  reader: EntityManager;
  abilityOf(email: string): Promise<AppAbility>;
  idOf(sql: string, ...params: unknown[]): Promise<string>;
}

export function repositoryFixture<R>(app: TestApp, type: Type<R>): RepositoryFixture<R> {
  const nest = app.running.app;
  return {
    repository: nest.get(type),
    reader: nest.get(TransactionService).reader,
    async abilityOf(email) {
      const { rows } = await app.sql.query('SELECT id FROM users WHERE email = $1', [email]);
      return defineAbilityFor(await nest.get(AuthService).loadUser(rows[0].id));
    },
    async idOf(sql, ...params) {
      const { rows } = await app.sql.query(sql, params);
      return rows[0].id as string;
    },
  };
}
