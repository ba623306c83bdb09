import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Complaint referral (issue 4): routing rules and deadlines, the complaint's own history,
 * internal notes, information added by the complainant, idempotent inbound gateway messages,
 * the outbox of messages to send, and the reminders already sent — each reminder once,
 * whatever number of instances sweep the deadlines.
 */
export class ComplaintReferral1764600000000 implements MigrationInterface {
  name = 'ComplaintReferral1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TYPE complaint_contact_channel AS ENUM ('SMS', 'EMAIL', 'NONE');
      CREATE TYPE complaint_event_kind AS ENUM ('LODGED', 'CLASSIFIED', 'REFERRED', 'STATUS_CHANGED', 'INFORMATION_ADDED', 'MERGED', 'RATED', 'REMINDED', 'ESCALATED', 'FINDING_RECORDED');
      CREATE TYPE message_gateway AS ENUM ('AFRICASTALKING', 'TWILIO', 'EMAIL');
      CREATE TYPE outbound_channel AS ENUM ('SMS', 'EMAIL');
      CREATE TYPE delivery_status AS ENUM ('QUEUED', 'SENT', 'FAILED');
      CREATE TYPE complaint_deadline_kind AS ENUM ('ACKNOWLEDGE', 'RESOLVE');

      -- Messages arrive as free text: the convener classifies them afterwards.
      ALTER TABLE complaints
        ALTER COLUMN sector_id DROP NOT NULL,
        ALTER COLUMN type_id DROP NOT NULL,
        ALTER COLUMN area_id DROP NOT NULL,
        -- Any language with templates, so a new one needs no migration.
        ALTER COLUMN language DROP DEFAULT,
        ALTER COLUMN language TYPE varchar(8) USING language::text,
        ALTER COLUMN language SET DEFAULT 'en',
        ADD COLUMN contact_by complaint_contact_channel NOT NULL DEFAULT 'NONE',
        ADD COLUMN handling_organisation_id uuid CONSTRAINT complaints_handling_organisation_id_fkey REFERENCES organisations (id),
        ADD COLUMN referred_at timestamptz,
        ADD COLUMN acknowledge_due_at timestamptz,
        ADD COLUMN resolve_due_at timestamptz,
        ADD COLUMN first_action_at timestamptz,
        ADD COLUMN resolved_at timestamptz,
        ADD COLUMN closed_at timestamptz,
        ADD COLUMN rejection_reason text,
        ADD COLUMN merged_into_id uuid CONSTRAINT complaints_merged_into_id_fkey REFERENCES complaints (id),
        ADD COLUMN rating smallint,
        ADD COLUMN rating_comment text,
        ADD COLUMN finding_id uuid CONSTRAINT complaints_finding_id_fkey REFERENCES findings (id),
        ADD COLUMN escalated_to_id uuid CONSTRAINT complaints_escalated_to_id_fkey REFERENCES organisations (id),
        ADD COLUMN walk_in_office text,
        ADD COLUMN recorded_by_id uuid CONSTRAINT complaints_recorded_by_id_fkey REFERENCES users (id),
        ADD CONSTRAINT complaints_language_check CHECK (language ~ '^[a-z]{2,3}$'),
        ADD CONSTRAINT complaints_rating_check CHECK (rating BETWEEN 1 AND 5),
        ADD CONSTRAINT complaints_rejection_reason_check CHECK (status <> 'REJECTED' OR rejection_reason IS NOT NULL),
        ADD CONSTRAINT complaints_merged_into_id_check CHECK (merged_into_id <> id),
        ADD CONSTRAINT complaints_walk_in_check CHECK ((channel = 'WALK_IN') = (walk_in_office IS NOT NULL AND recorded_by_id IS NOT NULL));
      ALTER TABLE complaints ALTER COLUMN contact_by DROP DEFAULT;
      DROP TYPE complaint_language;
      -- Each organisation's queue, newest first, and the deadline sweep.
      CREATE INDEX complaints_handling_organisation_id_idx ON complaints (handling_organisation_id, created_at);
      CREATE INDEX complaints_acknowledge_due_at_idx ON complaints (acknowledge_due_at) WHERE status = 'REFERRED';
      CREATE INDEX complaints_resolve_due_at_idx ON complaints (resolve_due_at) WHERE status IN ('REFERRED', 'ACKNOWLEDGED', 'IN_PROGRESS');

      ALTER TABLE memberships ADD COLUMN focal_person boolean NOT NULL DEFAULT false;

      -- The most specific rule wins; a rule without sector, area and type catches the rest.
      CREATE TABLE referral_rules (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        sector_id uuid CONSTRAINT referral_rules_sector_id_fkey REFERENCES complaint_sectors (id),
        area_id uuid CONSTRAINT referral_rules_area_id_fkey REFERENCES areas (id),
        type_id uuid CONSTRAINT referral_rules_type_id_fkey REFERENCES complaint_types (id),
        organisation_id uuid NOT NULL CONSTRAINT referral_rules_organisation_id_fkey REFERENCES organisations (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT referral_rules_scope_key UNIQUE NULLS NOT DISTINCT (sector_id, area_id, type_id)
      );

      CREATE TABLE complaint_deadlines (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid CONSTRAINT complaint_deadlines_organisation_id_fkey REFERENCES organisations (id),
        type_id uuid CONSTRAINT complaint_deadlines_type_id_fkey REFERENCES complaint_types (id),
        acknowledge_within_hours integer NOT NULL,
        resolve_within_hours integer NOT NULL,
        CONSTRAINT complaint_deadlines_scope_key UNIQUE NULLS NOT DISTINCT (organisation_id, type_id),
        CONSTRAINT complaint_deadlines_hours_check CHECK (acknowledge_within_hours > 0 AND resolve_within_hours >= acknowledge_within_hours)
      );
      INSERT INTO complaint_deadlines (acknowledge_within_hours, resolve_within_hours) VALUES (72, 504);

      CREATE TABLE complaint_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- Steps of one transaction share their time; this keeps them in the order taken.
        seq bigserial NOT NULL,
        complaint_id uuid NOT NULL CONSTRAINT complaint_events_complaint_id_fkey REFERENCES complaints (id),
        kind complaint_event_kind NOT NULL,
        status complaint_status NOT NULL,
        organisation_id uuid CONSTRAINT complaint_events_organisation_id_fkey REFERENCES organisations (id),
        actor_id uuid CONSTRAINT complaint_events_actor_id_fkey REFERENCES users (id),
        reason text,
        occurred_at timestamptz NOT NULL
      );
      CREATE INDEX complaint_events_complaint_id_idx ON complaint_events (complaint_id, seq);

      CREATE TABLE complaint_notes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        complaint_id uuid NOT NULL CONSTRAINT complaint_notes_complaint_id_fkey REFERENCES complaints (id),
        author_id uuid NOT NULL CONSTRAINT complaint_notes_author_id_fkey REFERENCES users (id),
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX complaint_notes_complaint_id_idx ON complaint_notes (complaint_id, created_at);

      CREATE TABLE complaint_additions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        complaint_id uuid NOT NULL CONSTRAINT complaint_additions_complaint_id_fkey REFERENCES complaints (id),
        channel complaint_channel NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX complaint_additions_complaint_id_idx ON complaint_additions (complaint_id, created_at);

      -- A gateway retries a delivery it thinks failed: the second one finds its first and
      -- gets the same answer.
      CREATE TABLE inbound_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        gateway message_gateway NOT NULL,
        message_id varchar(200) NOT NULL,
        complaint_id uuid CONSTRAINT inbound_messages_complaint_id_fkey REFERENCES complaints (id),
        answer text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT inbound_messages_gateway_message_id_key UNIQUE (gateway, message_id)
      );

      CREATE TABLE outbound_messages (
        id uuid PRIMARY KEY,
        complaint_id uuid CONSTRAINT outbound_messages_complaint_id_fkey REFERENCES complaints (id),
        channel outbound_channel NOT NULL,
        recipient_encrypted bytea NOT NULL,
        template varchar NOT NULL,
        language varchar(8) NOT NULL,
        subject text,
        body text NOT NULL,
        status delivery_status NOT NULL DEFAULT 'QUEUED',
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        transport varchar,
        provider_message_id varchar,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        CONSTRAINT outbound_messages_sent_check CHECK ((status = 'SENT') = (sent_at IS NOT NULL))
      );
      CREATE INDEX outbound_messages_complaint_id_idx ON outbound_messages (complaint_id, created_at);
      CREATE INDEX outbound_messages_status_idx ON outbound_messages (status, created_at);

      CREATE TABLE complaint_reminders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        complaint_id uuid NOT NULL CONSTRAINT complaint_reminders_complaint_id_fkey REFERENCES complaints (id),
        organisation_id uuid NOT NULL CONSTRAINT complaint_reminders_organisation_id_fkey REFERENCES organisations (id),
        deadline complaint_deadline_kind NOT NULL,
        level smallint NOT NULL,
        sent_at timestamptz NOT NULL,
        CONSTRAINT complaint_reminders_once_key UNIQUE (complaint_id, organisation_id, deadline, level),
        CONSTRAINT complaint_reminders_level_check CHECK (level IN (1, 2))
      );

      CREATE TRIGGER complaint_events_insert_only BEFORE UPDATE OR DELETE ON complaint_events
        FOR EACH ROW EXECUTE FUNCTION refuse_change();
      CREATE TRIGGER complaint_notes_insert_only BEFORE UPDATE OR DELETE ON complaint_notes
        FOR EACH ROW EXECUTE FUNCTION refuse_change();
      CREATE TRIGGER complaint_additions_insert_only BEFORE UPDATE OR DELETE ON complaint_additions
        FOR EACH ROW EXECUTE FUNCTION refuse_change();
      CREATE TRIGGER inbound_messages_insert_only BEFORE UPDATE OR DELETE ON inbound_messages
        FOR EACH ROW EXECUTE FUNCTION refuse_change();
      CREATE TRIGGER complaint_reminders_insert_only BEFORE UPDATE OR DELETE ON complaint_reminders
        FOR EACH ROW EXECUTE FUNCTION refuse_change();
      CREATE TRIGGER complaints_never_deleted BEFORE DELETE ON complaints
        FOR EACH ROW EXECUTE FUNCTION refuse_change();

      -- What was said to whom is fixed once queued; only its delivery may be recorded.
      CREATE FUNCTION refuse_change_to_outbound_message() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR (NEW.id, NEW.complaint_id, NEW.channel, NEW.recipient_encrypted, NEW.template, NEW.language, NEW.subject, NEW.body, NEW.created_at)
            IS DISTINCT FROM (OLD.id, OLD.complaint_id, OLD.channel, OLD.recipient_encrypted, OLD.template, OLD.language, OLD.subject, OLD.body, OLD.created_at) THEN
          RAISE EXCEPTION 'outbound message % is queued: only its delivery may be recorded', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER outbound_messages_content_fixed BEFORE UPDATE OR DELETE ON outbound_messages
        FOR EACH ROW EXECUTE FUNCTION refuse_change_to_outbound_message();
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE complaint_reminders, outbound_messages, inbound_messages, complaint_additions, complaint_notes, complaint_events, complaint_deadlines, referral_rules;
      DROP TRIGGER complaints_never_deleted ON complaints;
      DROP FUNCTION refuse_change_to_outbound_message();
      ALTER TABLE memberships DROP COLUMN focal_person;
      ALTER TABLE complaints
        DROP COLUMN contact_by, DROP COLUMN handling_organisation_id, DROP COLUMN referred_at, DROP COLUMN acknowledge_due_at,
        DROP COLUMN resolve_due_at, DROP COLUMN first_action_at, DROP COLUMN resolved_at, DROP COLUMN closed_at,
        DROP COLUMN rejection_reason, DROP COLUMN merged_into_id, DROP COLUMN rating, DROP COLUMN rating_comment,
        DROP COLUMN finding_id, DROP COLUMN escalated_to_id, DROP COLUMN walk_in_office, DROP COLUMN recorded_by_id,
        DROP CONSTRAINT complaints_language_check;
      CREATE TYPE complaint_language AS ENUM ('en', 'sw');
      ALTER TABLE complaints ALTER COLUMN language DROP DEFAULT, ALTER COLUMN language TYPE complaint_language USING language::complaint_language, ALTER COLUMN language SET DEFAULT 'en';
      DROP TYPE complaint_deadline_kind, delivery_status, outbound_channel, message_gateway, complaint_event_kind, complaint_contact_channel;
    `);
  }
}
