import PgBoss from 'pg-boss';
import pg from 'pg';

/**
 * The platform's two database roles. The owner runs migrations and owns every table, trigger
 * and function of the `public` schema; the application role, which the running platform uses,
 * may read and write ordinary tables but only read and add rows to the insert-only ones (those
 * guarded by the `refuse_change` trigger), and owns nothing there: it cannot truncate, disable
 * or drop a trigger, replace a function or rename a table.
 */

/** The job queue's schema (pg-boss's default): the application role owns it, since pg-boss adds a partition per queue at run time. */
const QUEUE_SCHEMA = 'pgboss';

/**
 * Idempotent SQL, run as the owner, that gives `appRole` exactly its privileges on the tables
 * that exist now, and on tables later migrations create (default privileges). No table may be
 * truncated; UPDATE and DELETE are withheld wherever a `refuse_change` trigger refuses them, so
 * a table added later with that trigger is covered without editing a list. Default privileges
 * cannot know about a trigger, so the migration step re-applies this after every run.
 */
export function applicationGrantsSql(appRole: string): string {
  const role = pg.escapeIdentifier(appRole);
  return `
    GRANT USAGE ON SCHEMA public TO ${role};
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role};
    REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM ${role};
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role};
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role};
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${role};
    DO $grants$
    DECLARE guarded record;
    BEGIN
      FOR guarded IN ${GUARDED_TABLES} LOOP
        IF guarded.refuses_update THEN EXECUTE format('REVOKE UPDATE ON %s FROM %I', guarded.name, ${pg.escapeLiteral(appRole)}); END IF;
        IF guarded.refuses_delete THEN EXECUTE format('REVOKE DELETE ON %s FROM %I', guarded.name, ${pg.escapeLiteral(appRole)}); END IF;
      END LOOP;
    END $grants$;
  `;
}

/**
 * Tables carrying a trigger that runs `public.refuse_change()`, with the operations it refuses
 * (pg_trigger.tgtype bits: 8 DELETE, 16 UPDATE). Refusing both makes a table insert-only; some
 * tables only refuse deletion (complaints, findings), and keep UPDATE.
 */
export const GUARDED_TABLES = `
  SELECT guard.tgrelid::regclass AS name, bool_or((guard.tgtype & 16) <> 0) AS refuses_update, bool_or((guard.tgtype & 8) <> 0) AS refuses_delete
  FROM pg_trigger guard JOIN pg_proc guard_function ON guard_function.oid = guard.tgfoid
  WHERE guard_function.proname = 'refuse_change' AND guard_function.pronamespace = 'public'::regnamespace AND NOT guard.tgisinternal
  GROUP BY guard.tgrelid`;

/**
 * SQL that creates the application role (run by a role allowed to create roles, normally the
 * owner) and lets the owner act for it, which handing it the job queue's schema requires.
 */
export function createApplicationRoleSql(appRole: string, password?: string): string {
  const role = pg.escapeIdentifier(appRole);
  return `
    CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS${password ? ` PASSWORD ${pg.escapeLiteral(password)}` : ''};
    ${ownerActsForSql(appRole)}
  `;
}

/** Membership of the owner in the application role (never the reverse): needed to hand it the job queue's schema. */
export function ownerActsForSql(appRole: string): string {
  return `GRANT ${pg.escapeIdentifier(appRole)} TO CURRENT_USER;`;
}

/**
 * Gives `role` the ownership of every table, sequence, function and type of `schema` it does
 * not own yet (and of the schema itself, except `public`). Run by the current owner (who must be
 * able to act as `role`) or by a superuser; used for the job queue's schema, and to adopt the
 * tables of a data folder created before the platform had two roles.
 */
export function transferOwnershipSql(schema: string, role: string): string {
  const quotedSchema = pg.escapeLiteral(schema);
  const quotedRole = pg.escapeLiteral(role);
  return `
    DO $owner$
    DECLARE item record;
    BEGIN
      IF to_regnamespace(${quotedSchema}) IS NULL THEN RETURN; END IF;
      IF ${quotedSchema} <> 'public' THEN EXECUTE format('ALTER SCHEMA %I OWNER TO %I', ${quotedSchema}, ${quotedRole}); END IF;
      FOR item IN
        SELECT format('ALTER %s %s OWNER TO %I', CASE relation.relkind WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, relation.oid::regclass, ${quotedRole}) AS statement
        FROM pg_class relation
        WHERE relation.relnamespace = to_regnamespace(${quotedSchema}) AND relation.relkind IN ('r', 'p', 'v', 'm', 'S')
          AND pg_get_userbyid(relation.relowner) <> ${quotedRole}
          -- A sequence that belongs to a column changes owner with its table.
          AND NOT EXISTS (SELECT 1 FROM pg_depend link WHERE link.classid = 'pg_class'::regclass AND link.objid = relation.oid AND link.deptype IN ('a', 'i') AND relation.relkind = 'S')
        UNION ALL
        SELECT format('ALTER ROUTINE %s OWNER TO %I', routine.oid::regprocedure, ${quotedRole})
        FROM pg_proc routine WHERE routine.pronamespace = to_regnamespace(${quotedSchema}) AND pg_get_userbyid(routine.proowner) <> ${quotedRole}
        UNION ALL
        SELECT format('ALTER TYPE %s OWNER TO %I', data_type.oid::regtype, ${quotedRole})
        FROM pg_type data_type
        WHERE data_type.typnamespace = to_regnamespace(${quotedSchema}) AND data_type.typtype IN ('e', 'd') AND pg_get_userbyid(data_type.typowner) <> ${quotedRole}
      LOOP
        EXECUTE item.statement;
      END LOOP;
    END $owner$;
  `;
}

/**
 * Run as the owner after migrations: installs the job queue's schema when it is missing (the
 * application role may not create schemas), hands it to the application role, and applies the
 * application role's grants.
 */
export async function prepareApplicationRole(owner: pg.ClientBase, appRole: string): Promise<void> {
  const { rows } = await owner.query<{ installed: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS installed`, [`${QUEUE_SCHEMA}.version`]);
  if (!rows[0].installed) await owner.query(PgBoss.getConstructionPlans(QUEUE_SCHEMA));
  await owner.query(transferOwnershipSql(QUEUE_SCHEMA, appRole));
  await owner.query(applicationGrantsSql(appRole));
}

/** Creates the login role, or sets its password when it exists (the password kept in the data folder is the truth). */
export async function ensureLoginRole(superuser: pg.ClientBase, name: string, password: string): Promise<void> {
  const { rowCount } = await superuser.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name]);
  const role = pg.escapeIdentifier(name);
  await superuser.query(
    rowCount
      ? `ALTER ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${pg.escapeLiteral(password)}`
      : `CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${pg.escapeLiteral(password)}`,
  );
}

/** The role a connection string logs in as. */
export function roleOf(url: string): string {
  return decodeURIComponent(new URL(url).username);
}

/** The same server and database, logging in as `role` with `password`. */
export function withRole(url: string, role: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(role);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}
