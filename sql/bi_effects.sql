-- Tests src/sql/bi/effects.sql; also bi/refresh.sql, kpi/effects.sql (the shared estimator) and access/grants.sql (readers).
-- The effect relations of the BI layer: kpi_intervention_effect equals
-- intervention_effect(h, quarter start, quarter end) for every quarter and
-- horizon and for the last 12 months; kpi_exit_curve equals
-- intervention_exit_curve up to week 52; labels, suppression, row security,
-- comments; incremental refresh after edits equals full; argument errors of
-- the batched functions.
SET client_min_messages = warning;
SET extra_float_digits = 0;
BEGIN;
-- an error undoes only its own statement (psql's implicit savepoints), so
-- the error cases below run on without a SAVEPOINT and ROLLBACK TO each
\set ON_ERROR_ROLLBACK on
SELECT count(*) > 0 AS generated FROM employment_kpi.generate_synthetic(700, '2024-01-01', 60, 11);
-- only the effect relations (the others have their own tests)
DELETE FROM employment_kpi_internal.bi_relation WHERE mv_name NOT IN ('mv_effect_week', 'mv_intervention_effect', 'mv_exit_curve');
-- without suppression first (k = 1), so that every stored figure is compared
UPDATE employment_kpi.config SET suppression_k = 1;
SELECT view_name, mode, rows > 0 AS has_rows, ok, error FROM employment_kpi.refresh();
SELECT employment_kpi.data_end(), employment_kpi_internal.effect_data_end();

-- the periods: every quarter from the first offer start, and the last 12 months
SELECT period_kind, period_label, quarter_label, month_label, period_start, period_end,
       count(DISTINCT horizon_weeks) AS horizons, count(*) AS rows
  FROM employment_kpi.kpi_intervention_effect
 GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY period_kind DESC, period_start;
SELECT period_kind, period_label, count(DISTINCT (type_code, group_code)) AS cells,
       count(*) FILTER (WHERE arm = 'participants') AS participant_points,
       count(*) FILTER (WHERE arm = 'comparison') AS comparison_points, max(week) AS max_week
  FROM employment_kpi.kpi_exit_curve
 GROUP BY 1, 2, period_start ORDER BY period_kind DESC, period_start;

-- every stored row equals intervention_effect for its period, to the last bit
-- (one estimator: the comparison is =, not rounded).  stored_effect: the
-- stored rows with the period and horizon, then intervention_effect's
-- columns in its order (columns added in a later version sit at the end of
-- the table)
CREATE TEMP VIEW stored_effect AS
SELECT m.period_kind, m.period_start, m.period_end, m.horizon_weeks, m.type_code, m.group_code,
       m.participants, m.observable, m.exit_rate, m.exit_rate_low, m.exit_rate_high, m.comparison_rate,
       m.comparison_rate_low, m.comparison_rate_high, m.att, m.att_low, m.att_high, m.significant,
       m.unmatched, m.median_weeks_to_exit, m.comparison_median_weeks, m.lock_in, m.self_support_share,
       m.cost_per_participant, m.cost_per_extra_exit, m.net_municipal_saving_per_participant
  FROM employment_kpi_internal.mv_intervention_effect m;
CREATE FUNCTION pg_temp.effect_differences() RETURNS TABLE (period text, horizon int, stored bigint, differences bigint)
LANGUAGE plpgsql AS $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT DISTINCT m.period_kind, m.period_start, m.period_end, m.horizon_weeks
               FROM employment_kpi_internal.mv_intervention_effect m ORDER BY 1 DESC, 2, 4 LOOP
        -- whole rows
        CREATE TEMP TABLE f AS
        SELECT r.period_kind, r.period_start, r.period_end, r.horizon_weeks, m.*
          FROM employment_kpi.intervention_effect(r.horizon_weeks, r.period_start, r.period_end) m;
        CREATE TEMP TABLE s AS
        SELECT m.* FROM pg_temp.stored_effect m
         WHERE m.period_kind = r.period_kind AND m.period_start = r.period_start AND m.horizon_weeks = r.horizon_weeks;
        period := employment_kpi.period_label(r.period_kind, r.period_start, r.period_end);
        horizon := r.horizon_weeks;
        stored := (SELECT count(*) FROM s);
        differences := (SELECT count(*) FROM (TABLE f EXCEPT ALL TABLE s) a)
                     + (SELECT count(*) FROM (TABLE s EXCEPT ALL TABLE f) b);
        RETURN NEXT;
        DROP TABLE f;
        DROP TABLE s;
    END LOOP;
END
$$;
SELECT * FROM pg_temp.effect_differences();

-- the curves equal intervention_exit_curve up to week 52, for the largest cells
-- of the last 12 months and of one quarter
CREATE TEMP TABLE curve_cells AS
SELECT * FROM (SELECT m.period_kind, m.period_start, m.period_end, m.type_code, m.group_code,
                      row_number() OVER (PARTITION BY m.period_kind ORDER BY m.participants DESC, m.type_code, m.group_code) AS rk
                 FROM employment_kpi_internal.mv_intervention_effect m
                WHERE m.horizon_weeks = 26 AND (m.period_kind = 'last_12_months' OR m.period_start = '2024-07-01')) x
 WHERE rk <= 3;
SELECT c.period_kind, c.rk, count(*) AS points,
       (SELECT count(*) FROM (
           (SELECT f.arm, f.week, f.surv, f.lower, f.upper, f.n_risk
              FROM employment_kpi.intervention_exit_curve(c.type_code, c.group_code, c.period_start, c.period_end) f
             WHERE f.week <= 52
            EXCEPT ALL
            SELECT m.arm, m.week, m.surv, m.lower, m.upper, m.n_risk FROM employment_kpi_internal.mv_exit_curve m
             WHERE (m.period_kind, m.period_start, m.type_code, m.group_code) = (c.period_kind, c.period_start, c.type_code, c.group_code))
           UNION ALL
           (SELECT m.arm, m.week, m.surv, m.lower, m.upper, m.n_risk FROM employment_kpi_internal.mv_exit_curve m
             WHERE (m.period_kind, m.period_start, m.type_code, m.group_code) = (c.period_kind, c.period_start, c.type_code, c.group_code)
            EXCEPT ALL
            SELECT f.arm, f.week, f.surv, f.lower, f.upper, f.n_risk
              FROM employment_kpi.intervention_exit_curve(c.type_code, c.group_code, c.period_start, c.period_end) f
             WHERE f.week <= 52)) d) AS differences
  FROM curve_cells c
  JOIN employment_kpi_internal.mv_exit_curve m USING (period_kind, period_start, type_code, group_code)
 GROUP BY c.period_kind, c.rk, c.type_code, c.group_code, c.period_start, c.period_end ORDER BY 1 DESC, 2;

-- labels and plain types
SELECT DISTINCT type_code, type_label, type_label_da FROM employment_kpi.kpi_intervention_effect ORDER BY 1;
SELECT DISTINCT arm, arm_label, arm_label_da FROM employment_kpi.kpi_exit_curve ORDER BY 1;
SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod) AS type
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
 WHERE c.relname IN ('kpi_intervention_effect', 'kpi_exit_curve') AND a.attnum > 0
   AND format_type(a.atttypid, a.atttypmod) NOT IN ('text', 'integer', 'bigint', 'numeric', 'double precision', 'date', 'boolean');
-- no citizen id anywhere in what readers see
SELECT count(*) AS citizen_columns FROM information_schema.columns
 WHERE table_schema = 'employment_kpi' AND table_name IN ('kpi_intervention_effect', 'kpi_exit_curve')
   AND column_name LIKE '%citizen%';

-- suppression (k = 5): cells with fewer than 5 observable participants show participants,
-- observable and unmatched only, whatever their participants; significant only where valid
UPDATE employment_kpi.config SET suppression_k = 5;
SELECT view_name, mode, ok FROM employment_kpi.refresh();
SELECT suppressed, count(*) AS rows, min(observable) AS min_observable, max(observable) AS max_observable,
       max(participants) AS max_participants,
       count(*) FILTER (WHERE exit_rate IS NOT NULL OR att IS NOT NULL OR lock_in IS NOT NULL
                        OR cost_per_participant IS NOT NULL OR median_weeks_to_exit IS NOT NULL) AS with_figures,
       count(significant) AS with_verdict
  FROM employment_kpi.kpi_intervention_effect GROUP BY 1 ORDER BY 1;
SELECT suppressed, count(*) AS points, min(n_risk) AS min_n_risk,
       count(*) FILTER (WHERE surv IS NOT NULL OR lower IS NOT NULL OR n_risk IS NOT NULL) AS with_figures
  FROM employment_kpi.kpi_exit_curve GROUP BY 1 ORDER BY 1;
-- a point is shown only with k at risk, and only in cells with a participant point of k at risk
SELECT count(*) AS wrongly_shown FROM employment_kpi.kpi_exit_curve v
  JOIN employment_kpi_internal.mv_exit_curve m USING (period_kind, period_start, type_code, group_code, arm, week)
 WHERE NOT v.suppressed AND (m.n_risk < 5 OR NOT EXISTS (
           SELECT 1 FROM employment_kpi_internal.mv_exit_curve p
            WHERE (p.period_kind, p.period_start, p.type_code, p.group_code, p.arm) = (m.period_kind, m.period_start, m.type_code, m.group_code, 'participants')
              AND p.n_risk >= 5));
-- a raised suppression_k applies at once, before the next refresh
UPDATE employment_kpi.config SET suppression_k = 100;
SELECT suppressed, count(*) AS rows, count(*) FILTER (WHERE att IS NOT NULL) AS with_att
  FROM employment_kpi.kpi_intervention_effect GROUP BY 1 ORDER BY 1;
SELECT count(*) FILTER (WHERE NOT suppressed AND n_risk < 100) AS shown_below_k FROM employment_kpi.kpi_exit_curve;
-- and the next refresh rebuilds the effects (they are stored suppressed), not the curves
SELECT view_name, mode, ok FROM employment_kpi.refresh();
SELECT count(*) AS differences FROM (
    SELECT * FROM pg_temp.stored_effect m WHERE m.period_kind = 'last_12_months' AND m.horizon_weeks = 13
    EXCEPT ALL
    SELECT 'last_12_months', (employment_kpi.data_end() - interval '12 months')::date + 1, employment_kpi.data_end(), 13, f.*
      FROM employment_kpi.intervention_effect(13, (employment_kpi.data_end() - interval '12 months')::date + 1,
                                              employment_kpi.data_end()) f) x;
UPDATE employment_kpi.config SET suppression_k = 5;
SELECT view_name, mode, ok FROM employment_kpi.refresh();

-- row security: no grant = permission denied; a reader sees every row but not the storage;
-- a direct grant without the reader role sees nothing
CREATE ROLE ekpi_bi_effects_reader;
CREATE ROLE ekpi_bi_effects_nobody;
CREATE ROLE ekpi_bi_effects_direct;
SELECT employment_kpi.grant_reader('ekpi_bi_effects_reader');
SELECT employment_kpi.grant_bi_views() > 0 AS granted;
GRANT USAGE ON SCHEMA employment_kpi TO ekpi_bi_effects_direct;
GRANT SELECT ON employment_kpi.kpi_intervention_effect, employment_kpi.kpi_exit_curve TO ekpi_bi_effects_direct;
SET SESSION AUTHORIZATION ekpi_bi_effects_reader;
SELECT count(*) > 0 AS reader_sees_effects FROM employment_kpi.kpi_intervention_effect;
SELECT count(*) > 0 AS reader_sees_curves FROM employment_kpi.kpi_exit_curve;
SELECT count(*) FROM employment_kpi_internal.mv_intervention_effect;
SELECT count(*) FROM employment_kpi_internal.mv_exit_curve;
SELECT count(*) FROM employment_kpi_internal.bi_effect_state;
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION ekpi_bi_effects_nobody;
SELECT count(*) FROM employment_kpi.kpi_intervention_effect;
SELECT count(*) FROM employment_kpi.kpi_exit_curve;
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION ekpi_bi_effects_direct;
SELECT (SELECT count(*) FROM employment_kpi.kpi_intervention_effect) AS effect_rows,
       (SELECT count(*) FROM employment_kpi.kpi_exit_curve) AS curve_rows;
RESET SESSION AUTHORIZATION;

-- comments on the views, the storage and every column
SELECT c.relname, count(*) FILTER (WHERE col_description(c.oid, a.attnum) IS NULL) AS columns_without_comment,
       obj_description(c.oid, 'pg_class') IS NOT NULL AS has_comment
  FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
 WHERE c.relnamespace IN ('employment_kpi'::regnamespace, 'employment_kpi_internal'::regnamespace)
   AND c.relname IN ('kpi_intervention_effect', 'kpi_exit_curve', 'mv_intervention_effect', 'mv_exit_curve', 'bi_effect_state')
 GROUP BY c.relname, c.oid ORDER BY 1;

-- incremental refresh equals full: an offer ending earlier late in the data,
-- a new offer start in the last week, then an early spell change
CREATE FUNCTION pg_temp.inc_vs_full() RETURNS TABLE (relation text, mode text, differences bigint)
LANGUAGE plpgsql AS $$
DECLARE
    relations text[] := ARRAY['mv_effect_week', 'mv_intervention_effect', 'mv_exit_curve'];
BEGIN
    CREATE TEMP TABLE modes AS SELECT f.view_name, f.mode FROM employment_kpi.refresh() f;
    FOREACH relation IN ARRAY relations LOOP
        EXECUTE format('CREATE TEMP TABLE %I AS SELECT * FROM employment_kpi_internal.%I', 'inc_' || relation, relation);
    END LOOP;
    PERFORM count(*) FROM employment_kpi.refresh(full => true);
    FOREACH relation IN ARRAY relations LOOP
        -- (mv_effect_week's mode counts the citizens it rebuilt)
        mode := (SELECT regexp_replace(m.mode, ' \(\d+ citizens', ' (n citizens') FROM modes m WHERE m.view_name = relation);
        EXECUTE format('SELECT (SELECT count(*) FROM (TABLE %1$I EXCEPT ALL TABLE employment_kpi_internal.%2$I) a)
                             + (SELECT count(*) FROM (TABLE employment_kpi_internal.%2$I EXCEPT ALL TABLE %1$I) b)',
                       'inc_' || relation, relation) INTO differences;
        EXECUTE format('DROP TABLE %I', 'inc_' || relation);
        RETURN NEXT;
    END LOOP;
    DROP TABLE modes;
END
$$;
UPDATE employment_kpi.intervention SET end_date = start_date + 3
 WHERE (citizen_id, source_id) = (SELECT citizen_id, source_id FROM employment_kpi.intervention
                                   WHERE start_date >= '2025-01-01' AND coalesce(end_date, 'infinity') > start_date + 30
                                   ORDER BY citizen_id, source_id LIMIT 1);
INSERT INTO employment_kpi.intervention (citizen_id, source_id, type_code, start_date, end_date)
SELECT s.citizen_id, 'bi94-new', 'mentor', employment_kpi.data_end(), NULL
  FROM employment_kpi.support_spell s
 WHERE s.end_date IS NULL AND NOT EXISTS (SELECT 1 FROM employment_kpi.intervention i
                                           WHERE i.citizen_id = s.citizen_id AND coalesce(i.end_date, 'infinity') >= s.start_date)
 ORDER BY s.citizen_id LIMIT 1;
SELECT * FROM pg_temp.inc_vs_full();
UPDATE employment_kpi.support_spell SET exit_reason = 'moved'
 WHERE (citizen_id, source_id) = (SELECT citizen_id, source_id FROM employment_kpi.support_spell
                                   WHERE exit_reason = 'job' AND end_date < '2024-04-01' ORDER BY citizen_id, source_id LIMIT 1);
SELECT * FROM pg_temp.inc_vs_full();
-- nothing changed: nothing recomputed
SELECT view_name, mode FROM employment_kpi.refresh();

-- after those incremental refreshes, the stored person-weeks (mv_effect_week,
-- bi_effect_comparison) give exactly the live ones (which serve every
-- horizon the BI relations use), for all weeks and for a range, and per group
SELECT (SELECT count(*) FROM employment_kpi_internal.effect_person_weeks(NULL, NULL, NULL, 52)) AS live_rows,
       (SELECT count(*) FROM (SELECT * FROM employment_kpi_internal.effect_person_weeks(NULL, NULL, NULL, 52)
                              EXCEPT ALL SELECT * FROM employment_kpi_internal.bi_effect_person_weeks(NULL, NULL, NULL, 52)) a)
     + (SELECT count(*) FROM (SELECT * FROM employment_kpi_internal.bi_effect_person_weeks(NULL, NULL, NULL, 52)
                              EXCEPT ALL SELECT * FROM employment_kpi_internal.effect_person_weeks(NULL, NULL, NULL, 52)) b) AS differences,
       (SELECT count(*) FROM (SELECT * FROM employment_kpi_internal.effect_person_weeks('2024-05-15', '2024-12-31', 'dagpenge', 52)
                              EXCEPT ALL SELECT * FROM employment_kpi_internal.bi_effect_person_weeks('2024-05-15', '2024-12-31', 'dagpenge', 52)) a)
     + (SELECT count(*) FROM (SELECT * FROM employment_kpi_internal.bi_effect_person_weeks('2024-05-15', '2024-12-31', 'dagpenge', 52)
                              EXCEPT ALL SELECT * FROM employment_kpi_internal.effect_person_weeks('2024-05-15', '2024-12-31', 'dagpenge', 52)) b) AS range_differences;
-- the stored counts hold only what the live ones have: no empty strata
SELECT count(*) AS empty_counts FROM employment_kpi_internal.bi_effect_comparison WHERE n = 0;

-- the batched estimator checks its arguments
SELECT count(*) FROM employment_kpi_internal.effect_estimate(ARRAY[26], ARRAY['a', 'b'], ARRAY['2024-01-01'::date], ARRAY['2024-03-31'::date], NULL, 'employment_kpi_internal.effect_person_weeks(date, date, text, int)');
SELECT count(*) FROM employment_kpi_internal.effect_estimate(ARRAY[26], ARRAY[NULL::text], ARRAY['2024-01-01'::date], ARRAY['2024-03-31'::date], NULL, 'employment_kpi_internal.effect_person_weeks(date, date, text, int)');
SELECT count(*) FROM employment_kpi_internal.effect_estimate(ARRAY[26], ARRAY['a', 'a'], ARRAY['2024-01-01', '2024-04-01']::date[], ARRAY['2024-03-31', '2024-06-30']::date[], NULL, 'employment_kpi_internal.effect_person_weeks(date, date, text, int)');
SELECT count(*) FROM employment_kpi_internal.effect_estimate(ARRAY[26], ARRAY['a'], ARRAY['2024-04-01'::date], ARRAY['2024-03-31'::date], NULL, 'employment_kpi_internal.effect_person_weeks(date, date, text, int)');
SELECT count(*) FROM employment_kpi_internal.effect_estimate(ARRAY[26], NULL, ARRAY['2024-04-01'::date], ARRAY['2024-03-31'::date], NULL, 'employment_kpi_internal.effect_person_weeks(date, date, text, int)');
SELECT count(*) FROM employment_kpi_internal.effect_estimate(ARRAY[0], ARRAY['a'], ARRAY['2024-01-01'::date], ARRAY['2024-03-31'::date], NULL, 'employment_kpi_internal.effect_person_weeks(date, date, text, int)');
SELECT count(*) FROM employment_kpi_internal.effect_estimate(ARRAY[26], ARRAY[]::text[], ARRAY[]::date[], ARRAY[]::date[], NULL, 'employment_kpi_internal.effect_person_weeks(date, date, text, int)');
SELECT count(*) FROM employment_kpi_internal.effect_curve_estimate(ARRAY['a'], ARRAY['2024-01-01'::date], ARRAY['2024-03-31'::date], 0, NULL, NULL, 'employment_kpi_internal.effect_person_weeks(date, date, text, int)');
SELECT count(*) FROM employment_kpi_internal.effect_curve_estimate(ARRAY['a'], ARRAY['2024-01-01'::date], ARRAY['2024-03-31', '2024-04-01']::date[], 156, NULL, NULL, 'employment_kpi_internal.effect_person_weeks(date, date, text, int)');
-- the stored person-weeks serve horizons up to 52 and curves to week 52 only
-- (messages, then their SQLSTATE)
SELECT count(*) FROM employment_kpi_internal.effect_estimate(ARRAY[78], ARRAY['a'], ARRAY['2024-01-01'::date], ARRAY['2024-03-31'::date], NULL, 'employment_kpi_internal.bi_effect_person_weeks(date, date, text, int)');
SELECT count(*) FROM employment_kpi_internal.effect_curve_estimate(ARRAY['a'], ARRAY['2024-01-01'::date], ARRAY['2024-03-31'::date], 156, NULL, NULL, 'employment_kpi_internal.bi_effect_person_weeks(date, date, text, int)');
\set VERBOSITY sqlstate
SELECT count(*) FROM employment_kpi_internal.effect_estimate(ARRAY[78], ARRAY['a'], ARRAY['2024-01-01'::date], ARRAY['2024-03-31'::date], NULL, 'employment_kpi_internal.bi_effect_person_weeks(date, date, text, int)');
SELECT count(*) FROM employment_kpi_internal.effect_curve_estimate(ARRAY['a'], ARRAY['2024-01-01'::date], ARRAY['2024-03-31'::date], 156, NULL, NULL, 'employment_kpi_internal.bi_effect_person_weeks(date, date, text, int)');
\set VERBOSITY default
ROLLBACK;
