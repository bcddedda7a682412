-- How this extension declares its C functions and the aggregates over its
-- summary types: the one template the core files call with the list of
-- what differs (core/distributions.sql, core/survival.sql, core/effect.sql);
-- and how a column takes the description of a column that means the same.
-- Internal and used only while the install or upgrade script runs; the
-- schema is never granted, so no reader can call them.

CREATE OR REPLACE FUNCTION employment_kpi_internal.declare_c_function(
    fschema text, fname text, args text, result text, symbol text, comment text, est_rows int DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    EXECUTE format('CREATE OR REPLACE FUNCTION %I.%I(%s) RETURNS %s AS %L, %L LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE%s',
                   fschema, fname, args, result, 'MODULE_PATHNAME', symbol, coalesce(' ROWS ' || est_rows, ''));
    -- (COMMENT names the function by its arguments without their defaults)
    EXECUTE format('COMMENT ON FUNCTION %I.%I(%s) IS %L',
                   fschema, fname, regexp_replace(args, ' DEFAULT [^,]+', '', 'g'), comment);
END
$$;

COMMENT ON FUNCTION employment_kpi_internal.declare_c_function(text, text, text, text, text, text, int) IS
'Internal, install time: CREATE OR REPLACE FUNCTION fschema.fname(args) RETURNS result as the C symbol of this module, IMMUTABLE STRICT PARALLEL SAFE (with ROWS est_rows when given), and its comment.';

-- Every aggregate over a summary type keeps the summary as its state, with
-- the type's finalize and combine functions and the empty summary v1:{} to
-- start from.
CREATE OR REPLACE FUNCTION employment_kpi_internal.declare_summary_aggregate(
    summary text, aname text, args text, sfunc text, comment text)
RETURNS void
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    EXECUTE format('CREATE OR REPLACE AGGREGATE employment_kpi.%I(%s) (SFUNC = employment_kpi_internal.%I, '
                   'STYPE = employment_kpi.%I, FINALFUNC = employment_kpi_internal.%I, '
                   'COMBINEFUNC = employment_kpi_internal.%I, INITCOND = %L, PARALLEL = SAFE)',
                   aname, args, sfunc, summary, summary || '_finalize', summary || '_combine', 'v1:{}');
    EXECUTE format('COMMENT ON AGGREGATE employment_kpi.%I(%s) IS %L', aname, args, comment);
END
$$;

COMMENT ON FUNCTION employment_kpi_internal.declare_summary_aggregate(text, text, text, text, text) IS
'Internal, install time: CREATE OR REPLACE AGGREGATE employment_kpi.aname(args) over the summary type employment_kpi.<summary> (survival or effect): state the summary, transition function employment_kpi_internal.sfunc, final <summary>_finalize, combine <summary>_combine, initial v1:{}, parallel safe; and its comment.';

-- The columns of a table or view described as prose, one column per line:
--   name: what it holds
-- (a line starting with white space continues the one before).  One
-- statement per relation instead of one COMMENT per column; the layers keep
-- these in their re-runnable files, so an upgrade sets every description
-- exactly as a fresh install does.
CREATE OR REPLACE FUNCTION employment_kpi_internal.comment_columns(target regclass, descriptions text)
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_line text;
    v_col text;
    v_text text;
    v_m text[];
BEGIN
    FOREACH v_line IN ARRAY regexp_split_to_array(descriptions, '\n') || ''::text LOOP
        IF v_line ~ '^\s+\S' AND v_col IS NOT NULL THEN
            v_text := v_text || ' ' || btrim(v_line);
            CONTINUE;
        END IF;
        IF v_col IS NOT NULL THEN
            IF NOT EXISTS (SELECT FROM pg_catalog.pg_attribute a
                            WHERE a.attrelid = target AND a.attname = v_col AND a.attnum > 0
                              AND NOT a.attisdropped) THEN
                RAISE EXCEPTION 'comment_columns: % has no column %', target, v_col
                      USING ERRCODE = 'undefined_column';
            END IF;
            EXECUTE pg_catalog.format('COMMENT ON COLUMN %s.%I IS %L', target, v_col, v_text);
            v_col := NULL;
        END IF;
        CONTINUE WHEN btrim(v_line) = '';
        v_m := regexp_match(v_line, '^([a-z_][a-z0-9_]*):\s+(\S.*)$');
        IF v_m IS NULL THEN
            RAISE EXCEPTION 'comment_columns: % : cannot read "%" (expected "column: description")', target, v_line
                  USING ERRCODE = 'invalid_parameter_value';
        END IF;
        v_col := v_m[1];
        v_text := btrim(v_m[2]);
    END LOOP;
END
$$;

COMMENT ON FUNCTION employment_kpi_internal.comment_columns(regclass, text) IS
'Internal, install and upgrade time: describes the columns of target from prose, one "column: description" per line (a line starting with white space continues the one before); raises 42703 for a column target does not have, 22023 for a line it cannot read.';

-- A column that means what a column of the same name means in an earlier
-- table or view (a kpi_* view and the summary table it reads, two summary
-- tables with the same key) is described there once; the later relation
-- takes that description.
CREATE OR REPLACE FUNCTION employment_kpi_internal.comment_like(source regclass, target regclass,
                                                                VARIADIC columns name[])
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_col name;
    v_text text;
BEGIN
    FOREACH v_col IN ARRAY columns LOOP
        SELECT pg_catalog.col_description(a.attrelid, a.attnum) INTO v_text
          FROM pg_catalog.pg_attribute a
         WHERE a.attrelid = source AND a.attname = v_col AND NOT a.attisdropped;
        IF v_text IS NULL THEN
            RAISE EXCEPTION 'comment_like: %.% has no description', source, v_col
                  USING ERRCODE = 'undefined_object';
        END IF;
        EXECUTE pg_catalog.format('COMMENT ON COLUMN %s.%I IS %L', target, v_col, v_text);
    END LOOP;
END
$$;

COMMENT ON FUNCTION employment_kpi_internal.comment_like(regclass, regclass, name[]) IS
'Internal, install time: gives the columns of target the descriptions of the columns of the same names in source, which mean the same; raises 42704 when source does not describe one of them.';

-- pg_dump dumps the rows of an extension's table only when it is registered
-- (pg_extension_config_dump); the storage files register theirs in one call
-- per filter.  One registration per statement: two in one statement would
-- update the extension's catalog row twice in one command.
CREATE OR REPLACE FUNCTION employment_kpi_internal.dump_with_extension(filter text, VARIADIC relations regclass[])
RETURNS void
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    r regclass;
BEGIN
    FOREACH r IN ARRAY relations LOOP
        PERFORM pg_catalog.pg_extension_config_dump(r, filter);
    END LOOP;
END
$$;

COMMENT ON FUNCTION employment_kpi_internal.dump_with_extension(text, regclass[]) IS
'Internal, install time: registers each of relations with pg_extension_config_dump(relation, filter), so pg_dump dumps their rows (those matching filter, e.g. WHERE NOT seeded; '''' = all).';
