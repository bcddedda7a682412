-- Loss-free import into the canonical model.
--
-- employment_kpi.import_<table>(source regclass) reads every row of any table
-- or view that has the target's column names (of any type: typically text
-- from a CSV staging table), inserts new rows, updates changed rows (by
-- primary key), leaves identical rows untouched, and moves every row it
-- cannot accept into employment_kpi.import_reject with a specific reason.
-- A bad row never aborts the good ones, and a re-run of the same source
-- changes nothing (rejects are recorded once).
--
-- The work is set-based: the source is copied once into a temporary staging
-- table, values are converted with a regular-expression fast path (only the
-- values that fail it go through a per-value cast with an exception
-- handler), each validation rule is one UPDATE over the staging table, and
-- the accepted rows are applied with one UPDATE (or DELETE) and one INSERT.
--
-- Load order (foreign keys): team -> caseworker -> case_assignment,
-- conversation, intervention; budget_area (plain INSERT) -> budget ->
-- budget_month; budget_area -> expense; support_spell needs only the seeded
-- citizen_group (a spell must start while its group is valid).

-- The slow path of the typed staging columns (import_rows): the text that
-- the fast-path patterns do not match is converted here, where a value that
-- is not one of the type gives NULL instead of an error.
CREATE OR REPLACE FUNCTION employment_kpi_internal.import_try_cast(value text, template anyelement)
RETURNS anyelement
LANGUAGE plpgsql STABLE PARALLEL UNSAFE
AS $$
DECLARE
    v template%TYPE;
BEGIN
    -- A date is read only as ISO 8601 (YYYY-MM-DD): the date type's input
    -- also reads 'today', 'epoch', '... BC' and, depending on the server's
    -- DateStyle, '01-02-2025' as 2 January or 1 February - never a silent
    -- misread of a fact.
    IF pg_catalog.pg_typeof(template) = 'date'::pg_catalog.regtype
       AND value OPERATOR(pg_catalog.!~) '^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\s*$' THEN
        RETURN NULL;
    END IF;
    v := value;    -- the type's input function
    -- an infinite date, NaN or an infinite amount is no value a fact can hold
    IF v::text IN ('infinity', '-infinity', 'NaN', 'Infinity', '-Infinity') THEN
        RETURN NULL;
    END IF;
    RETURN v;
EXCEPTION WHEN data_exception THEN
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION employment_kpi_internal.import_try_cast(text, anyelement) IS
'The text as a value of the type of template (a date written YYYY-MM-DD, a finite numeric other than NaN, an integer, ...), or NULL when it is not one (used by the import_* functions to reject rather than fail). Call it with a typed NULL, e.g. import_try_cast(''2026-01-05'', NULL::date).';

-------------------------------------------------------------------------------
-- The import engine
-------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION employment_kpi_internal.import_rows(target_table text, source regclass)
RETURNS TABLE (inserted bigint, updated bigint, rejected bigint)
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    target     regclass;
    col        record;
    cols       text[] := '{}';     -- target columns in order
    types      text[] := '{}';     -- their types
    pk         text[];             -- primary-key columns
    sel        text[] := '{}';     -- staging select list
    chk        record;
    n          bigint;
    n_ins      bigint;
    n_upd      bigint;
    n_rej      bigint;
    pk_match   text;
    differs    text;
    vcols      text;
    tcols      text;
    rowdata    text;
    expr       text;
    i          int;
BEGIN
    IF target_table IS NULL OR source IS NULL THEN
        RAISE EXCEPTION 'import: target_table and source must not be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF target_table NOT IN ('support_spell', 'case_assignment', 'conversation', 'intervention',
                            'budget', 'budget_month', 'expense', 'team', 'caseworker') THEN
        RAISE EXCEPTION 'import: no import for table "%"', target_table
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    target := format('employment_kpi.%I', target_table)::regclass;

    -- Writers wait, readers do not; validation then sees a stable target.
    EXECUTE format('LOCK TABLE %s IN SHARE ROW EXCLUSIVE MODE', target);

    SELECT array_agg(a.attname::text ORDER BY k.ord) INTO pk
      FROM pg_index x
      CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
     WHERE x.indrelid = target AND x.indisprimary;

    -- Staging: one text value per target column, trimmed, '' read as NULL.
    FOR col IN
        SELECT a.attname::text AS name, format_type(a.atttypid, a.atttypmod) AS typ,
               pg_get_expr(d.adbin, d.adrelid) AS dflt,
               EXISTS (SELECT 1 FROM pg_attribute s
                        WHERE s.attrelid = source AND s.attname = a.attname
                          AND s.attnum > 0 AND NOT s.attisdropped) AS in_source
          FROM pg_attribute a
          LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
         WHERE a.attrelid = target AND a.attnum > 0 AND NOT a.attisdropped
         ORDER BY a.attnum
    LOOP
        cols := cols || col.name;
        types := types || col.typ;
        IF col.in_source THEN
            expr := format('NULLIF(btrim(s.%I::text), %L)', col.name, '');
        ELSIF col.dflt IS NOT NULL THEN
            expr := 'NULL::text';
        ELSE
            RAISE EXCEPTION 'import_%: source % has no column "%"', target_table, source, col.name
                USING ERRCODE = 'undefined_column',
                      HINT = 'The source needs every column of the target table (columns with a default may be left out).';
        END IF;
        -- A missing or empty column with a default takes the default.
        IF col.dflt IS NOT NULL THEN
            expr := format('COALESCE(%s, (%s)::text)', expr, col.dflt);
        END IF;
        sel := sel || format('%s AS %I', expr, 't_' || col.name);
    END LOOP;

    IF to_regclass('pg_temp.ekpi_import_stage') IS NOT NULL THEN
        DROP TABLE pg_temp.ekpi_import_stage;
    END IF;
    -- Typed values v_<column> next to the text t_<column>.  The fast-path
    -- patterns only match text that always casts; everything else goes
    -- through the NULL-returning casts.
    EXECUTE format('CREATE TEMP TABLE ekpi_import_stage AS SELECT r.*, %s FROM '
                   '(SELECT row_number() OVER () AS _row, NULL::text AS _reason, %s FROM %s AS s) AS r',
        (SELECT string_agg(
            CASE t
              WHEN 'date' THEN format(
                'CASE WHEN %1$I ~ ''^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])$'' AND left(%1$I, 4) <> ''0000'' '
                'THEN %1$I::date ELSE employment_kpi_internal.import_try_cast(%1$I, NULL::date) END', 't_' || c)
              WHEN 'numeric' THEN format(
                'CASE WHEN %1$I ~ ''^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]{1,3})?$'' '
                'THEN %1$I::numeric ELSE employment_kpi_internal.import_try_cast(%1$I, NULL::numeric) END', 't_' || c)
              WHEN 'integer' THEN format(
                'CASE WHEN %1$I ~ ''^[+-]?[0-9]{1,9}$'' THEN %1$I::int ELSE employment_kpi_internal.import_try_cast(%1$I, NULL::int) END',
                't_' || c)
              ELSE format('%I', 't_' || c)
            END || format('::%s AS %I', t, 'v_' || c), ', ')
           FROM unnest(cols, types) AS u(c, t)),
        array_to_string(sel, ', '), source);

    ANALYZE pg_temp.ekpi_import_stage;

    -- Validation: each rule marks the rows it rejects that are not yet
    -- rejected, so a row carries the first reason that applies.
    FOR chk IN
        -- required columns
        SELECT format('%I IS NULL', 't_' || a.attname) AS cond,
               format('%L', 'NULL in required column ' || a.attname) AS reason
          FROM pg_attribute a
         WHERE a.attrelid = target AND a.attnum > 0 AND NOT a.attisdropped AND a.attnotnull
        UNION ALL
        -- values that do not convert to the column's type
        SELECT format('%I IS NOT NULL AND %I IS NULL', 't_' || c, 'v_' || c),
               format('format(%L, %I)',
                      CASE t WHEN 'date' THEN 'invalid date' WHEN 'numeric' THEN 'invalid number'
                             ELSE 'invalid integer' END || ' in ' || c || ': %L', 't_' || c)
          FROM unnest(cols, types) AS u(c, t)
         WHERE t IN ('date', 'numeric', 'integer')
        UNION ALL
        -- CPR-like citizen ids (before any rule that could quote the value)
        SELECT 'employment_kpi.is_cpr_like(v_citizen_id)',
               quote_literal('CPR-like citizen_id (value masked; citizen ids must be pseudonymous)')
         WHERE 'citizen_id' = ANY (cols)
        UNION ALL
        SELECT r.cond, r.reason
          FROM (VALUES
            -- support_spell
            (1, 'support_spell', 'NOT EXISTS (SELECT 1 FROM employment_kpi.citizen_group g WHERE g.group_code = v_group_code)',
                'format(''unknown group_code %L'', v_group_code)'),
            -- a group is dated: the spell must start while it is valid (it
            -- may run on past its end; reporting_group maps it from then)
            (2, 'support_spell', 'EXISTS (SELECT 1 FROM employment_kpi.citizen_group g WHERE g.group_code = v_group_code '
                                 'AND (g.valid_from > v_start_date OR g.valid_to < v_start_date))',
                'format(''group_code %L is not valid on start_date %s (valid %s)'', v_group_code, to_char(v_start_date, ''YYYY-MM-DD''), '
                '(SELECT coalesce(''from '' || to_char(g.valid_from, ''YYYY-MM-DD''), '''') '
                '     || CASE WHEN g.valid_from IS NOT NULL AND g.valid_to IS NOT NULL THEN '' '' ELSE '''' END '
                '     || coalesce(''to '' || to_char(g.valid_to, ''YYYY-MM-DD''), '''') '
                '   FROM employment_kpi.citizen_group g WHERE g.group_code = v_group_code))'),
            (3, 'support_spell', 'v_end_date < v_start_date',
                'format(''end_date before start_date (%s < %s)'', to_char(v_end_date, ''YYYY-MM-DD''), to_char(v_start_date, ''YYYY-MM-DD''))'),
            (4, 'support_spell', 'v_exit_reason NOT IN (''job'', ''education'', ''other_benefit'', ''moved'', ''deceased'', ''other'')',
                'format(''invalid exit_reason %L (expected job, education, other_benefit, moved, deceased or other)'', v_exit_reason)'),
            (5, 'support_spell', 'v_exit_reason IS NOT NULL AND v_end_date IS NULL',
                'format(''exit_reason %L on an open spell (end_date is NULL)'', v_exit_reason)'),
            (6, 'support_spell', 'v_weekly_benefit_dkk < 0',
                'format(''negative amount in weekly_benefit_dkk: %s'', v_weekly_benefit_dkk)'),
            -- case_assignment
            (1, 'case_assignment', 'NOT EXISTS (SELECT 1 FROM employment_kpi.caseworker w WHERE w.caseworker_id = v_caseworker_id)',
                'format(''unknown caseworker_id %L'', v_caseworker_id)'),
            (2, 'case_assignment', 'v_end_date < v_start_date',
                'format(''end_date before start_date (%s < %s)'', to_char(v_end_date, ''YYYY-MM-DD''), to_char(v_start_date, ''YYYY-MM-DD''))'),
            -- conversation
            (1, 'conversation', 'NOT EXISTS (SELECT 1 FROM employment_kpi.caseworker w WHERE w.caseworker_id = v_caseworker_id)',
                'format(''unknown caseworker_id %L'', v_caseworker_id)'),
            (2, 'conversation', 'v_status NOT IN (''held'', ''cancelled'', ''no_show'')',
                'format(''invalid status %L (expected held, cancelled or no_show)'', v_status)'),
            -- intervention
            (1, 'intervention', 'v_caseworker_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM employment_kpi.caseworker w WHERE w.caseworker_id = v_caseworker_id)',
                'format(''unknown caseworker_id %L'', v_caseworker_id)'),
            (2, 'intervention', 'NOT EXISTS (SELECT 1 FROM employment_kpi.intervention_type y WHERE y.type_code = v_type_code)',
                'format(''unknown type_code %L'', v_type_code)'),
            (3, 'intervention', 'v_end_date < v_start_date',
                'format(''end_date before start_date (%s < %s)'', to_char(v_end_date, ''YYYY-MM-DD''), to_char(v_start_date, ''YYYY-MM-DD''))'),
            (4, 'intervention', 'v_cost_dkk < 0',
                'format(''negative amount in cost_dkk: %s'', v_cost_dkk)'),
            -- budget
            (1, 'budget', 'v_fiscal_year NOT BETWEEN 1990 AND 2200',
                'format(''fiscal_year %s outside 1990..2200'', v_fiscal_year)'),
            (2, 'budget', 'NOT EXISTS (SELECT 1 FROM employment_kpi.budget_area b WHERE b.area = v_area)',
                'format(''unknown area %L'', v_area)'),
            (3, 'budget', 'v_amount_dkk < 0',
                'format(''negative amount in amount_dkk: %s'', v_amount_dkk)'),
            -- budget_month
            (1, 'budget_month', 'v_month NOT BETWEEN 1 AND 12',
                'format(''month %s outside 1..12'', v_month)'),
            (2, 'budget_month', 'NOT EXISTS (SELECT 1 FROM employment_kpi.budget b WHERE b.fiscal_year = v_fiscal_year AND b.area = v_area)',
                'format(''unknown budget (fiscal_year %s, area %L): import the annual budget first'', v_fiscal_year, v_area)'),
            (3, 'budget_month', 'v_amount_dkk < 0',
                'format(''negative amount in amount_dkk: %s'', v_amount_dkk)'),
            -- expense (negative amounts are corrections and are accepted)
            (1, 'expense', 'NOT EXISTS (SELECT 1 FROM employment_kpi.budget_area b WHERE b.area = v_area)',
                'format(''unknown area %L'', v_area)'),
            -- caseworker
            (1, 'caseworker', 'NOT EXISTS (SELECT 1 FROM employment_kpi.team m WHERE m.team_id = v_team_id)',
                'format(''unknown team_id %L'', v_team_id)')
          ) AS r(ord, tab, cond, reason)
         WHERE r.tab = target_table
    LOOP
        EXECUTE format('UPDATE pg_temp.ekpi_import_stage SET _reason = %s WHERE _reason IS NULL AND (%s)',
                       chk.reason, chk.cond);
    END LOOP;

    vcols := (SELECT string_agg(format('%I', 'v_' || c), ', ') FROM unnest(cols) AS c);
    tcols := (SELECT string_agg(format('%I', c), ', ') FROM unnest(cols) AS c);
    pk_match := (SELECT string_agg(format('t.%I = s.%I', c, 'v_' || c), ' AND ') FROM unnest(pk) AS c);
    differs := format('(%s) IS DISTINCT FROM (%s)',
                      (SELECT string_agg(format('t.%I', c), ', ') FROM unnest(cols) AS c),
                      (SELECT string_agg(format('s.%I', 'v_' || c), ', ') FROM unnest(cols) AS c));

    -- Exact duplicate rows in the source count once (PARTITION BY treats
    -- NULLs as equal, which is what "identical" means here).
    EXECUTE format('DELETE FROM pg_temp.ekpi_import_stage WHERE _row IN (SELECT _row FROM '
                   '(SELECT _row, row_number() OVER (PARTITION BY %s ORDER BY _row) AS rn '
                   '   FROM pg_temp.ekpi_import_stage WHERE _reason IS NULL) AS d WHERE rn > 1)',
                   vcols);

    -- The same key twice with different values: the source contradicts itself.
    EXECUTE format('UPDATE pg_temp.ekpi_import_stage SET _reason = %L WHERE _reason IS NULL AND (%2$s) IN '
                   '(SELECT %2$s FROM pg_temp.ekpi_import_stage WHERE _reason IS NULL GROUP BY %2$s HAVING count(*) > 1)',
                   format('duplicate key (%s) within the source with different values', array_to_string(pk, ', ')),
                   (SELECT string_agg(format('%I', 'v_' || c), ', ') FROM unnest(pk) AS c));

    -- A citizen's spells must not overlap, neither with another row of the
    -- source nor with a stored spell the source does not replace.  A source
    -- row whose dates equal those of its stored version is already known to
    -- fit, so it is never the one rejected: the new or moved spell is.  Two
    -- new or moved spells that overlap are both rejected (neither can be
    -- preferred).  Rejecting a row can bring back the stored version it would
    -- have replaced, so repeat until nothing changes.
    IF target_table = 'support_spell' THEN
        LOOP
            WITH valid AS (
                SELECT s._row, s.v_citizen_id AS c, s.v_source_id AS sid,
                       daterange(s.v_start_date, s.v_end_date, '[]') AS r,
                       EXISTS (SELECT 1 FROM employment_kpi.support_spell t
                                WHERE t.citizen_id = s.v_citizen_id AND t.source_id = s.v_source_id
                                  AND t.start_date = s.v_start_date
                                  AND t.end_date IS NOT DISTINCT FROM s.v_end_date) AS same
                  FROM pg_temp.ekpi_import_stage AS s WHERE s._reason IS NULL
            ), pool AS (
                SELECT t.citizen_id AS c, t.source_id AS sid,
                       daterange(t.start_date, t.end_date, '[]') AS r, 2 AS origin
                  FROM employment_kpi.support_spell t
                 WHERE t.citizen_id IN (SELECT c FROM valid)
                   AND NOT EXISTS (SELECT 1 FROM valid v WHERE v.c = t.citizen_id AND v.sid = t.source_id AND NOT v.same)
                UNION ALL
                SELECT c, sid, r, 1 FROM valid WHERE NOT same
            ), hit AS (
                SELECT DISTINCT ON (v._row) v._row, p.sid, p.origin
                  FROM valid v JOIN pool p ON p.c = v.c AND p.sid <> v.sid AND p.r && v.r
                 WHERE NOT v.same
                 ORDER BY v._row, p.origin, p.sid
            )
            UPDATE pg_temp.ekpi_import_stage s
               SET _reason = format('overlapping spell: overlaps source_id %L %s', hit.sid,
                                    CASE hit.origin WHEN 1 THEN 'in the same source'
                                         ELSE 'already in employment_kpi.support_spell' END)
              FROM hit WHERE s._row = hit._row;
            GET DIAGNOSTICS n = ROW_COUNT;
            EXIT WHEN n = 0;
        END LOOP;
    END IF;

    -- Rejects: recorded once per (table, row, reason); CPR-like ids masked.
    rowdata := format('jsonb_build_object(%s)',
        (SELECT string_agg(
            CASE WHEN c = 'citizen_id'
                 THEN format('%L, CASE WHEN employment_kpi.is_cpr_like(%I) THEN %L ELSE %I END',
                             c, 't_' || c, '**********', 't_' || c)
                 ELSE format('%L, %I', c, 't_' || c) END, ', ')
           FROM unnest(cols) AS c));
    EXECUTE format('INSERT INTO employment_kpi.import_reject (target_table, row_data, reason) '
                   'SELECT %L, %s, _reason FROM pg_temp.ekpi_import_stage WHERE _reason IS NOT NULL ORDER BY _row '
                   'ON CONFLICT (target_table, reason, md5(row_data::text)) DO NOTHING',
                   target_table, rowdata);
    SELECT count(*) INTO n_rej FROM pg_temp.ekpi_import_stage WHERE _reason IS NOT NULL;

    -- Apply the accepted rows.
    EXECUTE format('SELECT count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM %1$s t WHERE %2$s)), '
                   '       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM %1$s t WHERE %2$s AND %3$s)) '
                   '  FROM pg_temp.ekpi_import_stage s WHERE s._reason IS NULL',
                   target, pk_match, differs)
      INTO n_ins, n_upd;

    IF target_table = 'support_spell' THEN
        -- Row-by-row UPDATEs could collide with the exclusion constraint in
        -- passing (a spell moved onto the old dates of its successor), so a
        -- changed spell is deleted and inserted again.
        EXECUTE format('DELETE FROM %s t USING pg_temp.ekpi_import_stage s WHERE s._reason IS NULL AND %s AND %s',
                       target, pk_match, differs);
    ELSE
        EXECUTE format('UPDATE %s t SET (%s) = (%s) FROM pg_temp.ekpi_import_stage s WHERE s._reason IS NULL AND %s AND %s',
                       target, tcols,
                       (SELECT string_agg(format('s.%I', 'v_' || c), ', ') FROM unnest(cols) AS c),
                       pk_match, differs);
    END IF;
    EXECUTE format('INSERT INTO %s (%s) SELECT %s FROM pg_temp.ekpi_import_stage s '
                   'WHERE s._reason IS NULL AND NOT EXISTS (SELECT 1 FROM %s t WHERE %s) ORDER BY s._row',
                   target, tcols, vcols, target, pk_match);

    DROP TABLE pg_temp.ekpi_import_stage;
    RETURN QUERY SELECT n_ins, n_upd, n_rej;
END
$fn$;

COMMENT ON FUNCTION employment_kpi_internal.import_rows(text, regclass) IS
'Import engine behind the import_<table> functions: reads every row of source (a table or view with the target''s column names, any types), inserts new rows of employment_kpi.<target_table>, updates changed rows by primary key, leaves identical rows alone and records rejected rows with a specific reason in import_reject. Returns the counts of inserted, updated and rejected source rows.';

-------------------------------------------------------------------------------
-- One import function per table (the public API)
-------------------------------------------------------------------------------

-- The nine functions differ only in their table and comment, so one template
-- declares them: employment_kpi.import_<table>(source regclass), a SQL
-- function that calls the engine import_rows('<table>', source).
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT * FROM (VALUES
        ('team', 'Import teams from source (columns team_id, team_name, leader_role; any types): insert new, update changed, reject the rest into import_reject. Returns (inserted, updated, rejected).'),
        ('caseworker', 'Import caseworkers from source (columns caseworker_id, caseworker_name, team_id, login_role; login_role may be empty); import teams first. Returns (inserted, updated, rejected).'),
        ('support_spell', 'Import support spells from source (citizen_id, source_id, group_code, start_date, end_date, exit_reason, weekly_benefit_dkk). Rejects CPR-like ids, unknown groups, groups not valid on the start date (citizen_group.valid_from/valid_to), end before start, invalid exit reasons, negative amounts and spells overlapping another spell of the citizen (in the source or stored). Returns (inserted, updated, rejected).'),
        ('case_assignment', 'Import case assignments from source (citizen_id, source_id, caseworker_id, start_date, end_date); import caseworkers first. Returns (inserted, updated, rejected).'),
        ('conversation', 'Import conversations from source (citizen_id, source_id, caseworker_id, held_on, and optionally kind and status, which default to job and held). Returns (inserted, updated, rejected).'),
        ('intervention', 'Import interventions (active offers) from source (citizen_id, source_id, caseworker_id, type_code, start_date, end_date, cost_dkk). Returns (inserted, updated, rejected).'),
        ('budget', 'Import annual budgets from source (fiscal_year, area, amount_dkk); the areas must exist in budget_area. Returns (inserted, updated, rejected).'),
        ('budget_month', 'Import monthly budget profiles from source (fiscal_year, area, month, amount_dkk); import the annual budgets first. Returns (inserted, updated, rejected).'),
        ('expense', 'Import bookings from source (source_id, booked_on, area, amount_dkk; negative amounts are corrections and accepted). Returns (inserted, updated, rejected).')
    ) AS v(target_table, comment) LOOP
        EXECUTE format('CREATE OR REPLACE FUNCTION employment_kpi.%I(source regclass) '
                       'RETURNS TABLE (inserted bigint, updated bigint, rejected bigint) '
                       'LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE AS %L',
                       'import_' || t.target_table,
                       format(' SELECT * FROM employment_kpi_internal.import_rows(%L, source) ', t.target_table));
        EXECUTE format('COMMENT ON FUNCTION employment_kpi.%I(regclass) IS %L', 'import_' || t.target_table, t.comment);
    END LOOP;
END
$$;
