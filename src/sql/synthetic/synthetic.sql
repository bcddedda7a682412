-- The synthetic municipality with known ground truth: generate_synthetic()
-- runs the C simulation core (src/synthetic.c) once, stores every generated
-- fact in the canonical tables, derives budget areas, monthly expenses and
-- budgets from the spells and interventions, and records the planted truth.

CREATE OR REPLACE FUNCTION employment_kpi_internal.synthetic_simulate(citizens int, first_week date, weeks int, seed int)
RETURNS TABLE (rec text, citizen_id text, source_id text, code text, code2 text,
               caseworker_id text, d1 date, d2 date, amount numeric,
               v1 float8, v2 float8, v3 float8, n bigint)
AS 'MODULE_PATHNAME', 'ekpi_synthetic_simulate'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION employment_kpi_internal.synthetic_simulate(int, date, int, int) IS
'Internal: the simulation core of generate_synthetic(). Returns every generated fact of citizens citizens as a generic record (rec = team, caseworker, spell, assignment, conversation, intervention or truth). Deterministic: a pure function of its arguments. first_week must be a Monday.';

-- Whether employment_kpi.<tbl> holds a row the generator did not make: any
-- row while no synthetic data set is recorded, else a row whose id columns
-- do not all start with 'syn-'.
CREATE OR REPLACE FUNCTION employment_kpi_internal.synthetic_has_foreign_rows(tbl text, ids text[], have_run boolean)
RETURNS boolean
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    found boolean;
BEGIN
    EXECUTE pg_catalog.format('SELECT EXISTS (SELECT 1 FROM employment_kpi.%I x WHERE NOT $1 OR %s)', tbl,
                              (SELECT pg_catalog.string_agg(pg_catalog.format('NOT pg_catalog.starts_with(x.%I, %L)', c, 'syn-'),
                                                            ' OR ' ORDER BY c)
                                 FROM pg_catalog.unnest(ids) AS c))
      INTO found USING have_run;
    RETURN found;
END
$$;

COMMENT ON FUNCTION employment_kpi_internal.synthetic_has_foreign_rows(text, text[], boolean) IS
'Internal, for generate_synthetic(): whether employment_kpi.<tbl> holds a row the generator did not make (any row when have_run is false, else a row with an id column of ids not starting with ''syn-'').';

CREATE OR REPLACE FUNCTION employment_kpi.generate_synthetic(
    citizens          int DEFAULT 10000,
    first_week        date DEFAULT (employment_kpi.iso_monday(CURRENT_DATE) - 7 * 156),
    weeks             int DEFAULT 156,
    seed              int DEFAULT 1,
    replace_real_data boolean DEFAULT false)
RETURNS TABLE (table_name text, rows bigint)
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE AS $fn$
DECLARE
    v_last     date;
    v_have_run boolean;
    v_foreign  text;
    v_overrun  text := 'syn-benefit-sygedagpenge';
    v_ncw      int;
BEGIN
    -- arguments ---------------------------------------------------------------
    IF citizens IS NULL OR citizens < 1 OR citizens > 2000000 THEN
        RAISE EXCEPTION 'citizens must be between 1 and 2000000, got %', coalesce(citizens::text, 'NULL')
              USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF weeks IS NULL OR weeks < 1 OR weeks > 1040 THEN
        RAISE EXCEPTION 'weeks must be between 1 and 1040, got %', coalesce(weeks::text, 'NULL')
              USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF seed IS NULL THEN
        RAISE EXCEPTION 'seed must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF replace_real_data IS NULL THEN
        RAISE EXCEPTION 'replace_real_data must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF first_week IS NULL OR NOT pg_catalog.isfinite(first_week)
       OR first_week < DATE '1990-01-01' OR first_week > DATE '2190-01-01' THEN
        RAISE EXCEPTION 'first_week must be a date between 1990 and 2190, got %',
                        CASE WHEN first_week IS NULL THEN 'NULL' WHEN NOT pg_catalog.isfinite(first_week) THEN first_week::text
                             ELSE pg_catalog.to_char(first_week, 'YYYY-MM-DD') END
              USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF pg_catalog.date_part('isodow', first_week) <> 1 THEN
        RAISE EXCEPTION 'first_week must be a Monday (the start of an ISO week), got % (a %)',
                        pg_catalog.to_char(first_week, 'YYYY-MM-DD'), pg_catalog.to_char(first_week, 'FMDay')
              USING ERRCODE = 'invalid_parameter_value',
                    HINT = pg_catalog.format('Use %s, the Monday of that ISO week.',
                                             pg_catalog.to_char(pg_catalog.date_trunc('week', first_week::timestamp), 'YYYY-MM-DD'));
    END IF;
    v_last := first_week + 7 * weeks - 1;
    PERFORM employment_kpi_internal.citus_one_connection();  -- (Citus: one connection per worker from the first read)
    -- refuse to touch data we did not generate ---------------------------------
    LOCK TABLE employment_kpi.synthetic_run, employment_kpi.team, employment_kpi.caseworker,
               employment_kpi.support_spell, employment_kpi.case_assignment,
               employment_kpi.conversation, employment_kpi.intervention,
               employment_kpi.budget_area, employment_kpi.budget, employment_kpi.budget_month,
               employment_kpi.expense IN EXCLUSIVE MODE;
    v_have_run := EXISTS (SELECT 1 FROM employment_kpi.synthetic_run);
    -- every table it fills, with the id columns that carry the prefix
    SELECT f.tbl INTO v_foreign
      FROM (VALUES (1, 'team', '{team_id}'::text[]), (2, 'caseworker', '{caseworker_id}'),
                   (3, 'support_spell', '{citizen_id,source_id}'), (4, 'case_assignment', '{citizen_id,source_id}'),
                   (5, 'conversation', '{citizen_id,source_id}'), (6, 'intervention', '{citizen_id,source_id}'),
                   (7, 'budget_area', '{area}'), (8, 'budget', '{area}'), (9, 'budget_month', '{area}'),
                   (10, 'expense', '{source_id}')) AS f(ord, tbl, ids)
     WHERE employment_kpi_internal.synthetic_has_foreign_rows(f.tbl, f.ids, v_have_run)
     ORDER BY f.ord
     LIMIT 1;
    IF v_foreign IS NOT NULL AND NOT replace_real_data THEN
        RAISE EXCEPTION 'generate_synthetic refuses to replace data it did not generate: employment_kpi.% holds rows that are not synthetic', v_foreign
              USING ERRCODE = 'object_not_in_prerequisite_state',
                    DETAIL = 'Synthetic data carries ids starting with ''syn-'' and a row in employment_kpi.synthetic_run; a municipality''s real data must never be wiped by a demo.',
                    HINT = 'Call generate_synthetic(..., replace_real_data => true) to delete ALL rows of the organisation, fact and budget tables first.';
    END IF;

    -- remove the previous data set (all rows: they are ours, or we were told to)
    DELETE FROM employment_kpi.conversation;
    DELETE FROM employment_kpi.intervention;
    DELETE FROM employment_kpi.case_assignment;
    DELETE FROM employment_kpi.support_spell;
    DELETE FROM employment_kpi.expense;
    DELETE FROM employment_kpi.budget_month;
    DELETE FROM employment_kpi.budget;
    DELETE FROM employment_kpi.budget_area;
    DELETE FROM employment_kpi.synthetic_caseworker_truth;
    DELETE FROM employment_kpi.caseworker;
    DELETE FROM employment_kpi.team;
    DELETE FROM employment_kpi.synthetic_truth;
    DELETE FROM employment_kpi.synthetic_run;

    -- simulate once ------------------------------------------------------------
    PERFORM employment_kpi_internal.drop_temp_table('ekpi_synthetic_raw');
    CREATE TEMP TABLE ekpi_synthetic_raw ON COMMIT DROP AS
        SELECT * FROM employment_kpi_internal.synthetic_simulate(citizens, first_week, weeks, seed);

    INSERT INTO employment_kpi.team (team_id, team_name, leader_role)
    SELECT r.source_id, 'Team ' || r.code, NULL
      FROM pg_temp.ekpi_synthetic_raw r WHERE r.rec = 'team' ORDER BY r.source_id;

    INSERT INTO employment_kpi.caseworker (caseworker_id, caseworker_name, team_id)
    SELECT r.caseworker_id, r.source_id, r.code
      FROM pg_temp.ekpi_synthetic_raw r WHERE r.rec = 'caseworker' ORDER BY r.caseworker_id;
    GET DIAGNOSTICS v_ncw = ROW_COUNT;

    INSERT INTO employment_kpi.synthetic_caseworker_truth
           (caseworker_id, exit_skill, activation_style, conversation_diligence, style)
    SELECT r.caseworker_id, round(r.v1::numeric, 6), round(r.v2::numeric, 6), round(r.v3::numeric, 6), r.code2
      FROM pg_temp.ekpi_synthetic_raw r WHERE r.rec = 'caseworker' ORDER BY r.caseworker_id;

    INSERT INTO employment_kpi.support_spell
           (citizen_id, source_id, group_code, start_date, end_date, exit_reason, weekly_benefit_dkk)
    SELECT r.citizen_id, r.source_id, r.code, r.d1, r.d2, r.code2, r.amount
      FROM pg_temp.ekpi_synthetic_raw r WHERE r.rec = 'spell' ORDER BY r.citizen_id, r.source_id;

    INSERT INTO employment_kpi.case_assignment (citizen_id, source_id, caseworker_id, start_date, end_date)
    SELECT r.citizen_id, r.source_id, r.caseworker_id, r.d1, r.d2
      FROM pg_temp.ekpi_synthetic_raw r WHERE r.rec = 'assignment' ORDER BY r.citizen_id, r.source_id;

    INSERT INTO employment_kpi.conversation (citizen_id, source_id, caseworker_id, held_on, kind, status)
    SELECT r.citizen_id, r.source_id, r.caseworker_id, r.d1, r.code, r.code2
      FROM pg_temp.ekpi_synthetic_raw r WHERE r.rec = 'conversation' ORDER BY r.citizen_id, r.source_id;

    INSERT INTO employment_kpi.intervention (citizen_id, source_id, caseworker_id, type_code, start_date, end_date, cost_dkk)
    SELECT r.citizen_id, r.source_id, r.caseworker_id, r.code, r.d1, r.d2, r.amount
      FROM pg_temp.ekpi_synthetic_raw r WHERE r.rec = 'intervention' ORDER BY r.citizen_id, r.source_id;

    INSERT INTO employment_kpi.synthetic_truth
           (type_code, group_code, horizon_weeks, true_att, participants, exits_treated, exits_untreated)
    SELECT r.code, r.code2, r.v3::int, (r.v1::bigint - r.v2::bigint)::numeric / r.n, r.n, r.v1::bigint, r.v2::bigint
      FROM pg_temp.ekpi_synthetic_raw r WHERE r.rec = 'truth' ORDER BY r.code, r.code2, r.v3;

    DROP TABLE pg_temp.ekpi_synthetic_raw;

    -- budget areas, expenses and budgets (derived from the facts) -------------
    -- (uncorrelated IN rather than EXISTS: Citus cannot plan a subquery over
    -- a distributed table correlated to a reference table)
    INSERT INTO employment_kpi.budget_area (area, kind, group_code, type_code, label)
    SELECT 'syn-benefit-' || g.group_code, 'benefit', g.group_code, NULL, 'Forsørgelse: ' || g.label_da
      FROM employment_kpi.citizen_group g
     WHERE g.group_code IN (SELECT s.group_code FROM employment_kpi.support_spell s)
    UNION ALL
    SELECT 'syn-intervention-' || t.type_code, 'intervention', NULL, t.type_code, 'Aktive tilbud: ' || t.label_da
      FROM employment_kpi.intervention_type t
     WHERE t.type_code IN (SELECT i.type_code FROM employment_kpi.intervention i)
    UNION ALL
    SELECT 'syn-administration', 'administration', NULL, NULL, 'Administration: jobcentrets drift'
    ORDER BY 1;

    -- one booking per area and month, from the month of first_week to v_last;
    -- the last (partial) month is booked on v_last
    INSERT INTO employment_kpi.expense (source_id, booked_on, area, amount_dkk)
    WITH month AS (
        SELECT m::date AS m0,
               LEAST((m + interval '1 month')::date - 1, v_last) AS m1,
               (m + interval '1 month')::date - m::date AS mdays
          FROM pg_catalog.generate_series(pg_catalog.date_trunc('month', first_week::timestamp),
                                          v_last::timestamp, interval '1 month') AS m
    ), benefit AS (
        SELECT 'syn-benefit-' || s.group_code AS area, mo.m0, mo.m1,
               sum((LEAST(coalesce(s.end_date, v_last), mo.m1) - GREATEST(s.start_date, mo.m0) + 1)
                   * s.weekly_benefit_dkk / 7) AS amount
          FROM employment_kpi.support_spell s
          JOIN month mo ON s.start_date <= mo.m1 AND coalesce(s.end_date, v_last) >= mo.m0
         GROUP BY 1, 2, 3
    ), offer AS (
        SELECT 'syn-intervention-' || i.type_code AS area, mo.m0, mo.m1,
               sum((LEAST(i.end_date, mo.m1) - GREATEST(i.start_date, mo.m0) + 1)
                   * i.cost_dkk / (i.end_date - i.start_date + 1)) AS amount
          FROM employment_kpi.intervention i
          JOIN month mo ON i.start_date <= mo.m1 AND i.end_date >= mo.m0
         GROUP BY 1, 2, 3
    ), admin AS (
        SELECT 'syn-administration' AS area, mo.m0, mo.m1,
               (v_ncw * 48000 + 250000)::numeric * (mo.m1 - mo.m0 + 1) / mo.mdays AS amount
          FROM month mo
    )
    SELECT x.area || '-' || pg_catalog.to_char(x.m0, 'YYYY-MM'), x.m1, x.area, round(x.amount, 2)
      FROM (SELECT * FROM benefit UNION ALL SELECT * FROM offer UNION ALL SELECT * FROM admin) x
     ORDER BY 1;

    -- annual budgets: the area's daily run rate in the year (over the days the
    -- data covers) x days of the year x 1.00-1.04; the overrun area gets 0.85
    -- of its run rate in the last fiscal year
    INSERT INTO employment_kpi.budget (fiscal_year, area, amount_dkk)
    WITH yr AS (
        SELECT y,
               GREATEST(pg_catalog.make_date(y, 1, 1), pg_catalog.date_trunc('month', first_week::timestamp)::date) AS y0,
               LEAST(pg_catalog.make_date(y, 12, 31), v_last) AS y1,
               pg_catalog.make_date(y + 1, 1, 1) - pg_catalog.make_date(y, 1, 1) AS ydays
          FROM pg_catalog.generate_series(pg_catalog.date_part('year', first_week)::int,
                                          pg_catalog.date_part('year', v_last)::int) AS y
    )
    SELECT yr.y, a.area,
           round(coalesce((SELECT sum(e.amount_dkk) FROM employment_kpi.expense e
                            WHERE e.area = a.area AND e.booked_on BETWEEN yr.y0 AND yr.y1), 0)
                 / (yr.y1 - yr.y0 + 1) * yr.ydays
                 * CASE WHEN a.area = v_overrun AND yr.y = pg_catalog.date_part('year', v_last) THEN 0.85
                        ELSE 1.00 + (abs(pg_catalog.hashtext(a.area || ':' || yr.y || ':' || seed)) % 5) / 100.0 END,
                 -3)
      FROM yr CROSS JOIN employment_kpi.budget_area a
     ORDER BY 1, 2;

    -- monthly profile for the benefit areas and administration: days of the
    -- month / days of the year, December takes the rounding remainder
    INSERT INTO employment_kpi.budget_month (fiscal_year, area, month, amount_dkk)
    WITH share AS (
        SELECT b.fiscal_year, b.area, b.amount_dkk, m,
               round(b.amount_dkk
                     * ((pg_catalog.make_date(b.fiscal_year, m, 1) + interval '1 month')::date
                        - pg_catalog.make_date(b.fiscal_year, m, 1))
                     / (pg_catalog.make_date(b.fiscal_year + 1, 1, 1) - pg_catalog.make_date(b.fiscal_year, 1, 1)), 2) AS amt
          FROM employment_kpi.budget b
          JOIN employment_kpi.budget_area a ON a.area = b.area AND a.kind IN ('benefit', 'administration')
         CROSS JOIN pg_catalog.generate_series(1, 12) AS m
    )
    SELECT s.fiscal_year, s.area, s.m,
           CASE WHEN s.m < 12 THEN s.amt
                ELSE s.amount_dkk - (SELECT sum(s2.amt) FROM share s2
                                      WHERE s2.fiscal_year = s.fiscal_year AND s2.area = s.area AND s2.m < 12)
           END
      FROM share s
     ORDER BY 1, 2, 3;

    INSERT INTO employment_kpi.synthetic_run (id, citizens, first_week, weeks, seed, last_day)
    VALUES (true, citizens, first_week, weeks, seed, v_last);
    -- the data window starts at first_week, as an extract would: the BI
    -- views start there, not at the earliest start of a running period
    UPDATE employment_kpi.config SET data_start = first_week;

    ANALYZE employment_kpi.support_spell;
    ANALYZE employment_kpi.case_assignment;
    ANALYZE employment_kpi.conversation;
    ANALYZE employment_kpi.intervention;
    -- On a Citus cluster expense is a reference table, which Citus cannot
    -- analyse in a transaction that has already read its copy on the
    -- coordinator; autovacuum analyses the copies on each node.
    DECLARE
        v_managed boolean := false;   -- expense is a Citus reference table
    BEGIN
        IF pg_catalog.to_regclass('pg_catalog.pg_dist_partition') IS NOT NULL THEN
            EXECUTE 'SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_dist_partition p WHERE p.logicalrelid = $1)'
               INTO v_managed USING 'employment_kpi.expense'::regclass;
        END IF;
        IF NOT v_managed THEN
            ANALYZE employment_kpi.expense;
        END IF;
    END;

    RETURN QUERY
    SELECT 'team', pg_catalog.count(*) FROM employment_kpi.team
    UNION ALL SELECT 'caseworker', pg_catalog.count(*) FROM employment_kpi.caseworker
    UNION ALL SELECT 'support_spell', pg_catalog.count(*) FROM employment_kpi.support_spell
    UNION ALL SELECT 'case_assignment', pg_catalog.count(*) FROM employment_kpi.case_assignment
    UNION ALL SELECT 'conversation', pg_catalog.count(*) FROM employment_kpi.conversation
    UNION ALL SELECT 'intervention', pg_catalog.count(*) FROM employment_kpi.intervention
    UNION ALL SELECT 'budget_area', pg_catalog.count(*) FROM employment_kpi.budget_area
    UNION ALL SELECT 'budget', pg_catalog.count(*) FROM employment_kpi.budget
    UNION ALL SELECT 'budget_month', pg_catalog.count(*) FROM employment_kpi.budget_month
    UNION ALL SELECT 'expense', pg_catalog.count(*) FROM employment_kpi.expense
    UNION ALL SELECT 'synthetic_truth', pg_catalog.count(*) FROM employment_kpi.synthetic_truth
    UNION ALL SELECT 'synthetic_caseworker_truth', pg_catalog.count(*) FROM employment_kpi.synthetic_caseworker_truth;
END
$fn$;

COMMENT ON FUNCTION employment_kpi.generate_synthetic(int, date, int, int, boolean) IS
'Fills the organisation, fact and budget tables with a synthetic municipality (syntetisk kommune) whose data hold the given number of citizens over weeks ISO weeks from first_week (a Monday; default: 156 weeks before the current week), deterministically for a seed, and records the planted truth in synthetic_truth and synthetic_caseworker_truth. The municipality is at steady state from first_week: a simulated burn-in of 520 weeks leaves no facts but the history of the support periods running at first_week (true start dates, as a real extract holds them), and config.data_start is set to first_week, so that the BI views start there (data_start()). Replaces earlier synthetic data; refuses (SQLSTATE 55000) to touch tables holding rows it did not generate unless replace_real_data => true, which deletes ALL rows of those tables. Returns the row count of every table it filled. Model: docs/synthetic.md.';
