import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Complaint statistics (issue 4) over a million complaints in well under a second.
 *
 * Counting nine dimensions over every complaint at query time costs seconds of CPU (measured
 * on the 2-core bench machine at 1M rows: one GROUPING SETS pass 1.5–2.3 s, percentile_cont
 * overall and per organisation 2.5–2.9 s), so the counts are kept in
 * `complaint_statistics_cells`: one row per (dimension, day, handling organisation, value),
 * maintained by statement-level triggers on `complaints` in the same transaction as the
 * change, so the cells agree with the complaints in every snapshot. A day is the lodging day (UTC),
 * except for `resolved_on`, whose day is the day of resolution (the weekly "resolved" series).
 * Merged duplicates count nowhere: the complaint they were merged into already counts.
 *
 * Medians and 90th percentiles stay exact: the four partial indexes below keep the times from
 * lodging to first action and to resolution in order (overall and per organisation), with the
 * columns the filters need, and the cells keep a histogram of those times per day, so a
 * percentile is read by an index-only walk from the histogram edge below its rank instead of
 * sorting every complaint.
 */
export class ComplaintStatistics1764700000000 implements MigrationInterface {
  name = 'ComplaintStatistics1764700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE complaint_statistics_cells (
        dimension text NOT NULL,
        day date NOT NULL,
        organisation_id uuid CONSTRAINT complaint_statistics_cells_organisation_id_fkey REFERENCES organisations (id),
        key text,
        complaints integer NOT NULL,
        CONSTRAINT complaint_statistics_cells_key UNIQUE NULLS NOT DISTINCT (dimension, day, organisation_id, key),
        CONSTRAINT complaint_statistics_cells_dimension_check
          CHECK (dimension IN ('gender', 'age_group', 'sector', 'type', 'area', 'channel', 'status', 'acted_within', 'resolved_within', 'resolved_on'))
        -- No CHECK (complaints >= 0): PostgreSQL checks the row an upsert proposes, and a
        -- change proposes -1 for the cell it leaves.
      );

      -- The edges, in seconds from lodging, of the \`acted_within\` and \`resolved_within\`
      -- histograms: 1, 2, 4, 8 and 16 hours, 1, 2, 3, 5 and 7 days, 2 weeks, 30 days. A
      -- percentile's walk starts at the edge below its rank. Changing them needs a recount.
      CREATE FUNCTION complaint_statistics_time_edges() RETURNS float8[] LANGUAGE sql IMMUTABLE AS $$
        SELECT ARRAY[3600, 7200, 14400, 28800, 57600, 86400, 172800, 259200, 432000, 604800, 1209600, 2592000]::float8[]
      $$;

      -- The statement adding the cells of the complaint rows \`source\` selects, each row with
      -- its sign in column \`delta\` (+1 counts it in, -1 out): the one definition of what a
      -- complaint counts in. A row whose counted values an update left alone cancels out. The
      -- trigger function must EXECUTE it itself: transition tables are visible to it only.
      CREATE FUNCTION complaint_statistics_counting(source text) RETURNS text LANGUAGE sql STABLE AS $$
        SELECT format($sql$
          WITH c AS MATERIALIZED (
            SELECT (created_at AT TIME ZONE 'UTC')::date AS lodged_on, (resolved_at AT TIME ZONE 'UTC')::date AS resolved_on,
                   handling_organisation_id AS organisation_id, gender::text AS gender, age_group::text AS age_group,
                   sector_id::text AS sector, type_id::text AS type, area_id::text AS area, channel::text AS channel,
                   status::text AS status, delta,
                   width_bucket(date_part('epoch', first_action_at - created_at), complaint_statistics_time_edges()) AS acted_within,
                   width_bucket(date_part('epoch', resolved_at - created_at), complaint_statistics_time_edges()) AS resolved_within
              FROM (%s) source
             WHERE merged_into_id IS NULL
          ), cells (dimension, day, organisation_id, key, complaints) AS (
                      SELECT 'gender', lodged_on, organisation_id, gender, sum(delta) FROM c GROUP BY 2, 3, 4
            UNION ALL SELECT 'age_group', lodged_on, organisation_id, age_group, sum(delta) FROM c GROUP BY 2, 3, 4
            UNION ALL SELECT 'sector', lodged_on, organisation_id, sector, sum(delta) FROM c GROUP BY 2, 3, 4
            UNION ALL SELECT 'type', lodged_on, organisation_id, type, sum(delta) FROM c GROUP BY 2, 3, 4
            UNION ALL SELECT 'area', lodged_on, organisation_id, area, sum(delta) FROM c GROUP BY 2, 3, 4
            UNION ALL SELECT 'channel', lodged_on, organisation_id, channel, sum(delta) FROM c GROUP BY 2, 3, 4
            UNION ALL SELECT 'status', lodged_on, organisation_id, status, sum(delta) FROM c GROUP BY 2, 3, 4
            UNION ALL SELECT 'acted_within', lodged_on, organisation_id, acted_within::text, sum(delta) FROM c WHERE acted_within IS NOT NULL GROUP BY 2, 3, 4
            UNION ALL SELECT 'resolved_within', lodged_on, organisation_id, resolved_within::text, sum(delta) FROM c WHERE resolved_within IS NOT NULL GROUP BY 2, 3, 4
            UNION ALL SELECT 'resolved_on', resolved_on, organisation_id, NULL, sum(delta) FROM c WHERE resolved_on IS NOT NULL GROUP BY 2, 3
          )
          INSERT INTO complaint_statistics_cells AS cell (dimension, day, organisation_id, key, complaints)
          SELECT dimension, day, organisation_id, key, complaints FROM cells WHERE complaints <> 0
           -- Every writer locks cells in the same order.
           ORDER BY dimension, day, organisation_id, key
          ON CONFLICT (dimension, day, organisation_id, key) DO UPDATE SET complaints = cell.complaints + EXCLUDED.complaints
        $sql$, source)
      $$;

      CREATE FUNCTION complaint_statistics_follow() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          TRUNCATE complaint_statistics_cells;
        ELSIF TG_OP = 'INSERT' THEN
          EXECUTE complaint_statistics_counting('SELECT *, 1 AS delta FROM new_rows');
        ELSE
          EXECUTE complaint_statistics_counting('SELECT *, -1 AS delta FROM old_rows UNION ALL SELECT *, 1 AS delta FROM new_rows');
        END IF;
        RETURN NULL;
      END $$;

      CREATE TRIGGER complaints_statistics_insert AFTER INSERT ON complaints
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION complaint_statistics_follow();
      CREATE TRIGGER complaints_statistics_update AFTER UPDATE ON complaints
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION complaint_statistics_follow();
      CREATE TRIGGER complaints_statistics_truncate AFTER TRUNCATE ON complaints
        FOR EACH STATEMENT EXECUTE FUNCTION complaint_statistics_follow();

      -- Recounts every cell, for bulk loads made with triggers off (bench/seed-complaints.ts).
      CREATE FUNCTION complaint_statistics_rebuild() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        LOCK TABLE complaints IN SHARE MODE;
        DELETE FROM complaint_statistics_cells;
        EXECUTE complaint_statistics_counting('SELECT *, 1 AS delta FROM complaints');
      END $$;
      SELECT complaint_statistics_rebuild();

      CREATE INDEX complaints_time_to_first_action_idx ON complaints ((first_action_at - created_at))
        INCLUDE (created_at, first_action_at, handling_organisation_id) WHERE merged_into_id IS NULL AND first_action_at IS NOT NULL;
      CREATE INDEX complaints_organisation_time_to_first_action_idx ON complaints (handling_organisation_id, (first_action_at - created_at))
        INCLUDE (created_at, first_action_at) WHERE merged_into_id IS NULL AND first_action_at IS NOT NULL;
      CREATE INDEX complaints_time_to_resolution_idx ON complaints ((resolved_at - created_at))
        INCLUDE (created_at, resolved_at, handling_organisation_id) WHERE merged_into_id IS NULL AND resolved_at IS NOT NULL;
      CREATE INDEX complaints_organisation_time_to_resolution_idx ON complaints (handling_organisation_id, (resolved_at - created_at))
        INCLUDE (created_at, resolved_at) WHERE merged_into_id IS NULL AND resolved_at IS NOT NULL;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP INDEX complaints_time_to_first_action_idx, complaints_organisation_time_to_first_action_idx,
        complaints_time_to_resolution_idx, complaints_organisation_time_to_resolution_idx;
      DROP TRIGGER complaints_statistics_insert ON complaints;
      DROP TRIGGER complaints_statistics_update ON complaints;
      DROP TRIGGER complaints_statistics_truncate ON complaints;
      DROP FUNCTION complaint_statistics_rebuild(), complaint_statistics_follow(), complaint_statistics_counting(text), complaint_statistics_time_edges();
      DROP TABLE complaint_statistics_cells;
    `);
  }
}
