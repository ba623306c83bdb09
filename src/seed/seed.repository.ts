import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { User } from '../accounts/user.entity.js';
import { RedFlag } from '../red-flags/red-flag.entity.js';

/** The few statements the demo seed makes itself; everything else goes in through the features' services. */
@Injectable()
export class SeedRepository {
  /** Whether anyone has an account yet: the seed runs only on an empty database. */
  anyUser(tx: EntityManager): Promise<boolean> {
    return tx.exists(User);
  }

  /** The first administrator, who has nobody to be created by. */
  createPlatformAdmin(tx: EntityManager, fields: Pick<User, 'email' | 'name' | 'passwordHash'>): Promise<User> {
    return tx.save(User, { ...fields, platformAdmin: true });
  }

  async userIdByEmail(tx: EntityManager, email: string): Promise<string> {
    return (await tx.findOneByOrFail(User, { email })).id;
  }

  redFlag(tx: EntityManager, procurementId: string, code: string): Promise<RedFlag> {
    return tx.findOneByOrFail(RedFlag, { procurementId, code });
  }
}
