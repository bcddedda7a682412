-- Support spells from DREAM, the national weekly register of transfer
-- payments: one benefit code per person and ISO week (a week is coded when
-- the benefit was received on at least one day; one code per week, by
-- priority).  The code list is benefit_code (dream_storage.sql).
--
--   dream_week(text)           'YYYYWW' or a date -> the week's Monday
--   dream_long(source, ...)    DREAM's wide layout (a column per week) -> long
--   import_dream(source)       long weeks -> support_spell, rejects with reasons
--
-- How weeks become spells (docs/dream.md):
--   * a spell is a run of consecutive weeks with codes of one target group
--     (target_group and wage_subsidy codes); a change of group from one
--     week to the next ends the spell and starts the next one;
--   * it starts on the Monday of its first week and ends on the Sunday of
--     its last week;
--   * what follows it decides its exit_reason, within the gap that ends a
--     support period (dream_gap_weeks(), from config.exit_grace_days: the
--     register studies' 4 weeks without benefit by default): the first
--     other_benefit code is a transition (other_benefit), the first
--     not_support code carrying a reason gives that reason (education,
--     moved, deceased, job); a target-group week first: the support goes on
--     (NULL); nothing for the whole gap: an exit to self-support (other);
--   * a spell running in the extract's last week is ongoing (no end); one
--     ending closer to it than the gap ends with an unknown reason (NULL),
--     which a re-import with later weeks completes.

-- The number of weeks without a target-group code that ends a support
-- period.  It is not a setting of its own: a gap of g uncoded weeks between
-- two spells is 7g + 1 days from the first one's Sunday to the next one's
-- Monday, and support_periods starts a new period when that exceeds
-- config.exit_grace_days, so the DREAM rule and the chaining are one rule.
CREATE OR REPLACE FUNCTION employment_kpi_internal.dream_gap_weeks()
RETURNS int
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT GREATEST(1, (c.exit_grace_days - 1) / 7 + 1) FROM employment_kpi.config AS c $$;

COMMENT ON FUNCTION employment_kpi_internal.dream_gap_weeks() IS
'Internal: the number N of consecutive weeks without a target-group code after which import_dream calls a spell''s end an exit: the smallest gap of whole ISO weeks that support_periods does not chain (7N + 1 > config.exit_grace_days), 4 with the default 28 days.';

-- A week as DREAM extracts and staging tables write it: 'YYYYWW' (ISO year
-- and week, also 'YYYY-WW', 'YYYYWww', 'YYYY-Www', 'YYYY_WW') or a date
-- 'YYYY-MM-DD' inside the week.  Week 53 only in a year that has one.
CREATE OR REPLACE FUNCTION employment_kpi.dream_week(week text)
RETURNS date
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    m  text[];
    d  date;
BEGIN
    m := regexp_match(week, '^\s*([0-9]{4})[-_]?[Ww]?([0-9]{2})\s*$');
    IF m IS NOT NULL THEN
        IF m[1]::int < 1 OR m[2]::int NOT BETWEEN 1 AND 53 THEN
            RETURN NULL;
        END IF;
        d := to_date(m[1] || m[2], 'IYYYIW');
        -- (to_date carries week 53 of a 52-week year into the next year)
        IF to_char(d, 'IYYYIW') <> m[1] || m[2] THEN
            RETURN NULL;
        END IF;
        RETURN d;
    END IF;
    IF week ~ '^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\s*$' THEN
        d := employment_kpi_internal.import_try_cast(week, NULL::date);
        RETURN employment_kpi.iso_monday(d);
    END IF;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION employment_kpi.dream_week(text) IS
'The Monday of the ISO week a DREAM extract names: ''YYYYWW'' (ISO year and week, e.g. 202403; also written 2024-03, 2024W03, 2024-W03 or 2024_03) or a date ''YYYY-MM-DD'' inside the week. NULL when the text is no such week (week 00, week 53 of a year with 52 weeks, an invalid date, any other form).';

-- DREAM delivers one row per person with one column per week.  The week
-- columns are found by name: a name ending in a 4-digit year and a 2-digit
-- week, with at most a separator between them and any prefix before
-- (y_2024_01, 202401, uge2024w01).  Other columns are ignored.
CREATE OR REPLACE FUNCTION employment_kpi.dream_long(source regclass, id_column text DEFAULT 'citizen_id')
RETURNS TABLE (citizen_id text, iso_week text, benefit_code text)
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    vals  text;
BEGIN
    PERFORM employment_kpi_internal.require_arg(source IS NOT NULL AND id_column IS NOT NULL,
                                                'dream_long: source and id_column must not be NULL', 'null_value_not_allowed');
    IF NOT EXISTS (SELECT 1 FROM pg_attribute a
                    WHERE a.attrelid = source AND a.attname = id_column AND a.attnum > 0 AND NOT a.attisdropped) THEN
        RAISE EXCEPTION 'dream_long: source % has no column "%"', source, id_column
            USING ERRCODE = 'undefined_column',
                  HINT = 'Name the column holding the (pseudonymous) person id with id_column.';
    END IF;
    SELECT string_agg(format('(%L, s.%I::text)', w.y || w.wk, w.name), ', ' ORDER BY w.y, w.wk)
      INTO vals
      FROM (SELECT a.attname::text AS name, m[1] AS y, m[2] AS wk
              FROM pg_attribute a
             CROSS JOIN LATERAL regexp_match(a.attname::text, '([0-9]{4})[-_]?[Ww]?([0-9]{2})$') AS m
             WHERE a.attrelid = source AND a.attnum > 0 AND NOT a.attisdropped
               AND a.attname <> id_column AND m IS NOT NULL) AS w;
    IF vals IS NULL THEN
        RAISE EXCEPTION 'dream_long: source % has no week columns', source
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'A week column''s name ends in the ISO year and week, e.g. y_2024_01 or 202401.';
    END IF;
    RETURN QUERY EXECUTE format(
        'SELECT s.%I::text, v.w, NULLIF(btrim(v.c), %L) FROM %s AS s CROSS JOIN LATERAL (VALUES %s) AS v(w, c) '
        'WHERE NULLIF(btrim(v.c), %L) IS NOT NULL',
        id_column, '', source, vals, '');
END
$$;

COMMENT ON FUNCTION employment_kpi.dream_long(regclass, text) IS
'DREAM''s wide layout (one row per person, one column per ISO week) as the long form import_dream reads: one row (citizen_id, iso_week ''YYYYWW'', benefit_code) per person and week with a code; empty and NULL cells give no row (no code that week). The week columns are those whose name ends in a 4-digit ISO year and 2-digit week (y_2024_01, 202401, uge2024w01); other columns are ignored. id_column names the person id column (default citizen_id). No week column: 22023; unknown id column: 42703.';

-------------------------------------------------------------------------------
-- import_dream
-------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION employment_kpi.import_dream(source regclass)
RETURNS TABLE (weeks bigint, weeks_rejected bigint, inserted bigint, updated bigint, deleted bigint,
               spells_rejected bigint)
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    n_wk    bigint;
    n_rej   bigint;
    n_del   bigint;
    v_gap   int := employment_kpi_internal.dream_gap_weeks();
    v_last  date;
    r       record;
BEGIN
    PERFORM employment_kpi_internal.import_source_check('import_dream', source, ARRAY['citizen_id', 'iso_week', 'benefit_code'],
        'The source needs citizen_id, iso_week and benefit_code (dream_long turns the wide layout into them).');

    PERFORM employment_kpi_internal.citus_one_connection();
    -- The spells change under one lock, as in import_support_spell.
    LOCK TABLE employment_kpi.support_spell IN SHARE ROW EXCLUSIVE MODE;

    PERFORM employment_kpi_internal.drop_temp_table('ekpi_dream_stage');
    -- One pass: the text, the week (a fast path for weeks 01-52, which
    -- every ISO year has; the rest through dream_week) and the meaning of
    -- the code in that week (at most one row: benefit_code_no_overlap).
    EXECUTE format('CREATE TEMP TABLE ekpi_dream_stage AS '
                   'SELECT r.*, b.counts_as, b.group_code, b.exit_reason, NULL::text AS _reason FROM ('
                   '  SELECT x.*, CASE WHEN x.t_iso_week ~ ''^[0-9]{4}(0[1-9]|[1-4][0-9]|5[0-2])$'' AND left(x.t_iso_week, 4) <> ''0000'' '
                   '                   THEN to_date(x.t_iso_week, ''IYYYIW'') ELSE employment_kpi.dream_week(x.t_iso_week) END AS week '
                   '    FROM (SELECT row_number() OVER () AS _row, NULLIF(btrim(s.citizen_id::text), %1$L) AS t_citizen_id, '
                   '                 NULLIF(btrim(s.iso_week::text), %1$L) AS t_iso_week, '
                   '                 NULLIF(btrim(s.benefit_code::text), %1$L) AS t_benefit_code '
                   '            FROM %2$s AS s) AS x) AS r '
                   '  LEFT JOIN employment_kpi.benefit_code b ON b.code = r.t_benefit_code AND r.week + 3 >= b.valid_from '
                   '   AND (b.valid_to IS NULL OR r.week + 3 <= b.valid_to)', '', source);

    -- Every fault of a row in one reason; the CPR check before any rule
    -- that could quote the id.
    UPDATE pg_temp.ekpi_dream_stage s
       SET _reason = NULLIF(concat_ws('; ',
             CASE WHEN s.t_citizen_id IS NULL THEN 'NULL in required column citizen_id'
                  WHEN employment_kpi.is_cpr_like(s.t_citizen_id)
                  THEN 'CPR-like citizen_id (value masked; citizen ids must be pseudonymous)' END,
             CASE WHEN s.t_iso_week IS NULL THEN 'NULL in required column iso_week'
                  WHEN s.week IS NULL
                  THEN format('invalid week in iso_week: %L (expected ISO year and week YYYYWW, e.g. 202403, or a date YYYY-MM-DD)', s.t_iso_week) END,
             CASE WHEN s.t_benefit_code IS NULL THEN 'NULL in required column benefit_code'
                  WHEN s.week IS NOT NULL AND s.counts_as IS NULL
                  THEN format('unknown benefit_code %L in week %s: add it to benefit_code', s.t_benefit_code,
                              employment_kpi.week_label(s.week)) END), '')
     WHERE s.t_citizen_id IS NULL OR employment_kpi.is_cpr_like(s.t_citizen_id) OR s.t_iso_week IS NULL
        OR s.week IS NULL OR s.t_benefit_code IS NULL OR s.counts_as IS NULL;

    -- Identical rows count once; two codes for one person and week
    -- contradict DREAM (one code per week) and are all rejected.
    DELETE FROM pg_temp.ekpi_dream_stage s
     WHERE s._reason IS NULL
       AND s._row IN (SELECT d._row FROM (SELECT x._row, row_number() OVER (PARTITION BY x.t_citizen_id, x.week, x.t_benefit_code
                                                                           ORDER BY x._row) AS rn
                                            FROM pg_temp.ekpi_dream_stage x WHERE x._reason IS NULL) d
                       WHERE d.rn > 1);
    UPDATE pg_temp.ekpi_dream_stage s
       SET _reason = format('two benefit codes for citizen_id %L in week %s (DREAM holds one code per person and week)',
                            s.t_citizen_id, employment_kpi.week_label(s.week))
     WHERE s._reason IS NULL
       AND (s.t_citizen_id, s.week) IN (SELECT x.t_citizen_id, x.week FROM pg_temp.ekpi_dream_stage x
                                          WHERE x._reason IS NULL GROUP BY 1, 2 HAVING count(*) > 1);

    INSERT INTO employment_kpi.import_reject (target_table, row_data, reason)
    SELECT 'dream_week',
           jsonb_build_object('citizen_id', CASE WHEN employment_kpi.is_cpr_like(s.t_citizen_id) THEN '**********'
                                                 ELSE s.t_citizen_id END,
                              'iso_week', s.t_iso_week, 'benefit_code', s.t_benefit_code),
           s._reason
      FROM pg_temp.ekpi_dream_stage s WHERE s._reason IS NOT NULL ORDER BY s._row
    ON CONFLICT (target_table, reason, md5(row_data::text)) DO NOTHING;
    SELECT count(*) FILTER (WHERE s._reason IS NULL), count(*) FILTER (WHERE s._reason IS NOT NULL)
      INTO n_wk, n_rej FROM pg_temp.ekpi_dream_stage s;
    DELETE FROM pg_temp.ekpi_dream_stage s WHERE s._reason IS NOT NULL;
    CREATE INDEX ON pg_temp.ekpi_dream_stage (t_citizen_id, week);
    ANALYZE pg_temp.ekpi_dream_stage;

    -- The extract's last week: a spell running in it is ongoing.
    v_last := (SELECT max(s.week) FROM pg_temp.ekpi_dream_stage s);

    -- The spells: runs of consecutive weeks of one group (gaps and islands),
    -- each with the first later week of support (next_start).
    PERFORM employment_kpi_internal.drop_temp_table('ekpi_dream_spell');
    CREATE TEMP TABLE ekpi_dream_spell AS
    WITH sw AS (
        SELECT s.t_citizen_id AS citizen_id, s.week, s.group_code,
               CASE WHEN lag(s.week) OVER w = s.week - 7 AND lag(s.group_code) OVER w = s.group_code
                    THEN 0 ELSE 1 END AS starts
          FROM pg_temp.ekpi_dream_stage s
         WHERE s.counts_as IN ('target_group', 'wage_subsidy')
        WINDOW w AS (PARTITION BY s.t_citizen_id ORDER BY s.week)
    ), isl AS (
        SELECT sw.*, sum(sw.starts) OVER (PARTITION BY sw.citizen_id ORDER BY sw.week) AS island
          FROM sw
    ), sp AS (
        SELECT i.citizen_id, i.group_code, min(i.week) AS w0, max(i.week) AS w1
          FROM isl i GROUP BY i.citizen_id, i.island, i.group_code
    ), nx AS (
        SELECT sp.*, lead(sp.w0) OVER (PARTITION BY sp.citizen_id ORDER BY sp.w0) AS next_start
          FROM sp
    )
    -- (dates as ISO text: the import of support_spell reads only that form)
    SELECT nx.citizen_id, 'dream-' || employment_kpi.week_label(nx.w0) AS source_id, nx.group_code,
           to_char(nx.w0, 'YYYY-MM-DD') AS start_date,
           CASE WHEN nx.w1 = v_last THEN NULL ELSE to_char(nx.w1 + 6, 'YYYY-MM-DD') END AS end_date,
           CASE WHEN nx.w1 = v_last OR nx.next_start = nx.w1 + 7 THEN NULL
                WHEN ev.reason IS NOT NULL THEN ev.reason
                WHEN nx.next_start <= nx.w1 + 7 * v_gap THEN NULL
                WHEN nx.w1 + 7 * v_gap > v_last THEN NULL
                ELSE 'other' END AS exit_reason,
           NULL::text AS weekly_benefit_dkk
      FROM nx
      LEFT JOIN LATERAL (
            -- the first week after the spell, within the gap and before the
            -- next week of support, whose code says why the support ended
            SELECT CASE WHEN s.counts_as = 'other_benefit' THEN 'other_benefit' ELSE s.exit_reason END AS reason
              FROM pg_temp.ekpi_dream_stage s
             WHERE s.t_citizen_id = nx.citizen_id
               AND s.week > nx.w1 AND s.week <= nx.w1 + 7 * v_gap
               AND (nx.next_start IS NULL OR s.week < nx.next_start)
               AND (s.counts_as = 'other_benefit' OR s.exit_reason IS NOT NULL)
             ORDER BY s.week LIMIT 1) AS ev ON true;

    CREATE INDEX ON pg_temp.ekpi_dream_spell (citizen_id, source_id);
    ANALYZE pg_temp.ekpi_dream_spell;

    -- The stored spells of the extract's citizens, read once: on a Citus
    -- cluster support_spell is distributed, and the temporary tables are
    -- joined to this copy, never to it.
    PERFORM employment_kpi_internal.drop_temp_table('ekpi_dream_old');
    CREATE TEMP TABLE ekpi_dream_old AS
    SELECT t.citizen_id, t.source_id, t.weekly_benefit_dkk
      FROM employment_kpi.support_spell t
     WHERE t.citizen_id IN (SELECT s.t_citizen_id FROM pg_temp.ekpi_dream_stage s);
    ANALYZE pg_temp.ekpi_dream_old;

    -- A weekly benefit entered on a spell since (its amount is not in
    -- DREAM) survives a re-import.
    UPDATE pg_temp.ekpi_dream_spell d SET weekly_benefit_dkk = t.weekly_benefit_dkk::text
      FROM pg_temp.ekpi_dream_old t
     WHERE t.citizen_id = d.citizen_id AND t.source_id = d.source_id;

    -- The extract replaces the DREAM spells of its citizens: a spell an
    -- earlier extract made and this one does not is deleted.
    DELETE FROM employment_kpi.support_spell t
     WHERE (t.citizen_id, t.source_id) IN (
           SELECT o.citizen_id, o.source_id FROM pg_temp.ekpi_dream_old o
            WHERE starts_with(o.source_id, 'dream-')
              AND NOT EXISTS (SELECT 1 FROM pg_temp.ekpi_dream_spell d
                               WHERE d.citizen_id = o.citizen_id AND d.source_id = o.source_id));
    GET DIAGNOSTICS n_del = ROW_COUNT;

    -- The spells go in through the import of support_spell: its checks
    -- (group valid on the start date, no overlap with a spell of the case
    -- system) and its rejects apply to them.
    SELECT * INTO r FROM employment_kpi_internal.import_rows('support_spell', 'pg_temp.ekpi_dream_spell'::regclass);

    DROP TABLE pg_temp.ekpi_dream_stage;
    DROP TABLE pg_temp.ekpi_dream_spell;
    DROP TABLE pg_temp.ekpi_dream_old;
    RETURN QUERY SELECT n_wk, n_rej, r.inserted, r.updated, n_del, r.rejected;
END
$fn$;

COMMENT ON FUNCTION employment_kpi.import_dream(regclass) IS
'Support spells from a DREAM extract in long form: source is a table or view with citizen_id (pseudonymous), iso_week (''YYYYWW'' or a date in the week, dream_week) and benefit_code (benefit_code.code), any types. Rows with a NULL, a CPR-like id (masked), an invalid week or a code unknown in that week are rejected into import_reject (target_table dream_week, every fault of a row in one reason), as are two different codes for one person and week; identical rows count once. Spells are runs of consecutive weeks of one target group (target_group and wage_subsidy codes), from the Monday of the first week to the Sunday of the last; the weeks after a spell give its exit_reason (other_benefit code: other_benefit; a not_support code with a reason: that reason; no support for dream_gap_weeks() weeks, 4 by default: other; support again sooner: NULL); a spell in the extract''s last week is ongoing, one ending fewer weeks before it has an unknown (NULL) reason. The spells replace the citizens'' earlier DREAM spells (source_id dream-<first week>) through import_support_spell''s checks. Returns weeks (accepted source rows), weeks_rejected, inserted, updated and deleted spells and spells_rejected. Re-running the same extract changes nothing.';

-- The code list is seeded reference data (see seed.sql).
CREATE OR REPLACE TRIGGER seed_guard BEFORE INSERT OR UPDATE OR DELETE ON employment_kpi.benefit_code
    FOR EACH ROW EXECUTE FUNCTION employment_kpi_internal.seed_guard();
COMMENT ON TRIGGER seed_guard ON employment_kpi.benefit_code IS 'Keeps the seeded flag and the tombstones right (see seed_guard()).';
