import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * OCDS ids of imported bids, awards, contracts and amendments, so that importing the same
 * data again updates the rows it created instead of adding copies, and an export gives back
 * the ids the publisher chose. Rows created on the platform keep NULL: their OCDS id is their
 * own id. OCDS ids are unique only within a release (amendments: within their contract).
 */
export class OcdsIds1764300000004 implements MigrationInterface {
  name = 'OcdsIds1764300000004';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE bids ADD COLUMN ocds_id text,
        ADD CONSTRAINT bids_procurement_ocds_id_key UNIQUE (procurement_id, ocds_id);
      ALTER TABLE awards ADD COLUMN ocds_id text,
        ADD CONSTRAINT awards_procurement_ocds_id_key UNIQUE (procurement_id, ocds_id);
      ALTER TABLE contracts ADD COLUMN ocds_id text,
        ADD CONSTRAINT contracts_procurement_ocds_id_key UNIQUE (procurement_id, ocds_id);
      ALTER TABLE contract_amendments ADD COLUMN ocds_id text,
        ADD CONSTRAINT contract_amendments_contract_ocds_id_key UNIQUE (contract_id, ocds_id);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE contract_amendments DROP COLUMN ocds_id;
      ALTER TABLE contracts DROP COLUMN ocds_id;
      ALTER TABLE awards DROP COLUMN ocds_id;
      ALTER TABLE bids DROP COLUMN ocds_id;
    `);
  }
}
