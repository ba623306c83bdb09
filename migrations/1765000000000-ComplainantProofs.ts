import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Complainant proofs by secret (README "Complainant proofs"): every web, email and walk-in
 * complaint now gets a secret, so the check only requires one of an anonymous complaint (which
 * nothing else can prove). Named complaints lodged before keep none (it was never given out and
 * cannot be made up now), and SMS complaints, proven by the gateway-attested sender, get none.
 *
 * A secret mailed or texted to the complainant waits for delivery encrypted under the contact
 * key (`outbound_messages.secret_encrypted`) and is erased once the message is sent or given up.
 *
 * Failed proofs are kept, insert-only, for the convener to see who is being probed.
 */
export class ComplainantProofs1765000000000 implements MigrationInterface {
  name = 'ComplainantProofs1765000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE complaints DROP CONSTRAINT complaints_secret_hash_check;
      ALTER TABLE complaints ADD CONSTRAINT complaints_secret_hash_check
        CHECK (NOT anonymous OR secret_hash IS NOT NULL);

      ALTER TABLE outbound_messages ADD COLUMN secret_encrypted bytea;

      CREATE TABLE complainant_proof_failures (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tracking_number varchar(9) NOT NULL,
        complaint_id uuid REFERENCES complaints (id),
        reason varchar(32) NOT NULL,
        attempted_at timestamptz NOT NULL,
        CONSTRAINT complainant_proof_failures_reason_check CHECK (reason IN ('UNKNOWN_TRACKING_NUMBER', 'WRONG_SECRET', 'THROTTLED'))
      );
      CREATE INDEX complainant_proof_failures_complaint_id_idx ON complainant_proof_failures (complaint_id, attempted_at);
      CREATE TRIGGER complainant_proof_failures_insert_only BEFORE UPDATE OR DELETE ON complainant_proof_failures
        FOR EACH ROW EXECUTE FUNCTION refuse_change();
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE complainant_proof_failures;
      ALTER TABLE outbound_messages DROP COLUMN secret_encrypted;
      ALTER TABLE complaints DROP CONSTRAINT complaints_secret_hash_check;
      ALTER TABLE complaints ADD CONSTRAINT complaints_secret_hash_check CHECK (anonymous = (secret_hash IS NOT NULL));
    `);
  }
}
