-- The BI layer's refresh: one protocol for every relation.
--
-- Two tiers: summary tables employment_kpi_internal.mv_* hold the data (each
-- with a unique index on NOT NULL columns), and security-barrier
-- employment_kpi.kpi_* views over them are what readers are granted
-- (grant_bi_views()), with a comment on every column and only plain types.
--
-- The protocol.  Statement triggers on the fact and setting tables record,
-- per citizen, the earliest date a change can affect (bi_change,
-- tracking.sql).  refresh() hands those changes to every relation of the
-- registry bi_relation (registry.sql) as bi_pending and, in position order,
-- for each:
--   1. from_date := the earliest pending change of the sources it reads (its
--      registry row lists them), or the earlier of its last refresh's data
--      end and today's when the data's end moved (bi_pending_from);
--      -infinity = everything (full, a first refresh, a change of
--      everything); NULL = nothing changed, and the relation is left alone;
--   2. its refresh function (mv_name, from_date, concurrently, last_day)
--      recomputes what from_date and the pending rows reach and returns the
--      mode it used;
--   3. its pending changes are consumed and last_day recorded.
-- Each relation runs in its own subtransaction, so one that fails keeps its
-- old rows and its pending changes.

CREATE OR REPLACE FUNCTION employment_kpi_internal.bi_pending_from(mv_name text, sources text[], old_last_day date, last_day date)
RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN old_last_day IS NULL OR last_day IS NULL THEN '-infinity'::date
                ELSE LEAST((SELECT pg_catalog.min(p.changed_from) FROM employment_kpi_internal.bi_pending p
                             WHERE p.mv_name = bi_pending_from.mv_name AND p.source = ANY (sources)),
                           CASE WHEN old_last_day <> last_day THEN LEAST(old_last_day, last_day) END)
           END
$$;

COMMENT ON FUNCTION employment_kpi_internal.bi_pending_from(text, text[], date, date) IS
'Internal: the earliest date the relation mv_name must recompute from, given the sources it reads: the earliest pending change of those sources, and the earlier of the old and new last day when the last day moved. NULL = nothing to do; -infinity = everything (never refreshed, no facts, or a change of everything).';

CREATE OR REPLACE FUNCTION employment_kpi_internal.bi_pending_citizens(mv_name text, sources text[])
RETURNS text[]
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT pg_catalog.array_agg(DISTINCT p.citizen_id)
      FROM employment_kpi_internal.bi_pending p
     WHERE p.mv_name = bi_pending_citizens.mv_name AND p.source = ANY (sources) AND p.citizen_id IS NOT NULL
$$;

COMMENT ON FUNCTION employment_kpi_internal.bi_pending_citizens(text, text[]) IS
'Internal, for refresh functions that recompute per citizen: the citizens with pending changes of the sources; NULL when none.';

-- For the relations kept per week or month (unit) in a date column: the
-- rows from the week or month of from_date on are removed (TRUNCATE when
-- everything and not concurrently, else DELETE, so readers keep the old
-- rows until commit); returns that week or month (-infinity = all).
CREATE OR REPLACE FUNCTION employment_kpi_internal.bi_clear_from(mv_name text, key_column text, unit text,
                                                                 from_date date, concurrent boolean)
RETURNS date
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_from date := from_date;
BEGIN
    IF unit NOT IN ('week', 'month') THEN
        RAISE EXCEPTION 'unit must be week or month, got %', unit USING ERRCODE = 'invalid_parameter_value';
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

COMMENT ON FUNCTION employment_kpi_internal.bi_clear_from(text, text, text, date, boolean) IS
'Internal, for refresh functions of relations kept per week or month (unit) in key_column: removes the rows from the week or month of from_date on (TRUNCATE when everything and not concurrently, else DELETE, so readers keep the old rows until commit) and returns that week or month (-infinity = everything).';

-- The mode a refresh function reports for a week or month it recomputed from.
CREATE OR REPLACE FUNCTION employment_kpi_internal.bi_mode(unit text, from_date date)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN from_date = '-infinity' THEN 'full'
                WHEN unit = 'week' THEN 'incremental from ' || employment_kpi.week_label(from_date)
                ELSE 'incremental from ' || employment_kpi.month_label(from_date) END
$$;

COMMENT ON FUNCTION employment_kpi_internal.bi_mode(text, date) IS
'Internal: the mode of a refresh that recomputed from the week or month from_date: full (-infinity) or incremental from 2026-W48 / 2026-11.';

-- Every refresh function has the protocol's signature and runs as PL/pgSQL
-- with a pinned search_path: declared here once, each relation's file
-- giving only its name, body and comment.
CREATE OR REPLACE FUNCTION employment_kpi_internal.declare_refresh_function(fname text, body text, comment text)
RETURNS void
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    EXECUTE format('CREATE OR REPLACE FUNCTION employment_kpi_internal.%I('
                   'mv_name text, from_date date, concurrent boolean, last_day date) RETURNS text '
                   'LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp AS %L',
                   fname, body);
    EXECUTE format('COMMENT ON FUNCTION employment_kpi_internal.%I(text, date, boolean, date) IS %L', fname, comment);
END
$$;

COMMENT ON FUNCTION employment_kpi_internal.declare_refresh_function(text, text, text) IS
'Internal, install time: CREATE OR REPLACE FUNCTION employment_kpi_internal.fname(mv_name text, from_date date, concurrent boolean, last_day date) RETURNS text, the refresh protocol''s signature (bi_relation.refresh_function), as PL/pgSQL body, VOLATILE PARALLEL UNSAFE with search_path pg_catalog, pg_temp, and its comment.';

-------------------------------------------------------------------------------
-- refresh()
-------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION employment_kpi.refresh(concurrently boolean DEFAULT true, full boolean DEFAULT false)
RETURNS TABLE (view_name text, mode text, rows bigint, started_at timestamptz, finished_at timestamptz,
               ok boolean, error text)
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp
-- JIT compilation of the refresh queries cannot be interrupted: with it a
-- full refresh on the demo's data overran statement_timeout = 1s by 2.3 to
-- 2.6 s, without it by 0.02 s (docs/reliability.md)
SET jit = off
AS $fn$
DECLARE
    v_rel      record;
    v_last     date;
    v_failed   text[] := '{}';
    v_state    text;
    v_msg      text;
    v_conc     boolean := $1;
    v_full     boolean := $2;
    v_from     date;
BEGIN
    PERFORM employment_kpi_internal.require_arg(v_conc IS NOT NULL AND v_full IS NOT NULL,
                                                'refresh: concurrently and full must not be NULL', 'null_value_not_allowed');
    -- Key (hashtext('employment_kpi'), 7) is this extension's refresh lock.
    IF NOT pg_catalog.pg_try_advisory_xact_lock(pg_catalog.hashtext('employment_kpi'), 7) THEN
        RAISE EXCEPTION 'another employment_kpi.refresh() is running'
              USING ERRCODE = 'lock_not_available',
                    DETAIL = 'Only one refresh runs at a time; the running one refreshes every relation.',
                    HINT = 'Wait for it to finish (pg_stat_activity shows it) and call refresh() again if the facts changed since it started.';
    END IF;

    v_last := employment_kpi.data_end();

    -- On a Citus cluster the citizen-level changes are recorded beside the
    -- facts' shards (bi_change_citizen; empty on one node): collect them.
    PERFORM employment_kpi_internal.citus_one_connection();
    WITH c AS (DELETE FROM employment_kpi_internal.bi_change_citizen
               RETURNING bi_change_citizen.source, bi_change_citizen.citizen_id, bi_change_citizen.changed_from)
    INSERT INTO employment_kpi_internal.bi_change (source, citizen_id, changed_from)
    SELECT c.source, c.citizen_id, c.changed_from FROM c;

    -- Hand the recorded changes to every summary table (consumed atomically:
    -- changes committed later stay for the next refresh).
    WITH c AS (DELETE FROM employment_kpi_internal.bi_change RETURNING bi_change.source, bi_change.citizen_id, bi_change.changed_from)
    INSERT INTO employment_kpi_internal.bi_pending (mv_name, source, citizen_id, changed_from)
    SELECT r.mv_name, c.source, c.citizen_id, pg_catalog.min(c.changed_from)
      FROM c CROSS JOIN employment_kpi_internal.bi_relation r
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
                v_from := CASE WHEN v_full THEN '-infinity'::date
                               ELSE employment_kpi_internal.bi_pending_from(v_rel.mv_name, v_rel.sources,
                                                                            v_rel.last_day, v_last) END;
                IF v_from IS NULL THEN
                    mode := 'unchanged';
                ELSE
                    EXECUTE pg_catalog.format('SELECT %s($1, $2, $3, $4)', v_rel.refresh_function::oid::regproc)
                       INTO mode USING v_rel.mv_name, v_from, v_conc, v_last;
                END IF;
                DELETE FROM employment_kpi_internal.bi_pending p WHERE p.mv_name = v_rel.mv_name;
                UPDATE employment_kpi_internal.bi_relation r SET last_day = v_last WHERE r.mv_name = v_rel.mv_name;
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
'Refreshes every BI relation registered in bi_relation, in position (dependency) order, and returns and logs (refresh_log) one row per relation. full = false (default) applies only the changes recorded since the last refresh (summary tables recompute the affected citizens and weeks); full = true rebuilds everything; both give identical contents. concurrently = true (default) never blocks readers (DELETE + INSERT); false rebuilds with TRUNCATE (faster, but readers wait). Each relation runs in its own subtransaction: a failure is logged (ok = false, error) and leaves that relation as it was, with its changes pending; relations depending on it are skipped. Only one refresh runs at a time: a second concurrent call fails at once with SQLSTATE 55P03 (lock_not_available) instead of waiting.';

REVOKE EXECUTE ON FUNCTION employment_kpi.refresh(boolean, boolean) FROM PUBLIC;

-------------------------------------------------------------------------------
-- Scheduling through pg_cron
-------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION employment_kpi.schedule_refresh(cron text DEFAULT '0 5 * * 1')
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp AS $fn$
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

-------------------------------------------------------------------------------
-- The state of the BI layer: kpi_refresh_status
-------------------------------------------------------------------------------

-- A restored database is recognised without a token of its own: pg_dump
-- dumps the facts and refresh_log (registered with pg_extension_config_dump)
-- but neither the summary tables nor the registry bi_relation, so the
-- restore's CREATE EXTENSION leaves every last_day NULL and the summary
-- tables empty, and the first refresh() rebuilds every relation in full
-- (bi_pending_from: old_last_day NULL = everything).  bi_relation must
-- therefore never be registered for dumping.  refresh_log, which is
-- restored, describes the source database, so the status below takes the
-- time of the last refresh from it only while last_day says the relation
-- was refreshed here.
--
-- SECURITY DEFINER: the readers ask it through kpi_refresh_status and may
-- read neither the facts (data_end()) nor the storage; it reveals dates and
-- counts only.
CREATE OR REPLACE FUNCTION employment_kpi_internal.bi_refresh_status()
RETURNS TABLE (relation text, kpi_view text, status text, refreshed_at timestamptz, data_end date,
               rows bigint, pending_changes bigint, current_data_end date, last_attempt_ok boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_rel  record;
    v_end  date := employment_kpi.data_end();
BEGIN
    FOR v_rel IN SELECT r.* FROM employment_kpi_internal.bi_relation r ORDER BY r.position LOOP
        relation := v_rel.mv_name;
        kpi_view := (SELECT c.relname::text FROM pg_catalog.pg_class c
                      WHERE c.relnamespace = 'employment_kpi'::regnamespace AND c.relkind = 'v'
                        AND c.relname = 'kpi_' || pg_catalog.substr(v_rel.mv_name, 4));
        data_end := v_rel.last_day;
        current_data_end := v_end;
        pending_changes := (SELECT pg_catalog.count(*) FROM employment_kpi_internal.bi_change c
                             WHERE c.source = ANY (v_rel.sources))
                         + (SELECT pg_catalog.count(*) FROM employment_kpi_internal.bi_change_citizen c
                             WHERE c.source = ANY (v_rel.sources))
                         + (SELECT pg_catalog.count(*) FROM employment_kpi_internal.bi_pending p
                             WHERE p.mv_name = v_rel.mv_name);
        SELECT l.ok INTO last_attempt_ok
          FROM employment_kpi.refresh_log l
         WHERE l.view_name = v_rel.mv_name
         ORDER BY l.started_at DESC LIMIT 1;
        -- The rows a relation holds are those its last successful refresh
        -- logged (refresh() logs them in the transaction that writes them):
        -- counting them here would read every summary table, a million
        -- rows in a large municipality, for a status a dashboard polls.
        -- Without a refresh here, only whether it holds rows matters.
        IF v_rel.last_day IS NULL THEN
            refreshed_at := NULL;
            EXECUTE pg_catalog.format('SELECT CASE WHEN EXISTS (SELECT FROM employment_kpi_internal.%I) THEN NULL ELSE 0 END',
                                      v_rel.mv_name) INTO rows;
        ELSE
            SELECT l.finished_at, l.rows INTO refreshed_at, rows
              FROM employment_kpi.refresh_log l
             WHERE l.view_name = v_rel.mv_name AND l.ok
             ORDER BY l.started_at DESC LIMIT 1;
        END IF;
        status := CASE WHEN v_rel.last_day IS NULL AND rows = 0 THEN 'empty'
                       WHEN v_rel.last_day IS NULL OR pending_changes > 0
                            OR v_end IS DISTINCT FROM v_rel.last_day THEN 'stale'
                       ELSE 'ok' END;
        RETURN NEXT;
    END LOOP;
END
$fn$;

COMMENT ON FUNCTION employment_kpi_internal.bi_refresh_status() IS
'Internal, behind kpi_refresh_status (SECURITY DEFINER: readers may not read the storage or the facts): per registered relation its status (empty, stale, ok), last refresh in this database, the data end it was computed for, its rows and the changes pending for it.';

REVOKE EXECUTE ON FUNCTION employment_kpi_internal.bi_refresh_status() FROM PUBLIC;

CREATE VIEW employment_kpi.kpi_refresh_status WITH (security_barrier) AS
SELECT s.relation, s.kpi_view, s.status, s.refreshed_at, s.data_end,
       employment_kpi.week_label(s.data_end) AS week_label,
       s.rows, s.pending_changes, s.current_data_end, s.last_attempt_ok
  FROM employment_kpi_internal.bi_refresh_status() s;

COMMENT ON VIEW employment_kpi.kpi_refresh_status IS
'Whether the BI views are current: one row per relation that refresh() maintains (the summary table behind each kpi_* view, and the internal inputs they are computed from), in refresh order. status ok = refreshed for the current data; stale = the facts or settings changed since (pending_changes > 0), the data''s end moved (current_data_end <> data_end), or the relation has rows not computed in this database (after an upgrade); empty = never refreshed in this database (a new install, or a database restored from pg_dump, which does not hold the summary tables). SELECT * FROM employment_kpi.refresh() makes every row ok. Granted to readers by grant_bi_views(). Aktualitet af BI-visningerne.';
COMMENT ON COLUMN employment_kpi.kpi_refresh_status.relation IS 'Summary table refreshed (mv_*), as refresh_log.view_name names it.';
COMMENT ON COLUMN employment_kpi.kpi_refresh_status.kpi_view IS 'The kpi_* view reading it; NULL for the internal inputs (support periods, person-weeks of the effects).';
COMMENT ON COLUMN employment_kpi.kpi_refresh_status.status IS 'ok, stale or empty (see the view).';
COMMENT ON COLUMN employment_kpi.kpi_refresh_status.refreshed_at IS 'End of the last successful refresh of the relation in this database (from refresh_log); NULL when empty.';
COMMENT ON COLUMN employment_kpi.kpi_refresh_status.data_end IS 'data_end() at that refresh: the last day of data the relation holds; NULL when never refreshed here.';
COMMENT ON COLUMN employment_kpi.kpi_refresh_status.week_label IS 'ISO week of data_end, e.g. 2026-W48 (the week to date the views end with).';
COMMENT ON COLUMN employment_kpi.kpi_refresh_status.rows IS 'Rows the relation holds: as its last successful refresh logged them (refresh_log.rows); 0 when empty; NULL when it holds rows not computed in this database (after an upgrade) or refresh_log no longer has the entry.';
COMMENT ON COLUMN employment_kpi.kpi_refresh_status.pending_changes IS 'Recorded changes (one per changed table, statement and citizen) of the tables it reads, not yet applied by a refresh.';
COMMENT ON COLUMN employment_kpi.kpi_refresh_status.current_data_end IS 'data_end() now; differs from data_end when new data has arrived since the refresh.';
COMMENT ON COLUMN employment_kpi.kpi_refresh_status.last_attempt_ok IS 'Whether the latest refresh_log entry of the relation succeeded; false = the last refresh failed or skipped it (refresh_log.error says why; the relation kept its previous rows). NULL when refresh_log has no entry (after a restore it holds the source database''s entries).';
