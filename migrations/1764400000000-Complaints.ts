import type { MigrationInterface, QueryRunner } from 'typeorm';

const SECTORS: Array<[string, string]> = [
  ['HEALTH', 'Health'],
  ['WATER', 'Water and sanitation'],
  ['EDUCATION', 'Education'],
  ['FOOD_SECURITY', 'Food security'],
  ['SOCIAL_PROTECTION', 'Social protection'],
  ['PROCUREMENT', 'Public procurement'],
];

const TYPES: Array<[string, string]> = [
  ['SERVICE_DELIVERY', 'Service delivery'],
  ['CORRUPTION', 'Corruption or bribery'],
  ['PROCUREMENT_IRREGULARITY', 'Procurement irregularity'],
  ['MISCONDUCT', 'Misconduct of an official'],
  ['OTHER', 'Other'],
];

/** Counties with some of their sub-counties: where the seed's complaint mechanism runs. */
const AREAS: Array<[string, string, Array<[string, string]>]> = [
  [
    'TURKANA',
    'Turkana',
    [
      ['TURKANA_CENTRAL', 'Turkana Central'],
      ['TURKANA_NORTH', 'Turkana North'],
      ['LOIMA', 'Loima'],
    ],
  ],
  [
    'WEST_POKOT',
    'West Pokot',
    [
      ['KAPENGURIA', 'Kapenguria'],
      ['SIGOR', 'Sigor'],
      ['POKOT_SOUTH', 'Pokot South'],
    ],
  ],
  [
    'WAJIR',
    'Wajir',
    [
      ['WAJIR_EAST', 'Wajir East'],
      ['WAJIR_NORTH', 'Wajir North'],
      ['TARBAJ', 'Tarbaj'],
    ],
  ],
];

/**
 * Complaints from the public (issue 4) and the configurable lists they are classified by,
 * seeded with defaults an operator can extend. Contact details are stored only encrypted.
 */
export class Complaints1764400000000 implements MigrationInterface {
  name = 'Complaints1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TYPE complaint_channel AS ENUM ('SMS', 'EMAIL', 'WEB', 'WALK_IN');
      CREATE TYPE complaint_status AS ENUM ('RECEIVED', 'REFERRED', 'ACKNOWLEDGED', 'IN_PROGRESS', 'RESOLVED', 'REJECTED', 'CLOSED');
      CREATE TYPE complainant_gender AS ENUM ('FEMALE', 'MALE', 'OTHER');
      CREATE TYPE complainant_age_group AS ENUM ('UNDER_18', 'FROM_18_TO_35', 'FROM_36_TO_60', 'OVER_60');
      CREATE TYPE complaint_language AS ENUM ('en', 'sw');

      CREATE TABLE complaint_sectors (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar NOT NULL CONSTRAINT complaint_sectors_code_key UNIQUE,
        name varchar NOT NULL
      );
      CREATE TABLE complaint_types (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar NOT NULL CONSTRAINT complaint_types_code_key UNIQUE,
        name varchar NOT NULL
      );
      CREATE TABLE areas (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar NOT NULL CONSTRAINT areas_code_key UNIQUE,
        name varchar NOT NULL,
        parent_id uuid CONSTRAINT areas_parent_id_fkey REFERENCES areas (id),
        CONSTRAINT areas_parent_id_check CHECK (parent_id <> id)
      );
      CREATE INDEX areas_parent_id_idx ON areas (parent_id);

      CREATE TABLE complaints (
        id uuid PRIMARY KEY,
        tracking_number char(9) NOT NULL CONSTRAINT complaints_tracking_number_key UNIQUE,
        channel complaint_channel NOT NULL,
        status complaint_status NOT NULL DEFAULT 'RECEIVED',
        description text NOT NULL,
        sector_id uuid NOT NULL CONSTRAINT complaints_sector_id_fkey REFERENCES complaint_sectors (id),
        type_id uuid NOT NULL CONSTRAINT complaints_type_id_fkey REFERENCES complaint_types (id),
        area_id uuid NOT NULL CONSTRAINT complaints_area_id_fkey REFERENCES areas (id),
        gender complainant_gender,
        age_group complainant_age_group,
        language complaint_language NOT NULL DEFAULT 'en',
        procurement_id uuid CONSTRAINT complaints_procurement_id_fkey REFERENCES procurements (id),
        anonymous boolean NOT NULL,
        name_encrypted bytea,
        phone_encrypted bytea,
        email_encrypted bytea,
        secret_hash char(64),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT complaints_tracking_number_check CHECK (tracking_number ~ '^[2-9A-HJKMNP-Z]{9}$'),
        CONSTRAINT complaints_anonymous_check CHECK (anonymous = (name_encrypted IS NULL AND phone_encrypted IS NULL AND email_encrypted IS NULL)),
        CONSTRAINT complaints_secret_hash_check CHECK (anonymous = (secret_hash IS NOT NULL))
      );
      -- Statistics group by these, usually over a period.
      CREATE INDEX complaints_sector_id_idx ON complaints (sector_id, created_at);
      CREATE INDEX complaints_type_id_idx ON complaints (type_id, created_at);
      CREATE INDEX complaints_area_id_idx ON complaints (area_id, created_at);
      CREATE INDEX complaints_status_idx ON complaints (status, created_at);
      CREATE INDEX complaints_created_at_idx ON complaints (created_at);
      CREATE INDEX complaints_procurement_id_idx ON complaints (procurement_id);
    `);
    for (const [code, name] of SECTORS) await db.query('INSERT INTO complaint_sectors (code, name) VALUES ($1, $2)', [code, name]);
    for (const [code, name] of TYPES) await db.query('INSERT INTO complaint_types (code, name) VALUES ($1, $2)', [code, name]);
    for (const [code, name, subCounties] of AREAS) {
      const [county] = await db.query('INSERT INTO areas (code, name) VALUES ($1, $2) RETURNING id', [code, name]);
      for (const [subCode, subName] of subCounties) {
        await db.query('INSERT INTO areas (code, name, parent_id) VALUES ($1, $2, $3)', [subCode, subName, county.id]);
      }
    }
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE complaints, areas, complaint_types, complaint_sectors;
      DROP TYPE complaint_language, complainant_age_group, complainant_gender, complaint_status, complaint_channel;
    `);
  }
}
