-------------------------------------------------------------------------------
-- src/sql/90_bi.sql
--
-- The BI layer (issue 7): relations any BI tool can read, refreshed weekly.
--
--   * two tiers: mv_* relations hold the data (summary tables the extension
--     maintains itself where incremental refresh pays, PostgreSQL
--     materialized views where a full refresh is cheap), each with a unique
--     index on NOT NULL columns; security-barrier kpi_* views over them are
--     what readers are granted (grant_bi_views()), with a comment on every
--     column and only plain types;
--   * change tracking: statement-level triggers with transition tables on
--     the fact tables record, per citizen, the earliest date a change can
--     affect (bi_change); refresh() hands those to every registered relation
--     (bi_pending) and each relation recomputes only what they touch;
--   * refresh(concurrently, full): every relation of the registry bi_relation
--     in position order, each in its own subtransaction, logged to
--     refresh_log; an advisory lock keeps two refreshes from running at once;
--   * schedule_refresh(cron): the weekly refresh through pg_cron.
--
-- Later parts register their own relations in bi_relation (position order =
-- dependency order).  A refresh function has the signature
--   (full boolean, concurrently boolean, last_day date) RETURNS text
-- and returns the mode it used ('full', 'incremental', 'unchanged').
-------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION employment_kpi_internal.bi_pending_from(mv_name text, sources text[], old_last_day date, last_day date)
RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT CASE WHEN old_last_day IS NULL OR last_day IS NULL THEN '-infinity'::date
                ELSE LEAST((SELECT pg_catalog.min(p.changed_from) FROM employment_kpi_internal.bi_pending p
                             WHERE p.mv_name = bi_pending_from.mv_name AND p.source = ANY (sources)),
                           CASE WHEN old_last_day <> last_day THEN LEAST(old_last_day, last_day) END)
           END
$$;

COMMENT ON FUNCTION employment_kpi_internal.bi_pending_from(text, text[], date, date) IS
'For refresh functions: the earliest date the summary table mv_name must recompute from, given the sources it reads: the earliest pending change of those sources, and the earlier of the old and new last day when the last day moved. NULL = nothing to do; -infinity = everything (never refreshed, no facts, or a change of everything).';

-- The common frame of a summary table's refresh function, kept per week or
-- per month (unit) in the date column key_column:
--   v_from := bi_refresh_begin(...);   -- NULL: nothing to do ('unchanged')
--   ... INSERT the rows from v_from on (-infinity = all) ...
--   RETURN bi_refresh_end(...);
CREATE OR REPLACE FUNCTION employment_kpi_internal.bi_refresh_begin(mv_name text, key_column text, unit text, sources text[],
                                                full_rebuild boolean, concurrent boolean, last_day date)
RETURNS date
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_old   date;
    v_from  date;
BEGIN
    IF unit NOT IN ('week', 'month') THEN
        RAISE EXCEPTION 'unit must be week or month, got %', unit USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT r.last_day INTO v_old FROM employment_kpi_internal.bi_relation r WHERE r.mv_name = bi_refresh_begin.mv_name;
    v_from := CASE WHEN full_rebuild THEN '-infinity'::date
                   ELSE employment_kpi_internal.bi_pending_from(mv_name, sources, v_old, last_day) END;
    IF v_from IS NULL THEN
        DELETE FROM employment_kpi_internal.bi_pending p WHERE p.mv_name = bi_refresh_begin.mv_name;
        RETURN NULL;
    END IF;
    IF v_from <> '-infinity' THEN
        v_from := pg_catalog.date_trunc(unit, v_from::timestamp)::date;
    END IF;
    IF v_from = '-infinity' AND NOT concurrent THEN
        EXECUTE pg_catalog.format('TRUNCATE employment_kpi_internal.%I', mv_name);
    ELSE
        EXECUTE pg_catalog.format('DELETE FROM employment_kpi_internal.%I m WHERE m.%I >= $1', mv_name, key_column)
          USING v_from;
    END IF;
    RETURN v_from;
END
$$;

COMMENT ON FUNCTION employment_kpi_internal.bi_refresh_begin(text, text, text, text[], boolean, boolean, date) IS
'Internal, for refresh functions of summary tables kept per week or month (unit) in key_column: the first week/month to recompute (the week or month of bi_pending_from over sources; -infinity = everything, also when full_rebuild), with the rows from it on already removed (TRUNCATE when everything and not concurrently, else DELETE, so readers keep the old rows until commit). NULL = nothing changed (the pending rows are consumed; the caller returns ''unchanged'').';

CREATE OR REPLACE FUNCTION employment_kpi_internal.bi_refresh_end(mv_name text, unit text, v_from date, last_day date)
RETURNS text
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    DELETE FROM employment_kpi_internal.bi_pending p WHERE p.mv_name = bi_refresh_end.mv_name;
    UPDATE employment_kpi_internal.bi_relation r SET last_day = bi_refresh_end.last_day
     WHERE r.mv_name = bi_refresh_end.mv_name;
    RETURN CASE WHEN v_from = '-infinity' THEN 'full'
                WHEN unit = 'week' THEN 'incremental from ' || employment_kpi.week_label(v_from)
                ELSE 'incremental from ' || employment_kpi.month_label(v_from) END;
END
$$;

COMMENT ON FUNCTION employment_kpi_internal.bi_refresh_end(text, text, date, date) IS
'Internal, for refresh functions: consumes the pending changes of mv_name, records last_day as its last refresh and returns the mode (full, or incremental from the week/month v_from).';

-------------------------------------------------------------------------------
-- refresh()
-------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION employment_kpi.refresh(concurrently boolean DEFAULT true, full boolean DEFAULT false)
RETURNS TABLE (view_name text, mode text, rows bigint, started_at timestamptz, finished_at timestamptz,
               ok boolean, error text)
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_rel      record;
    v_last     date;
    v_failed   text[] := '{}';
    v_state    text;
    v_msg      text;
    v_conc     boolean := $1;
    v_full     boolean := $2;
BEGIN
    IF v_conc IS NULL OR v_full IS NULL THEN
        RAISE EXCEPTION 'refresh: concurrently and full must not be NULL'
              USING ERRCODE = 'null_value_not_allowed';
    END IF;
    -- Key (hashtext('employment_kpi'), 7) is this extension's refresh lock.
    IF NOT pg_catalog.pg_try_advisory_xact_lock(pg_catalog.hashtext('employment_kpi'), 7) THEN
        RAISE EXCEPTION 'another employment_kpi.refresh() is running'
              USING ERRCODE = 'lock_not_available',
                    DETAIL = 'Only one refresh runs at a time; the running one refreshes every relation.',
                    HINT = 'Wait for it to finish (pg_stat_activity shows it) and call refresh() again if the facts changed since it started.';
    END IF;

    v_last := employment_kpi.data_end();

    -- Hand the recorded changes to every summary table (consumed atomically:
    -- changes committed later stay for the next refresh).
    WITH c AS (DELETE FROM employment_kpi_internal.bi_change RETURNING bi_change.source, bi_change.citizen_id, bi_change.changed_from)
    INSERT INTO employment_kpi_internal.bi_pending (mv_name, source, citizen_id, changed_from)
    SELECT r.mv_name, c.source, c.citizen_id, pg_catalog.min(c.changed_from)
      FROM c CROSS JOIN employment_kpi_internal.bi_relation r
     WHERE r.refresh_function IS NOT NULL
     GROUP BY r.mv_name, c.source, c.citizen_id;

    FOR v_rel IN SELECT r.* FROM employment_kpi_internal.bi_relation r ORDER BY r.position LOOP
        view_name := v_rel.mv_name;
        started_at := pg_catalog.clock_timestamp();
        rows := NULL;
        error := NULL;
        IF v_rel.depends_on OPERATOR(pg_catalog.&&) v_failed THEN
            mode := 'skipped';
            ok := false;
            error := 'skipped: ' || pg_catalog.array_to_string(v_rel.depends_on, ', ') || ' failed';
        ELSE
            BEGIN
                IF v_rel.refresh_function IS NULL THEN
                    IF v_conc AND (SELECT c.relispopulated FROM pg_catalog.pg_class c
                                          WHERE c.oid = pg_catalog.format('employment_kpi_internal.%I', v_rel.mv_name)::regclass) THEN
                        EXECUTE pg_catalog.format('REFRESH MATERIALIZED VIEW CONCURRENTLY employment_kpi_internal.%I', v_rel.mv_name);
                        mode := 'full concurrently';
                    ELSE
                        EXECUTE pg_catalog.format('REFRESH MATERIALIZED VIEW employment_kpi_internal.%I', v_rel.mv_name);
                        mode := 'full blocking';
                    END IF;
                    UPDATE employment_kpi_internal.bi_relation r SET last_day = v_last WHERE r.mv_name = v_rel.mv_name;
                ELSE
                    EXECUTE pg_catalog.format('SELECT %s($1, $2, $3)', v_rel.refresh_function::oid::regproc)
                       INTO mode USING v_full, v_conc, v_last;
                END IF;
                EXECUTE pg_catalog.format('SELECT pg_catalog.count(*) FROM employment_kpi_internal.%I', v_rel.mv_name) INTO rows;
                ok := true;
            EXCEPTION WHEN OTHERS THEN
                GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_msg = MESSAGE_TEXT;
                mode := CASE WHEN v_full THEN 'full' ELSE 'incremental' END;
                ok := false;
                rows := NULL;
                error := v_state || ': ' || v_msg;
                v_failed := v_failed || v_rel.mv_name;
            END;
        END IF;
        IF NOT ok AND error LIKE 'skipped:%' THEN
            v_failed := v_failed || v_rel.mv_name;
        END IF;
        finished_at := pg_catalog.clock_timestamp();
        INSERT INTO employment_kpi.refresh_log (view_name, started_at, finished_at, rows, mode, ok, error)
        VALUES (view_name, started_at, finished_at, rows, mode, ok, error);
        RETURN NEXT;
    END LOOP;
END
$fn$;

COMMENT ON FUNCTION employment_kpi.refresh(boolean, boolean) IS
'Refreshes every BI relation registered in bi_relation, in position (dependency) order, and returns and logs (refresh_log) one row per relation. full = false (default) applies only the changes recorded since the last refresh (summary tables recompute the affected citizens and weeks); full = true rebuilds everything; both give identical contents. concurrently = true (default) never blocks readers (DELETE + INSERT, REFRESH MATERIALIZED VIEW CONCURRENTLY); false rebuilds with TRUNCATE / plain REFRESH (faster, but readers wait). Each relation runs in its own subtransaction: a failure is logged (ok = false, error) and leaves that relation as it was, with its changes pending; relations depending on it are skipped. Only one refresh runs at a time: a second concurrent call fails at once with SQLSTATE 55P03 (lock_not_available) instead of waiting.';

REVOKE EXECUTE ON FUNCTION employment_kpi.refresh(boolean, boolean) FROM PUBLIC;

-------------------------------------------------------------------------------
-- Scheduling through pg_cron
-------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION employment_kpi.schedule_refresh(cron text DEFAULT '0 5 * * 1')
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_job bigint;
BEGIN
    IF cron IS NULL OR pg_catalog.btrim(cron) = '' THEN
        RAISE EXCEPTION 'schedule_refresh: cron must be a cron schedule such as ''0 5 * * 1'''
              USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_extension e WHERE e.extname = 'pg_cron') THEN
        RAISE EXCEPTION 'schedule_refresh needs the pg_cron extension, which is not installed in this database'
              USING ERRCODE = 'object_not_in_prerequisite_state',
                    HINT = pg_catalog.format('Install pg_cron (Debian: apt-get install postgresql-%s-cron), set shared_preload_libraries = ''pg_cron'' and cron.database_name = %L in postgresql.conf, restart PostgreSQL, run CREATE EXTENSION pg_cron in database %I, then call schedule_refresh() again. Without pg_cron, run SELECT * FROM employment_kpi.refresh() from any scheduler.',
                                             pg_catalog.current_setting('server_version_num')::int / 10000,
                                             pg_catalog.current_database(), pg_catalog.current_database());
    END IF;
    -- schedule_in_database (pg_cron >= 1.4) runs the job in this database even
    -- when cron.database_name names another one; the job name makes it an upsert.
    EXECUTE 'SELECT cron.schedule_in_database($1, $2, $3, $4)'
       INTO v_job
      USING 'employment_kpi_refresh', cron,
            'SELECT pg_catalog.count(*) FROM employment_kpi.refresh()', pg_catalog.current_database();
    RETURN v_job;
END
$fn$;

COMMENT ON FUNCTION employment_kpi.schedule_refresh(text) IS
'Schedules SELECT employment_kpi.refresh() with pg_cron as job employment_kpi_refresh in the current database (default every Monday 05:00, server time; calling it again replaces the schedule) and returns the pg_cron job id. Raises SQLSTATE 55000 with installation instructions when pg_cron is not installed. Results of each run: employment_kpi.refresh_log and cron.job_run_details.';

REVOKE EXECUTE ON FUNCTION employment_kpi.schedule_refresh(text) FROM PUBLIC;
