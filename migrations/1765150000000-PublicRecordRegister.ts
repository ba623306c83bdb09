import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a procurement entered the public record (its pact's first published version), kept on
 * the procurement by the database itself, so every list the public may read (the register, the
 * home page, a search) is one index scan rather than a semi-join over every pact version. The
 * trigger sets it however a version is written (publication, OCDS import, seeding) and never
 * moves it once set.
 */
export class PublicRecordRegister1765150000000 implements MigrationInterface {
  name = 'PublicRecordRegister1765150000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE procurements ADD COLUMN public_since timestamptz`);
    await db.query(`COMMENT ON COLUMN procurements.public_since IS 'Set by the database when the first pact version is written.'`);
    await db.query(`
      UPDATE procurements p SET public_since = first.published_at
        FROM (SELECT pa.procurement_id, min(pv.published_at) AS published_at
                FROM pacts pa JOIN pact_versions pv ON pv.pact_id = pa.id GROUP BY pa.procurement_id) first
       WHERE first.procurement_id = p.id
    `);
    await db.query(`
      CREATE FUNCTION mark_procurement_public() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE procurements p SET public_since = NEW.published_at
          FROM pacts pa WHERE pa.id = NEW.pact_id AND p.id = pa.procurement_id AND p.public_since IS NULL;
        RETURN NULL;
      END $$
    `);
    await db.query(
      `CREATE TRIGGER pact_versions_mark_procurement_public AFTER INSERT ON pact_versions FOR EACH ROW EXECUTE FUNCTION mark_procurement_public()`,
    );
    await db.query(`CREATE INDEX procurements_public_register_idx ON procurements (created_at, id) WHERE public_since IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TRIGGER pact_versions_mark_procurement_public ON pact_versions');
    await db.query('DROP FUNCTION mark_procurement_public()');
    await db.query('ALTER TABLE procurements DROP COLUMN public_since');
  }
}
