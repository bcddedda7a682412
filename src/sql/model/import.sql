-- Loss-free import into the canonical model.
--
-- employment_kpi.import_<table>(source regclass, number_style, date_style)
-- reads every row of any table or view that has the target's column names
-- (of any type: typically text from a CSV staging table), inserts new rows,
-- updates changed rows (by primary key), leaves identical rows untouched,
-- and moves every row it cannot accept into employment_kpi.import_reject
-- with every fault it has in one reason.  A bad row never aborts the good
-- ones, and a re-run of the same source changes nothing (rejects are
-- recorded once; a reject whose key a later run accepts is marked resolved).
--
-- No silent misread: a number or date whose reading depends on a
-- convention the caller did not name is rejected, never guessed (see
-- import_number and import_date, import_values.sql).
--
-- The work is set-based: the source is copied once into a temporary staging
-- table, values are converted with a regular-expression fast path (only the
-- values that fail it go through the slower readers), each validation rule
-- is one pass over the staging table, the stored rows the source can touch
-- are read once, and the accepted rows are applied with one UPDATE (or
-- DELETE) and one INSERT.  Every statement is one that Citus can plan, so
-- the imports run unchanged on a cluster after distribute().
--
-- Load order (foreign keys): team -> caseworker -> case_assignment,
-- conversation, intervention; budget_area -> budget -> budget_month;
-- budget_area -> expense; support_spell needs only the seeded citizen_group
-- (a spell must start while its group is valid).

-------------------------------------------------------------------------------
-- The import engine
-------------------------------------------------------------------------------

-- The source check of the imports that read a fixed set of columns
-- (import_dream, import_benchmark): the source is given and has them.
CREATE OR REPLACE FUNCTION employment_kpi_internal.import_source_check(
    func text, source regclass, columns text[], hint text)
RETURNS void
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    col text;
BEGIN
    PERFORM employment_kpi_internal.require_arg(source IS NOT NULL, func || ': source must not be NULL', 'null_value_not_allowed');
    FOREACH col IN ARRAY columns LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_attribute a
                        WHERE a.attrelid = source AND a.attname = col AND a.attnum > 0 AND NOT a.attisdropped) THEN
            RAISE EXCEPTION '%: source % has no column "%"', func, source, col
                USING ERRCODE = 'undefined_column', HINT = hint;
        END IF;
    END LOOP;
END
$fn$;

COMMENT ON FUNCTION employment_kpi_internal.import_source_check(text, regclass, text[], text) IS
'Internal: the argument check of an import reading fixed columns: source NULL raises 22004, a missing column 42703 with hint; messages name func.';

CREATE OR REPLACE FUNCTION employment_kpi_internal.import_rows(target_table text, source regclass,
                                                              number_style text DEFAULT NULL,
                                                              date_style text DEFAULT 'iso')
RETURNS TABLE (inserted bigint, updated bigint, rejected bigint)
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    target     regclass;
    col        record;
    cols       text[] := '{}';     -- target columns in order
    types      text[] := '{}';     -- their types
    nstyles    text[] := '{}';     -- the number style each column is read with
    pk         text[];             -- primary-key columns
    sel        text[] := '{}';     -- staging select list
    chk        record;
    n          bigint;
    n_ins      bigint;
    n_upd      bigint;
    n_rej      bigint;
    pk_match   text;
    key_match  text;
    differs    text;
    vcols      text;
    tcols      text;
    rowdata    text;
    expr       text;
    run_at     timestamptz := clock_timestamp();   -- marks the rejects this call saw
    win_from   date;
    win_to     date;
    bad_rows   bigint[];
    bad_why    text[];
    changed    jsonb;
BEGIN
    PERFORM employment_kpi_internal.require_arg(target_table IS NOT NULL AND source IS NOT NULL,
                                                'import: target_table and source must not be NULL', 'null_value_not_allowed');
    IF target_table NOT IN ('support_spell', 'case_assignment', 'conversation', 'intervention',
                            'budget_area', 'budget', 'budget_month', 'expense', 'team', 'caseworker') THEN
        RAISE EXCEPTION 'import: no import for table "%"', target_table
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF number_style NOT IN ('da', 'en') THEN
        RAISE EXCEPTION 'import_%: number_style must be ''da'', ''en'' or NULL, not %', target_table, quote_literal(number_style)
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = '''da'': 4.500,50 (''.'' thousands, '','' decimals); ''en'': 4,500.50; NULL: only values that read the same under both.';
    END IF;
    date_style := coalesce(date_style, 'iso');
    IF date_style NOT IN ('iso', 'da') THEN
        RAISE EXCEPTION 'import_%: date_style must be ''iso'' or ''da'', not %', target_table, quote_literal(date_style)
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = '''iso'': YYYY-MM-DD only; ''da'': also dd-mm-yyyy and dd.mm.yyyy.';
    END IF;
    target := format('employment_kpi.%I', target_table)::regclass;
    PERFORM employment_kpi_internal.citus_one_connection();
    SELECT c.import_date_from, c.import_date_to INTO win_from, win_to FROM employment_kpi.config c;
    win_from := coalesce(win_from, '1990-01-01');
    win_to := coalesce(win_to, '2100-12-31');

    -- Writers wait, readers do not; validation then sees a stable target.
    EXECUTE format('LOCK TABLE %s IN SHARE ROW EXCLUSIVE MODE', target);

    SELECT array_agg(a.attname::text ORDER BY k.ord) INTO pk
      FROM pg_index x
      CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
     WHERE x.indrelid = target AND x.indisprimary;

    -- Staging: one text value per target column, trimmed, '' read as NULL.
    -- A typed source column is written in its type's canonical form: a
    -- number as PostgreSQL prints it (read as 'en'), a date as YYYY-MM-DD
    -- whatever the session's DateStyle.
    FOR col IN
        SELECT a.attname::text AS name, format_type(a.atttypid, a.atttypmod) AS typ,
               pg_get_expr(d.adbin, d.adrelid) AS dflt, s.atttypid AS src_type, st.typcategory AS src_cat
          FROM pg_attribute a
          LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
          LEFT JOIN pg_attribute s ON s.attrelid = source AND s.attname = a.attname
                                  AND s.attnum > 0 AND NOT s.attisdropped
          LEFT JOIN pg_type st ON st.oid = s.atttypid
         WHERE a.attrelid = target AND a.attnum > 0 AND NOT a.attisdropped
         ORDER BY a.attnum
    LOOP
        cols := cols || col.name;
        types := types || col.typ;
        nstyles := nstyles || CASE WHEN col.src_cat = 'N' THEN 'en' ELSE number_style END;
        IF col.src_type = 'date'::regtype THEN
            expr := format('CASE WHEN isfinite(s.%1$I) AND s.%1$I >= %2$L THEN to_char(s.%1$I, %3$L) ELSE s.%1$I::text END',
                           col.name, '0001-01-01', 'YYYY-MM-DD');
        ELSIF col.src_type IS NOT NULL THEN
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

    PERFORM employment_kpi_internal.drop_temp_table('ekpi_import_stage');
    PERFORM employment_kpi_internal.drop_temp_table('ekpi_import_stored');
    -- Typed values v_<column> next to the text t_<column>.  The fast-path
    -- patterns only match text that always casts to the same value; the
    -- rest goes through the readers, which give NULL for what they do not
    -- read.  _op is 'update' on an accepted row that changes a stored one.
    EXECUTE format('CREATE TEMP TABLE ekpi_import_stage AS SELECT r.*, %s FROM '
                   '(SELECT row_number() OVER () AS _row, NULL::text AS _reason, NULL::text AS _op, %s FROM %s AS s) AS r',
        (SELECT string_agg(
            CASE t
              WHEN 'date' THEN format(
                'CASE WHEN %1$I ~ ''^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])$'' AND left(%1$I, 4) <> ''0000'' '
                'THEN %1$I::date ELSE employment_kpi_internal.import_date(%1$I, %2$L) END', 't_' || c, date_style)
              -- whole numbers, and decimals that only the style read can
              -- read (under NULL: a single mark not followed by exactly
              -- three digits after at most three, e.g. 4500.50 or 45,5)
              WHEN 'numeric' THEN format(
                'CASE WHEN %1$I ~ ''^[+-]?[0-9]{1,15}$'' THEN %1$I::numeric '
                'WHEN %1$I ~ %2$L THEN %1$I::numeric '
                'WHEN %1$I ~ %3$L THEN replace(%1$I, '','', ''.'')::numeric '
                'ELSE employment_kpi_internal.import_number(%1$I, %4$L) END', 't_' || c,
                CASE WHEN ns IS NULL THEN '^[+-]?([0-9]{1,15}\.([0-9]{1,2}|[0-9]{4,15})|[0-9]{4,15}\.[0-9]{1,15})$'
                     WHEN ns = 'en' THEN '^[+-]?[0-9]{1,15}\.[0-9]{1,15}$' ELSE '^$' END,
                CASE WHEN ns IS NULL THEN '^[+-]?([0-9]{1,15},([0-9]{1,2}|[0-9]{4,15})|[0-9]{4,15},[0-9]{1,15})$'
                     WHEN ns = 'da' THEN '^[+-]?[0-9]{1,15},[0-9]{1,15}$' ELSE '^$' END,
                ns)
              WHEN 'integer' THEN format(
                'CASE WHEN %1$I ~ ''^[+-]?[0-9]{1,9}$'' THEN %1$I::int ELSE employment_kpi_internal.import_try_cast(%1$I, NULL::int) END',
                't_' || c)
              ELSE format('%I', 't_' || c)
            END || format('::%s AS %I', t, 'v_' || c), ', ')
           FROM unnest(cols, types, nstyles) AS u(c, t, ns)),
        array_to_string(sel, ', '), source);

    ANALYZE pg_temp.ekpi_import_stage;

    -- Validation: each rule adds its reason to the rows it rejects, so a
    -- rejected row carries every fault of its own values in one entry,
    -- separated by '; ' (which no single reason contains).  A
    -- rule about a value that is missing or did not convert stays silent
    -- (the row already has that fault).  The faulty rows are found by a
    -- SELECT and then marked by row number, as Citus plans no UPDATE whose
    -- condition reads a reference table.
    FOR chk IN
        -- required columns
        SELECT format('%I IS NULL', 't_' || a.attname) AS cond,
               format('%L', 'NULL in required column ' || a.attname) AS reason
          FROM pg_attribute a
         WHERE a.attrelid = target AND a.attnum > 0 AND NOT a.attisdropped AND a.attnotnull
        UNION ALL
        -- values that do not convert to the column's type
        SELECT format('%I IS NOT NULL AND %I IS NULL', 't_' || c, 'v_' || c),
               CASE t WHEN 'date' THEN format('employment_kpi_internal.import_date_fault(%L, %I, %L)', c, 't_' || c, date_style)
                      WHEN 'numeric' THEN format('employment_kpi_internal.import_number_fault(%L, %I, %L)', c, 't_' || c, ns)
                      ELSE format('format(%L, %I)', 'invalid integer in ' || c || ': %L (write a whole number in digits)', 't_' || c)
               END
          FROM unnest(cols, types, nstyles) AS u(c, t, ns)
         WHERE t IN ('date', 'numeric', 'integer')
        UNION ALL
        -- dates outside the plausible window (config)
        SELECT format('%I NOT BETWEEN %L AND %L', 'v_' || c, win_from, win_to),
               format('format(%L, to_char(%I, ''YYYY-MM-DD''))',
                      'implausible date in ' || c || ': %s is outside ' || to_char(win_from, 'YYYY-MM-DD') || ' to '
                      || to_char(win_to, 'YYYY-MM-DD') || ' (fix the date, or widen the window in config.import_date_from/import_date_to)',
                      'v_' || c)
          FROM unnest(cols, types) AS u(c, t)
         WHERE t = 'date'
        UNION ALL
        -- CPR-like values in any id column (the reason never quotes them)
        SELECT format('employment_kpi.is_cpr_like(%I)', 't_' || c),
               quote_literal(format('CPR-like %s (value masked): ids must be pseudonymous, use the source system''s pseudonymous id', c))
          FROM unnest(cols, types) AS u(c, t)
         WHERE c LIKE '%\_id' AND t = 'text'
        UNION ALL
        SELECT r.cond, r.reason
          FROM (VALUES
            -- support_spell
            (1, 'support_spell', 'v_group_code IS NOT NULL AND NOT EXISTS (SELECT 1 FROM employment_kpi.citizen_group g WHERE g.group_code = v_group_code)',
                'format(''unknown group_code %L (the codes are in citizen_group: add the group there if it is new)'', v_group_code)'),
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
            (5, 'support_spell', 'v_exit_reason IS NOT NULL AND t_end_date IS NULL',
                'format(''exit_reason %L on an open spell (end_date is NULL): give the end date or leave exit_reason empty'', v_exit_reason)'),
            (6, 'support_spell', 'v_weekly_benefit_dkk < 0',
                'format(''negative amount in weekly_benefit_dkk: %s'', v_weekly_benefit_dkk)'),
            -- case_assignment
            (1, 'case_assignment', 'v_caseworker_id IS NOT NULL AND NOT employment_kpi.is_cpr_like(v_caseworker_id) '
                                   'AND NOT EXISTS (SELECT 1 FROM employment_kpi.caseworker w WHERE w.caseworker_id = v_caseworker_id)',
                'format(''unknown caseworker_id %L: import caseworker first'', v_caseworker_id)'),
            (2, 'case_assignment', 'v_end_date < v_start_date',
                'format(''end_date before start_date (%s < %s)'', to_char(v_end_date, ''YYYY-MM-DD''), to_char(v_start_date, ''YYYY-MM-DD''))'),
            -- conversation
            (1, 'conversation', 'v_caseworker_id IS NOT NULL AND NOT employment_kpi.is_cpr_like(v_caseworker_id) '
                                'AND NOT EXISTS (SELECT 1 FROM employment_kpi.caseworker w WHERE w.caseworker_id = v_caseworker_id)',
                'format(''unknown caseworker_id %L: import caseworker first'', v_caseworker_id)'),
            (2, 'conversation', 'v_status NOT IN (''held'', ''cancelled'', ''no_show'')',
                'format(''invalid status %L (expected held, cancelled or no_show)'', v_status)'),
            -- intervention
            (1, 'intervention', 'v_caseworker_id IS NOT NULL AND NOT employment_kpi.is_cpr_like(v_caseworker_id) '
                                'AND NOT EXISTS (SELECT 1 FROM employment_kpi.caseworker w WHERE w.caseworker_id = v_caseworker_id)',
                'format(''unknown caseworker_id %L: import caseworker first'', v_caseworker_id)'),
            (2, 'intervention', 'v_type_code IS NOT NULL AND NOT EXISTS (SELECT 1 FROM employment_kpi.intervention_type y WHERE y.type_code = v_type_code)',
                'format(''unknown type_code %L (the codes are in intervention_type: add the type there if it is new)'', v_type_code)'),
            (3, 'intervention', 'v_end_date < v_start_date',
                'format(''end_date before start_date (%s < %s)'', to_char(v_end_date, ''YYYY-MM-DD''), to_char(v_start_date, ''YYYY-MM-DD''))'),
            (4, 'intervention', 'v_cost_dkk < 0',
                'format(''negative amount in cost_dkk: %s'', v_cost_dkk)'),
            -- budget_area
            (1, 'budget_area', 'v_kind NOT IN (''benefit'', ''intervention'', ''administration'', ''other'')',
                'format(''invalid kind %L (expected benefit, intervention, administration or other)'', v_kind)'),
            (2, 'budget_area', 'v_group_code IS NOT NULL AND NOT EXISTS (SELECT 1 FROM employment_kpi.citizen_group g WHERE g.group_code = v_group_code)',
                'format(''unknown group_code %L (the codes are in citizen_group: add the group there if it is new)'', v_group_code)'),
            (3, 'budget_area', 'v_type_code IS NOT NULL AND NOT EXISTS (SELECT 1 FROM employment_kpi.intervention_type y WHERE y.type_code = v_type_code)',
                'format(''unknown type_code %L (the codes are in intervention_type: add the type there if it is new)'', v_type_code)'),
            -- budget
            (1, 'budget', 'v_fiscal_year NOT BETWEEN 1990 AND 2200',
                'format(''fiscal_year %s outside 1990..2200'', v_fiscal_year)'),
            (2, 'budget', 'v_area IS NOT NULL AND NOT EXISTS (SELECT 1 FROM employment_kpi.budget_area b WHERE b.area = v_area)',
                'format(''unknown area %L: import budget_area first'', v_area)'),
            (3, 'budget', 'v_amount_dkk < 0',
                'format(''negative amount in amount_dkk: %s'', v_amount_dkk)'),
            -- budget_month
            (1, 'budget_month', 'v_month NOT BETWEEN 1 AND 12',
                'format(''month %s outside 1..12'', v_month)'),
            (2, 'budget_month', 'v_fiscal_year IS NOT NULL AND v_area IS NOT NULL AND NOT EXISTS '
                                '(SELECT 1 FROM employment_kpi.budget b WHERE b.fiscal_year = v_fiscal_year AND b.area = v_area)',
                'format(''unknown budget (fiscal_year %s, area %L): import the annual budget first'', v_fiscal_year, v_area)'),
            (3, 'budget_month', 'v_amount_dkk < 0',
                'format(''negative amount in amount_dkk: %s'', v_amount_dkk)'),
            -- expense (negative amounts are corrections and are accepted)
            (1, 'expense', 'v_area IS NOT NULL AND NOT EXISTS (SELECT 1 FROM employment_kpi.budget_area b WHERE b.area = v_area)',
                'format(''unknown area %L: import budget_area first'', v_area)'),
            -- caseworker
            (1, 'caseworker', 'v_team_id IS NOT NULL AND NOT employment_kpi.is_cpr_like(v_team_id) '
                              'AND NOT EXISTS (SELECT 1 FROM employment_kpi.team m WHERE m.team_id = v_team_id)',
                'format(''unknown team_id %L: import team first'', v_team_id)')
          ) AS r(ord, tab, cond, reason)
         WHERE r.tab = target_table
    LOOP
        EXECUTE format('SELECT array_agg(_row), array_agg((%s)::text) FROM pg_temp.ekpi_import_stage WHERE %s',
                       chk.reason, chk.cond)
           INTO bad_rows, bad_why;
        IF bad_rows IS NOT NULL THEN
            UPDATE pg_temp.ekpi_import_stage s SET _reason = concat_ws('; ', s._reason, b.why)
              FROM unnest(bad_rows, bad_why) AS b(r, why) WHERE s._row = b.r;
        END IF;
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

    -- The stored rows the source can touch, copied once (for support_spell
    -- every spell of its citizens, which the overlap check needs): the
    -- checks and the counts below compare the staging table with this copy,
    -- never with the target itself, which on a Citus cluster may be a
    -- distributed table that a temporary table cannot be joined to in a
    -- correlated subquery or an UPDATE of the temporary table.
    EXECUTE format('CREATE TEMP TABLE ekpi_import_stored AS SELECT * FROM %s t WHERE (%s) IN '
                   '(SELECT %s FROM pg_temp.ekpi_import_stage s WHERE s._reason IS NULL)',
                   target,
                   CASE WHEN target_table = 'support_spell' THEN 't.citizen_id'
                        ELSE (SELECT string_agg(format('t.%I', c), ', ') FROM unnest(pk) AS c) END,
                   CASE WHEN target_table = 'support_spell' THEN 's.v_citizen_id'
                        ELSE (SELECT string_agg(format('s.%I', 'v_' || c), ', ') FROM unnest(pk) AS c) END);
    -- (indexed like the target: the overlap check looks rows up by key)
    EXECUTE format('CREATE INDEX ON pg_temp.ekpi_import_stored (%s)',
                   (SELECT string_agg(format('%I', c), ', ') FROM unnest(pk) AS c));
    ANALYZE pg_temp.ekpi_import_stored;

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
                       EXISTS (SELECT 1 FROM pg_temp.ekpi_import_stored t
                                WHERE t.citizen_id = s.v_citizen_id AND t.source_id = s.v_source_id
                                  AND t.start_date = s.v_start_date
                                  AND t.end_date IS NOT DISTINCT FROM s.v_end_date) AS same
                  FROM pg_temp.ekpi_import_stage AS s WHERE s._reason IS NULL
            ), pool AS (
                SELECT t.citizen_id AS c, t.source_id AS sid,
                       daterange(t.start_date, t.end_date, '[]') AS r, 2 AS origin
                  FROM pg_temp.ekpi_import_stored t
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

    -- Rejects: one entry per (table, row, reason), standing for its
    -- identical source rows (source_rows), so the rejected count is the sum
    -- of source_rows over the entries this call saw.  Every CPR-like run of
    -- digits is masked, in the values and in the reason.
    rowdata := format('jsonb_build_object(%s)',
        (SELECT string_agg(format('%L, employment_kpi_internal.mask_cpr(%I)', c, 't_' || c), ', ')
           FROM unnest(cols) AS c));
    EXECUTE format('INSERT INTO employment_kpi.import_reject AS r (target_table, row_data, reason, source_rows, last_seen_at) '
                   'SELECT %L, d, m, count(*), %L FROM '
                   '  (SELECT _row, %s AS d, employment_kpi_internal.mask_cpr(_reason) AS m '
                   '     FROM pg_temp.ekpi_import_stage WHERE _reason IS NOT NULL) AS x '
                   ' GROUP BY d, m ORDER BY min(_row) '
                   'ON CONFLICT (target_table, reason, md5(row_data::text)) DO UPDATE '
                   'SET source_rows = EXCLUDED.source_rows, last_seen_at = EXCLUDED.last_seen_at, '
                   '    resolved_at = NULL, resolution = NULL',
                   target_table, run_at, rowdata);
    SELECT count(*) INTO n_rej FROM pg_temp.ekpi_import_stage WHERE _reason IS NOT NULL;

    -- An open reject of an earlier call is resolved when this call holds its
    -- key (as written): accepted, or rejected with other values (then the
    -- new entry is the open one).  A key that is missing or masked cannot
    -- be matched; such rejects stay open until deleted.
    key_match := (SELECT string_agg(format('(r.row_data ->> %L) = s.%I', c, 't_' || c), ' AND ') FROM unnest(pk) AS c);
    IF EXISTS (SELECT 1 FROM employment_kpi.import_reject r
                WHERE r.target_table = import_rows.target_table AND r.resolved_at IS NULL AND r.last_seen_at < run_at) THEN
        EXECUTE format('UPDATE employment_kpi.import_reject r '
                       '   SET resolved_at = %1$L, resolution = CASE WHEN s._reason IS NULL THEN ''accepted'' ELSE ''superseded'' END '
                       '  FROM (SELECT DISTINCT ON (%4$s) * FROM pg_temp.ekpi_import_stage s '
                       '         WHERE EXISTS (SELECT 1 FROM employment_kpi.import_reject r WHERE r.target_table = %2$L '
                       '                          AND r.resolved_at IS NULL AND r.last_seen_at < %1$L AND %3$s) '
                       '         ORDER BY %4$s, _reason NULLS FIRST) AS s '
                       ' WHERE r.target_table = %2$L AND r.resolved_at IS NULL AND r.last_seen_at < %1$L AND %3$s',
                       run_at, target_table, key_match,
                       (SELECT string_agg(format('%I', 't_' || c), ', ') FROM unnest(pk) AS c));
    END IF;

    -- Apply the accepted rows: new keys are inserted, changed rows marked
    -- 'update' and written.
    EXECUTE format('UPDATE pg_temp.ekpi_import_stage s SET _op = %L FROM pg_temp.ekpi_import_stored t '
                   'WHERE s._reason IS NULL AND %s AND %s', 'update', pk_match, differs);
    GET DIAGNOSTICS n_upd = ROW_COUNT;
    EXECUTE format('SELECT count(*) FROM pg_temp.ekpi_import_stage s WHERE s._reason IS NULL '
                   'AND NOT EXISTS (SELECT 1 FROM pg_temp.ekpi_import_stored t WHERE %s)', pk_match)
      INTO n_ins;

    IF target_table = 'support_spell' THEN
        -- Row-by-row UPDATEs could collide with the exclusion constraint in
        -- passing (a spell moved onto the old dates of its successor), so a
        -- changed spell is deleted and inserted again.
        EXECUTE format('DELETE FROM %s t WHERE (%s) IN (SELECT %s FROM pg_temp.ekpi_import_stage s WHERE s._op = %L)',
                       target,
                       (SELECT string_agg(format('t.%I', c), ', ') FROM unnest(pk) AS c),
                       (SELECT string_agg(format('s.%I', 'v_' || c), ', ') FROM unnest(pk) AS c),
                       'update');
    ELSIF n_upd > 0 THEN
        -- The changed rows reach the UPDATE as one value: Citus cannot join
        -- a reference table to a temporary table in an UPDATE.
        EXECUTE format('SELECT jsonb_agg(to_jsonb(x)) FROM (SELECT %s FROM pg_temp.ekpi_import_stage s '
                       'WHERE s._op = %L ORDER BY s._row) AS x',
                       (SELECT string_agg(format('s.%I AS %I', 'v_' || c, c), ', ') FROM unnest(cols) AS c),
                       'update')
           INTO changed;
        EXECUTE format('UPDATE %s t SET (%s) = (%s) FROM jsonb_populate_recordset(NULL::%s, $1) AS s WHERE %s',
                       target, tcols,
                       (SELECT string_agg(format('s.%I', c), ', ') FROM unnest(cols) AS c),
                       target,
                       (SELECT string_agg(format('t.%I = s.%I', c, c), ' AND ') FROM unnest(pk) AS c))
          USING changed;
    END IF;
    EXECUTE format('INSERT INTO %s (%s) SELECT %s FROM pg_temp.ekpi_import_stage s '
                   'WHERE s._reason IS NULL AND (s._op = %L OR NOT EXISTS (SELECT 1 FROM pg_temp.ekpi_import_stored t WHERE %s)) '
                   'ORDER BY s._row',
                   target, tcols, vcols,
                   CASE WHEN target_table = 'support_spell' THEN 'update' END, pk_match);

    DROP TABLE pg_temp.ekpi_import_stored;
    DROP TABLE pg_temp.ekpi_import_stage;
    RETURN QUERY SELECT n_ins, n_upd, n_rej;
END
$fn$;

COMMENT ON FUNCTION employment_kpi_internal.import_rows(text, regclass, text, text) IS
'Import engine behind the import_<table> functions: reads every row of source (a table or view with the target''s column names, any types; numbers read under number_style, dates under date_style), inserts new rows of employment_kpi.<target_table>, updates changed rows by primary key, leaves identical rows alone, records rejected rows with all their faults in import_reject and resolves earlier rejects of the keys it sees. Returns the counts of inserted, updated and rejected source rows.';
