import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the monitoring record says once said — answers, internal notes, contributions, stage
 * decisions, and whatever a published report made public — cannot be rewritten in place, by
 * the application or by hand. Only the steps the workflow needs remain: a finding's status
 * may still move, and a report's publication may mark what it published, once.
 */
export class MonitoringRecordsFixed1764500000000 implements MigrationInterface {
  name = 'MonitoringRecordsFixed1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TRIGGER finding_responses_insert_only BEFORE UPDATE OR DELETE ON finding_responses
        FOR EACH ROW EXECUTE FUNCTION refuse_change();
      CREATE TRIGGER finding_notes_insert_only BEFORE UPDATE OR DELETE ON finding_notes
        FOR EACH ROW EXECUTE FUNCTION refuse_change();
      CREATE TRIGGER report_contributions_insert_only BEFORE UPDATE OR DELETE ON report_contributions
        FOR EACH ROW EXECUTE FUNCTION refuse_change();
      CREATE TRIGGER findings_never_deleted BEFORE DELETE ON findings
        FOR EACH ROW EXECUTE FUNCTION refuse_change();

      CREATE FUNCTION refuse_change_to_published_finding() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.published_in_report_id IS NOT NULL AND (
             NEW.published_in_report_id IS DISTINCT FROM OLD.published_in_report_id
          OR (NEW.title, NEW.description, NEW.kind, NEW.severity, NEW.stage, NEW.visibility)
             IS DISTINCT FROM (OLD.title, OLD.description, OLD.kind, OLD.severity, OLD.stage, OLD.visibility)) THEN
          RAISE EXCEPTION 'finding % is published and its content can no longer change', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER findings_frozen_when_published BEFORE UPDATE ON findings
        FOR EACH ROW EXECUTE FUNCTION refuse_change_to_published_finding();

      CREATE FUNCTION refuse_change_to_sign_off() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR OLD.published_in_report_id IS NOT NULL
           OR (NEW.procurement_id, NEW.stage, NEW.decision, NEW.reason, NEW.monitor_id, NEW.signed_by, NEW.created_at)
              IS DISTINCT FROM (OLD.procurement_id, OLD.stage, OLD.decision, OLD.reason, OLD.monitor_id, OLD.signed_by, OLD.created_at) THEN
          RAISE EXCEPTION 'stage sign-off % is a decision on record: % refused', OLD.id, TG_OP
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER stage_sign_offs_fixed BEFORE UPDATE OR DELETE ON stage_sign_offs
        FOR EACH ROW EXECUTE FUNCTION refuse_change_to_sign_off();

      CREATE FUNCTION refuse_change_to_published_report() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status = 'PUBLISHED' THEN
          RAISE EXCEPTION 'monitoring report % is published: % refused', OLD.id, TG_OP
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
      END $$;
      CREATE TRIGGER monitoring_reports_frozen_when_published BEFORE UPDATE OR DELETE ON monitoring_reports
        FOR EACH ROW EXECUTE FUNCTION refuse_change_to_published_report();
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TRIGGER monitoring_reports_frozen_when_published ON monitoring_reports;
      DROP TRIGGER stage_sign_offs_fixed ON stage_sign_offs;
      DROP TRIGGER findings_frozen_when_published ON findings;
      DROP TRIGGER findings_never_deleted ON findings;
      DROP TRIGGER report_contributions_insert_only ON report_contributions;
      DROP TRIGGER finding_notes_insert_only ON finding_notes;
      DROP TRIGGER finding_responses_insert_only ON finding_responses;
      DROP FUNCTION refuse_change_to_published_report(), refuse_change_to_sign_off(), refuse_change_to_published_finding();
    `);
  }
}
