import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1764110000000 implements MigrationInterface {
  name = 'Foundation1764110000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TYPE organisation_kind AS ENUM ('CONTRACTING_AUTHORITY', 'BIDDER', 'MONITOR', 'IP_IMPLEMENTER', 'REFERRAL_PARTNER');
      CREATE TYPE membership_role AS ENUM ('MEMBER', 'SIGNATORY', 'ADMIN', 'CONVENER');
      CREATE TYPE procurement_stage AS ENUM ('PLANNING', 'TENDER_PREPARATION', 'TENDER_OPEN', 'EVALUATION', 'AWARD', 'CONTRACT_SIGNATURE', 'IMPLEMENTATION', 'CLOSURE');
      CREATE TYPE participation AS ENUM ('INVITED', 'REGISTERED');
      CREATE TYPE signing_party AS ENUM ('AUTHORITY', 'BIDDER');

      CREATE TABLE organisations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar NOT NULL,
        kind organisation_kind NOT NULL,
        country text,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email varchar NOT NULL CONSTRAINT users_email_key UNIQUE,
        name varchar NOT NULL,
        password_hash varchar NOT NULL,
        platform_admin boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE memberships (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id),
        organisation_id uuid NOT NULL REFERENCES organisations (id),
        role membership_role NOT NULL,
        title varchar NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT memberships_user_organisation_key UNIQUE (user_id, organisation_id)
      );
      CREATE INDEX memberships_organisation_id_idx ON memberships (organisation_id);

      CREATE TABLE procurements (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference varchar NOT NULL CONSTRAINT procurements_reference_key UNIQUE,
        title varchar NOT NULL,
        description text NOT NULL DEFAULT '',
        authority_id uuid NOT NULL REFERENCES organisations (id),
        monitor_id uuid REFERENCES organisations (id),
        implementer_id uuid REFERENCES organisations (id),
        estimated_value numeric(18, 2) CHECK (estimated_value >= 0),
        currency char(3),
        sector text,
        area text,
        tender_period_start timestamptz,
        tender_period_end timestamptz,
        stage procurement_stage NOT NULL DEFAULT 'PLANNING',
        awarded_bidder_id uuid REFERENCES organisations (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT procurements_tender_period_check CHECK (tender_period_end >= tender_period_start)
      );
      CREATE INDEX procurements_authority_id_idx ON procurements (authority_id);
      CREATE INDEX procurements_monitor_id_idx ON procurements (monitor_id);
      CREATE INDEX procurements_implementer_id_idx ON procurements (implementer_id);

      CREATE TABLE procurement_bidders (
        procurement_id uuid NOT NULL REFERENCES procurements (id),
        bidder_id uuid NOT NULL REFERENCES organisations (id),
        participation participation NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (procurement_id, bidder_id)
      );
      CREATE INDEX procurement_bidders_bidder_id_idx ON procurement_bidders (bidder_id);

      CREATE TABLE stage_transitions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        procurement_id uuid NOT NULL REFERENCES procurements (id),
        from_stage procurement_stage NOT NULL,
        to_stage procurement_stage NOT NULL,
        actor_id uuid NOT NULL REFERENCES users (id),
        note text NOT NULL DEFAULT '',
        occurred_at timestamptz NOT NULL
      );
      CREATE INDEX stage_transitions_procurement_id_idx ON stage_transitions (procurement_id, occurred_at);

      CREATE TABLE pacts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        procurement_id uuid NOT NULL CONSTRAINT pacts_procurement_id_key UNIQUE REFERENCES procurements (id),
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE pact_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        pact_id uuid NOT NULL REFERENCES pacts (id),
        number int NOT NULL CHECK (number > 0),
        template_key varchar NOT NULL,
        language varchar NOT NULL,
        title varchar NOT NULL,
        clauses jsonb NOT NULL,
        canonical_content text NOT NULL,
        content_hash char(64) NOT NULL CONSTRAINT pact_versions_content_hash_key UNIQUE,
        published_by uuid NOT NULL REFERENCES users (id),
        published_at timestamptz NOT NULL,
        CONSTRAINT pact_versions_pact_number_key UNIQUE (pact_id, number)
      );

      CREATE TABLE pact_drafts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        pact_id uuid NOT NULL REFERENCES pacts (id),
        based_on_version_id uuid REFERENCES pact_versions (id),
        template_key varchar NOT NULL,
        language varchar NOT NULL,
        title varchar NOT NULL,
        clauses jsonb NOT NULL,
        published_version_id uuid REFERENCES pact_versions (id),
        created_by uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX pact_drafts_one_open_per_pact ON pact_drafts (pact_id) WHERE published_version_id IS NULL;

      CREATE TABLE draft_comments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        draft_id uuid NOT NULL REFERENCES pact_drafts (id),
        clause_key text,
        author_id uuid NOT NULL REFERENCES users (id),
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX draft_comments_draft_id_idx ON draft_comments (draft_id, created_at);

      CREATE TABLE signatures (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        pact_version_id uuid NOT NULL REFERENCES pact_versions (id),
        version_hash char(64) NOT NULL,
        organisation_id uuid NOT NULL REFERENCES organisations (id),
        organisation_name varchar NOT NULL,
        party signing_party NOT NULL,
        signer_user_id uuid NOT NULL REFERENCES users (id),
        signer_name varchar NOT NULL,
        signer_title varchar NOT NULL,
        consent_statement text NOT NULL,
        signed_at timestamptz NOT NULL,
        payload text NOT NULL,
        platform_signature text NOT NULL,
        key_id varchar NOT NULL,
        CONSTRAINT signatures_version_organisation_key UNIQUE (pact_version_id, organisation_id)
      );
      CREATE INDEX signatures_organisation_id_idx ON signatures (organisation_id);

      CREATE TABLE audit_entries (
        seq bigint PRIMARY KEY CHECK (seq > 0),
        occurred_at timestamptz NOT NULL,
        actor_id uuid REFERENCES users (id),
        action varchar NOT NULL,
        subject_type varchar NOT NULL,
        subject_id uuid NOT NULL,
        procurement_id uuid REFERENCES procurements (id),
        data jsonb NOT NULL,
        previous_hash char(64) NOT NULL,
        hash char(64) NOT NULL CONSTRAINT audit_entries_hash_key UNIQUE
      );
      CREATE INDEX audit_entries_subject_idx ON audit_entries (subject_type, subject_id, seq);
      CREATE INDEX audit_entries_procurement_id_idx ON audit_entries (procurement_id, seq);

      -- Evidence is never rewritten: published pact versions, signatures and the audit log
      -- accept INSERT only, whatever the application (or a person with psql) attempts.
      CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is insert-only: % refused', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'integrity_constraint_violation';
      END $$;
      CREATE TRIGGER pact_versions_insert_only BEFORE UPDATE OR DELETE ON pact_versions
        FOR EACH ROW EXECUTE FUNCTION refuse_change();
      CREATE TRIGGER signatures_insert_only BEFORE UPDATE OR DELETE ON signatures
        FOR EACH ROW EXECUTE FUNCTION refuse_change();
      CREATE TRIGGER audit_entries_insert_only BEFORE UPDATE OR DELETE ON audit_entries
        FOR EACH ROW EXECUTE FUNCTION refuse_change();
      CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

      -- A draft becomes part of the record once published: it may no longer change.
      CREATE FUNCTION refuse_change_to_published_draft() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.published_version_id IS NOT NULL THEN
          RAISE EXCEPTION 'pact draft % is published and can no longer change', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
      END $$;
      CREATE TRIGGER pact_drafts_frozen_when_published BEFORE UPDATE OR DELETE ON pact_drafts
        FOR EACH ROW EXECUTE FUNCTION refuse_change_to_published_draft();
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE audit_entries, signatures, draft_comments, pact_drafts, pact_versions, pacts,
        stage_transitions, procurement_bidders, procurements, memberships, users, organisations;
      DROP FUNCTION refuse_change(), refuse_change_to_published_draft();
      DROP TYPE signing_party, participation, procurement_stage, membership_role, organisation_kind;
    `);
  }
}
