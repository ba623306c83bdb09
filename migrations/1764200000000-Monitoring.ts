import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Monitoring1764200000000 implements MigrationInterface {
  name = 'Monitoring1764200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TYPE finding_kind AS ENUM ('OBSERVATION', 'RED_FLAG', 'NON_COMPLIANCE', 'RECOMMENDATION');
      CREATE TYPE finding_severity AS ENUM ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL');
      CREATE TYPE finding_visibility AS ENUM ('CONFIDENTIAL', 'PUBLIC');
      CREATE TYPE finding_status AS ENUM ('OPEN', 'ANSWERED', 'RESOLVED', 'ESCALATED');
      CREATE TYPE sign_off_decision AS ENUM ('SIGNED_OFF', 'OBJECTED');
      CREATE TYPE red_flag_status AS ENUM ('OPEN', 'CONFIRMED', 'DISMISSED');
      CREATE TYPE report_kind AS ENUM ('PERIODIC', 'FINAL');
      CREATE TYPE report_status AS ENUM ('DRAFT', 'APPROVED', 'PUBLISHED');

      -- OCDS parties carry an identifier, an address and a contact point; red flags compare them.
      ALTER TABLE organisations
        ADD COLUMN identifier text CONSTRAINT organisations_identifier_key UNIQUE,
        ADD COLUMN address text,
        ADD COLUMN contact_email text,
        ADD COLUMN contact_phone text;

      ALTER TABLE procurements
        ADD COLUMN ocid text CONSTRAINT procurements_ocid_key UNIQUE,
        ADD COLUMN procurement_method text;

      CREATE TABLE bids (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        procurement_id uuid NOT NULL CONSTRAINT bids_procurement_id_fkey REFERENCES procurements (id),
        bidder_id uuid NOT NULL CONSTRAINT bids_bidder_id_fkey REFERENCES organisations (id),
        amount numeric(18, 2) NOT NULL CONSTRAINT bids_amount_check CHECK (amount >= 0),
        currency char(3),
        received_at timestamptz NOT NULL,
        disqualified boolean NOT NULL DEFAULT false,
        disqualification_reason text,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX bids_procurement_id_idx ON bids (procurement_id);
      CREATE INDEX bids_bidder_id_idx ON bids (bidder_id);

      CREATE TABLE awards (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        procurement_id uuid NOT NULL CONSTRAINT awards_procurement_id_fkey REFERENCES procurements (id),
        supplier_id uuid NOT NULL CONSTRAINT awards_supplier_id_fkey REFERENCES organisations (id),
        amount numeric(18, 2) NOT NULL CONSTRAINT awards_amount_check CHECK (amount >= 0),
        currency char(3),
        awarded_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX awards_procurement_id_idx ON awards (procurement_id);
      CREATE INDEX awards_supplier_id_idx ON awards (supplier_id);

      CREATE TABLE contracts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        procurement_id uuid NOT NULL CONSTRAINT contracts_procurement_id_fkey REFERENCES procurements (id),
        award_id uuid NOT NULL CONSTRAINT contracts_award_id_fkey REFERENCES awards (id),
        value numeric(18, 2) NOT NULL CONSTRAINT contracts_value_check CHECK (value >= 0),
        currency char(3),
        signed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX contracts_procurement_id_idx ON contracts (procurement_id);

      CREATE TABLE contract_amendments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        contract_id uuid NOT NULL CONSTRAINT contract_amendments_contract_id_fkey REFERENCES contracts (id),
        amended_at timestamptz NOT NULL,
        description text NOT NULL DEFAULT '',
        new_value numeric(18, 2) NOT NULL CONSTRAINT contract_amendments_new_value_check CHECK (new_value >= 0),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX contract_amendments_contract_id_idx ON contract_amendments (contract_id);

      CREATE TABLE monitoring_reports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        procurement_id uuid NOT NULL CONSTRAINT monitoring_reports_procurement_id_fkey REFERENCES procurements (id),
        kind report_kind NOT NULL,
        title varchar NOT NULL,
        period_start timestamptz,
        period_end timestamptz,
        template_key varchar NOT NULL,
        language varchar NOT NULL,
        sections jsonb NOT NULL,
        status report_status NOT NULL DEFAULT 'DRAFT',
        created_by uuid NOT NULL CONSTRAINT monitoring_reports_created_by_fkey REFERENCES users (id),
        approved_by uuid CONSTRAINT monitoring_reports_approved_by_fkey REFERENCES users (id),
        approved_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX monitoring_reports_procurement_id_idx ON monitoring_reports (procurement_id);

      CREATE TABLE report_contributions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        report_id uuid NOT NULL CONSTRAINT report_contributions_report_id_fkey REFERENCES monitoring_reports (id),
        section_key varchar NOT NULL,
        author_id uuid NOT NULL CONSTRAINT report_contributions_author_id_fkey REFERENCES users (id),
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX report_contributions_report_id_idx ON report_contributions (report_id);

      CREATE TABLE published_reports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        report_id uuid NOT NULL CONSTRAINT published_reports_report_id_key UNIQUE
          CONSTRAINT published_reports_report_id_fkey REFERENCES monitoring_reports (id),
        procurement_id uuid NOT NULL CONSTRAINT published_reports_procurement_id_fkey REFERENCES procurements (id),
        kind report_kind NOT NULL,
        title varchar NOT NULL,
        language varchar NOT NULL,
        content jsonb NOT NULL,
        canonical_content text NOT NULL,
        content_hash char(64) NOT NULL CONSTRAINT published_reports_content_hash_key UNIQUE,
        published_by uuid NOT NULL CONSTRAINT published_reports_published_by_fkey REFERENCES users (id),
        published_at timestamptz NOT NULL
      );
      CREATE INDEX published_reports_procurement_id_idx ON published_reports (procurement_id);

      CREATE TABLE red_flags (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        procurement_id uuid NOT NULL CONSTRAINT red_flags_procurement_id_fkey REFERENCES procurements (id),
        code varchar NOT NULL,
        triggered boolean NOT NULL,
        evidence jsonb NOT NULL,
        threshold numeric,
        computed_at timestamptz NOT NULL,
        status red_flag_status NOT NULL DEFAULT 'OPEN',
        decided_by uuid CONSTRAINT red_flags_decided_by_fkey REFERENCES users (id),
        decided_at timestamptz,
        dismissal_reason text,
        finding_id uuid,
        CONSTRAINT red_flags_procurement_code_key UNIQUE (procurement_id, code)
      );

      CREATE TABLE red_flag_settings (
        code varchar PRIMARY KEY,
        threshold numeric,
        enabled boolean NOT NULL DEFAULT true,
        updated_by uuid CONSTRAINT red_flag_settings_updated_by_fkey REFERENCES users (id),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE findings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        procurement_id uuid NOT NULL CONSTRAINT findings_procurement_id_fkey REFERENCES procurements (id),
        stage procurement_stage NOT NULL,
        kind finding_kind NOT NULL,
        severity finding_severity NOT NULL,
        title varchar NOT NULL,
        description text NOT NULL,
        visibility finding_visibility NOT NULL DEFAULT 'CONFIDENTIAL',
        status finding_status NOT NULL DEFAULT 'OPEN',
        monitor_id uuid NOT NULL CONSTRAINT findings_monitor_id_fkey REFERENCES organisations (id),
        created_by uuid NOT NULL CONSTRAINT findings_created_by_fkey REFERENCES users (id),
        red_flag_id uuid CONSTRAINT findings_red_flag_id_fkey REFERENCES red_flags (id),
        published_in_report_id uuid CONSTRAINT findings_published_in_report_id_fkey REFERENCES published_reports (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX findings_procurement_id_idx ON findings (procurement_id, created_at);
      ALTER TABLE red_flags ADD CONSTRAINT red_flags_finding_id_fkey FOREIGN KEY (finding_id) REFERENCES findings (id);

      CREATE TABLE finding_evidence (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        finding_id uuid NOT NULL CONSTRAINT finding_evidence_finding_id_fkey REFERENCES findings (id),
        file_name varchar NOT NULL,
        content_type varchar NOT NULL,
        size_bytes int NOT NULL CONSTRAINT finding_evidence_size_bytes_check CHECK (size_bytes >= 0),
        sha256 char(64) NOT NULL,
        content bytea NOT NULL,
        uploaded_by uuid NOT NULL CONSTRAINT finding_evidence_uploaded_by_fkey REFERENCES users (id),
        uploaded_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX finding_evidence_finding_id_idx ON finding_evidence (finding_id);

      CREATE TABLE finding_responses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        finding_id uuid NOT NULL CONSTRAINT finding_responses_finding_id_fkey REFERENCES findings (id),
        author_id uuid NOT NULL CONSTRAINT finding_responses_author_id_fkey REFERENCES users (id),
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX finding_responses_finding_id_idx ON finding_responses (finding_id, created_at);

      CREATE TABLE finding_notes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        finding_id uuid NOT NULL CONSTRAINT finding_notes_finding_id_fkey REFERENCES findings (id),
        author_id uuid NOT NULL CONSTRAINT finding_notes_author_id_fkey REFERENCES users (id),
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX finding_notes_finding_id_idx ON finding_notes (finding_id, created_at);

      CREATE TABLE stage_sign_offs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        procurement_id uuid NOT NULL CONSTRAINT stage_sign_offs_procurement_id_fkey REFERENCES procurements (id),
        stage procurement_stage NOT NULL,
        decision sign_off_decision NOT NULL,
        reason text NOT NULL DEFAULT '',
        monitor_id uuid NOT NULL CONSTRAINT stage_sign_offs_monitor_id_fkey REFERENCES organisations (id),
        signed_by uuid NOT NULL CONSTRAINT stage_sign_offs_signed_by_fkey REFERENCES users (id),
        published_in_report_id uuid CONSTRAINT stage_sign_offs_published_in_report_id_fkey REFERENCES published_reports (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT stage_sign_offs_procurement_stage_key UNIQUE (procurement_id, stage),
        CONSTRAINT stage_sign_offs_reason_check CHECK (decision = 'SIGNED_OFF' OR length(reason) > 0)
      );

      -- Published reports are fixed like published pact versions.
      CREATE TRIGGER published_reports_insert_only BEFORE UPDATE OR DELETE ON published_reports
        FOR EACH ROW EXECUTE FUNCTION refuse_change();
      -- Evidence files are evidence: kept as uploaded.
      CREATE TRIGGER finding_evidence_insert_only BEFORE UPDATE OR DELETE ON finding_evidence
        FOR EACH ROW EXECUTE FUNCTION refuse_change();
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE red_flags DROP CONSTRAINT red_flags_finding_id_fkey;
      DROP TABLE stage_sign_offs, finding_notes, finding_responses, finding_evidence, findings, red_flag_settings, red_flags,
        published_reports, report_contributions, monitoring_reports, contract_amendments, contracts, awards, bids;
      ALTER TABLE procurements DROP COLUMN ocid, DROP COLUMN procurement_method;
      ALTER TABLE organisations DROP COLUMN identifier, DROP COLUMN address, DROP COLUMN contact_email, DROP COLUMN contact_phone;
      DROP TYPE report_status, report_kind, red_flag_status, sign_off_decision, finding_status, finding_visibility, finding_severity, finding_kind;
    `);
  }
}
