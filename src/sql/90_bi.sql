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

-------------------------------------------------------------------------------
-- Small helpers
-------------------------------------------------------------------------------

CREATE FUNCTION employment_kpi.bi_week(d date)
RETURNS date
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT pg_catalog.date_trunc('week', d::timestamp)::date $$;

COMMENT ON FUNCTION employment_kpi.bi_week(date) IS
'The Monday of the ISO week (uge) holding the date; infinite dates stay infinite.';

CREATE FUNCTION employment_kpi.bi_week_label(week date)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT pg_catalog.to_char(week, 'IYYY-"W"IW') $$;

COMMENT ON FUNCTION employment_kpi.bi_week_label(date) IS
'The ISO week label of a date for chart axes, e.g. 2026-W48 (ISO year, not calendar year, so 2024-12-30 is 2025-W01).';

CREATE FUNCTION employment_kpi.bi_month_label(month date)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT pg_catalog.to_char(month, 'YYYY-MM') $$;

COMMENT ON FUNCTION employment_kpi.bi_month_label(date) IS
'The month label of a date for chart axes, e.g. 2026-11.';

-- Small-cell suppression (diskretionering): 1..k-1 become NULL.
CREATE FUNCTION employment_kpi.bi_suppress(n bigint, k int)
RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT CASE WHEN n > 0 AND n < k THEN NULL ELSE n END $$;

COMMENT ON FUNCTION employment_kpi.bi_suppress(bigint, int) IS
'Small-cell suppression (diskretionering) of a count of persons: counts from 1 to k - 1 become NULL; 0, counts >= k and NULL pass unchanged.';

CREATE FUNCTION employment_kpi.bi_is_small(n bigint, k int)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT coalesce(n > 0 AND n < k, false) $$;

COMMENT ON FUNCTION employment_kpi.bi_is_small(bigint, int) IS
'True when a count of persons is suppressed by bi_suppress (1 <= n < k).';

-- The last day the BI relations cover: the latest fact, but never after today.
CREATE FUNCTION employment_kpi.bi_last_day()
RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT LEAST(CURRENT_DATE, employment_kpi.report_latest_fact_date()) $$;

COMMENT ON FUNCTION employment_kpi.bi_last_day() IS
'The last day the BI relations cover: the latest date in the facts (report_latest_fact_date()), but not after today. Its ISO week is the last week of the weekly relations (to date when the week is not over). NULL when there are no facts.';

-------------------------------------------------------------------------------
-- Reader roles
--
-- The group roles employment_kpi_reader and employment_kpi_analyst and the
-- teams' leader_role roles are created by grant_reader/grant_analyst/
-- grant_leader (scorecards), never by the install script, so every check
-- looks the role up in pg_roles first (a missing role is simply not held).
-------------------------------------------------------------------------------

CREATE FUNCTION employment_kpi.bi_has_role(role_name text)
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT coalesce((SELECT pg_catalog.pg_has_role(r.oid, 'MEMBER')
                       FROM pg_catalog.pg_roles r WHERE r.rolname = role_name), false)
$$;

COMMENT ON FUNCTION employment_kpi.bi_has_role(text) IS
'True when the current user is a member (directly or through other roles; superusers always) of the named role; false when the role does not exist or is NULL.';

CREATE FUNCTION employment_kpi.bi_is_analyst()
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT employment_kpi.bi_has_role('employment_kpi_analyst')
        OR pg_catalog.pg_has_role((SELECT n.nspowner FROM pg_catalog.pg_namespace n
                                    WHERE n.nspname = 'employment_kpi'), 'MEMBER')
$$;

COMMENT ON FUNCTION employment_kpi.bi_is_analyst() IS
'True when the current user holds employment_kpi_analyst (granted by grant_analyst) or owns the extension''s schema (the installing role; superusers always): sees every row of every kpi_* view, caseworker rows included.';

CREATE FUNCTION employment_kpi.bi_is_reader()
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT employment_kpi.bi_has_role('employment_kpi_reader') OR employment_kpi.bi_is_analyst()
$$;

COMMENT ON FUNCTION employment_kpi.bi_is_reader() IS
'True when the current user holds employment_kpi_reader or is an analyst (bi_is_analyst()): sees the aggregate kpi_* rows (target groups, teams, municipality, budget, effects). A team leader sees them when the leader role was granted employment_kpi_reader (grant_leader).';

-------------------------------------------------------------------------------
-- Registry, change tracking and the refresh log
-------------------------------------------------------------------------------

CREATE TABLE employment_kpi.bi_relation (
    position          int PRIMARY KEY,
    mv_name           text NOT NULL UNIQUE CHECK (mv_name ~ '^mv_[a-z0-9_]+$'),
    refresh_function  regprocedure NULL,
    depends_on        text[] NOT NULL DEFAULT '{}',
    last_day          date NULL,
    description       text NOT NULL CHECK (btrim(description) <> '')
);

COMMENT ON TABLE employment_kpi.bi_relation IS
'Registry of the BI storage relations (mv_*) that refresh() refreshes, in position order (= dependency order). A relation with refresh_function NULL is a PostgreSQL materialized view, refreshed with REFRESH MATERIALIZED VIEW (CONCURRENTLY when asked and already populated); otherwise it is a summary table maintained by refresh_function(full boolean, concurrently boolean, last_day date) RETURNS text, which returns the mode it used and consumes its rows of bi_pending.';
COMMENT ON COLUMN employment_kpi.bi_relation.position IS 'Refresh order (ascending); a relation comes after everything it reads.';
COMMENT ON COLUMN employment_kpi.bi_relation.mv_name IS 'Name of the storage relation in schema employment_kpi (mv_*).';
COMMENT ON COLUMN employment_kpi.bi_relation.refresh_function IS 'Maintenance function of a summary table, (full boolean, concurrently boolean, last_day date) RETURNS text; NULL for a materialized view.';
COMMENT ON COLUMN employment_kpi.bi_relation.depends_on IS 'mv_* relations this one reads: when one of them fails in a refresh, this one is skipped (and logged as failed) rather than built on stale input.';
COMMENT ON COLUMN employment_kpi.bi_relation.last_day IS 'bi_last_day() at this relation''s last successful refresh (maintained by the refresh function).';
COMMENT ON COLUMN employment_kpi.bi_relation.description IS 'What the relation holds.';

CREATE TABLE employment_kpi.bi_change (
    source        text NOT NULL,
    citizen_id    text NULL,
    changed_from  date NOT NULL
);

COMMENT ON TABLE employment_kpi.bi_change IS
'Changes to the facts since the last refresh(), written by statement-level triggers on the fact and setting tables: per statement and citizen the earliest date the change can affect. citizen_id NULL = a change not tied to citizens (bookings, budgets, settings); changed_from -infinity = everything (TRUNCATE, settings). refresh() moves the rows to bi_pending.';
COMMENT ON COLUMN employment_kpi.bi_change.source IS 'Table that changed.';
COMMENT ON COLUMN employment_kpi.bi_change.citizen_id IS 'Citizen whose facts changed; NULL for changes not tied to a citizen.';
COMMENT ON COLUMN employment_kpi.bi_change.changed_from IS 'Earliest date whose derived figures the change can alter (for support spells already moved back by config.exit_grace_days + 1 days, because a spell can end or join the support period before it).';

CREATE TABLE employment_kpi.bi_pending (
    mv_name       text NOT NULL,
    source        text NOT NULL,
    citizen_id    text NULL,
    changed_from  date NOT NULL
);

CREATE INDEX bi_pending_mv ON employment_kpi.bi_pending (mv_name, source);
COMMENT ON INDEX employment_kpi.bi_pending_mv IS 'Finds a summary table''s pending changes by source.';

COMMENT ON TABLE employment_kpi.bi_pending IS
'Changes not yet applied to each summary table: refresh() copies bi_change to one row set per registered summary table, and each table''s refresh function deletes its rows when it succeeds, so a relation that fails keeps its changes for the next refresh.';
COMMENT ON COLUMN employment_kpi.bi_pending.mv_name IS 'Summary table the change is pending for.';
COMMENT ON COLUMN employment_kpi.bi_pending.source IS 'Table that changed.';
COMMENT ON COLUMN employment_kpi.bi_pending.citizen_id IS 'Citizen whose facts changed; NULL for changes not tied to a citizen.';
COMMENT ON COLUMN employment_kpi.bi_pending.changed_from IS 'Earliest date the change can affect (see bi_change).';

CREATE TABLE employment_kpi.refresh_log (
    view_name    text NOT NULL,
    started_at   timestamptz NOT NULL,
    finished_at  timestamptz NOT NULL,
    rows         bigint NULL,
    mode         text NOT NULL,
    ok           boolean NOT NULL,
    error        text NULL,
    PRIMARY KEY (view_name, started_at)
);

CREATE INDEX refresh_log_started ON employment_kpi.refresh_log (started_at);
COMMENT ON INDEX employment_kpi.refresh_log_started IS 'The latest refreshes first.';

COMMENT ON TABLE employment_kpi.refresh_log IS
'One row per relation per refresh() call: when it ran, how (full or incremental), the rows it holds afterwards, and the error when it failed. Written in the refresh''s own transaction.';
COMMENT ON COLUMN employment_kpi.refresh_log.view_name IS 'Storage relation refreshed (mv_*).';
COMMENT ON COLUMN employment_kpi.refresh_log.started_at IS 'Wall-clock start of this relation''s refresh.';
COMMENT ON COLUMN employment_kpi.refresh_log.finished_at IS 'Wall-clock end of this relation''s refresh.';
COMMENT ON COLUMN employment_kpi.refresh_log.rows IS 'Rows in the relation after the refresh; NULL when it failed.';
COMMENT ON COLUMN employment_kpi.refresh_log.mode IS 'full, incremental, unchanged (nothing to do), full concurrently / full blocking (materialized views) or skipped (a relation it depends on failed).';
COMMENT ON COLUMN employment_kpi.refresh_log.ok IS 'True when the relation was refreshed; false when it failed or was skipped (its previous contents and pending changes are kept).';
COMMENT ON COLUMN employment_kpi.refresh_log.error IS 'SQLSTATE and message of the failure; NULL when ok.';

SELECT pg_catalog.pg_extension_config_dump('employment_kpi.refresh_log', '');

-------------------------------------------------------------------------------
-- Change-tracking triggers
-------------------------------------------------------------------------------

-- Facts with a date range (support_spell, intervention, case_assignment).
-- The earliest affected date of a changed row: its start date when inserted,
-- deleted, re-keyed or changed in anything but end_date / exit_reason; else
-- the earlier of the two end dates.  Spells move it back by
-- exit_grace_days + 1: a spell can end the support period before it (its end
-- and exit) or chain to it.
CREATE FUNCTION employment_kpi.bi_track_range()
RETURNS trigger
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_pad int := 0;
BEGIN
    IF TG_TABLE_NAME = 'support_spell' THEN
        v_pad := coalesce((SELECT c.exit_grace_days FROM employment_kpi.config c), 28) + 1;
    END IF;
    IF TG_OP = 'TRUNCATE' THEN
        INSERT INTO employment_kpi.bi_change VALUES (TG_TABLE_NAME, NULL, '-infinity');
    ELSIF TG_OP = 'INSERT' THEN
        INSERT INTO employment_kpi.bi_change
        SELECT TG_TABLE_NAME, n.citizen_id, pg_catalog.min(n.start_date) - v_pad
          FROM new_rows n GROUP BY n.citizen_id;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO employment_kpi.bi_change
        SELECT TG_TABLE_NAME, o.citizen_id, pg_catalog.min(o.start_date) - v_pad
          FROM old_rows o GROUP BY o.citizen_id;
    ELSIF TG_TABLE_NAME = 'intervention' THEN
        -- An offer's cost is spread over all its days (start..end), so a new
        -- end date changes the cost of every month since its start: the
        -- source intervention_span records the start of every changed offer
        -- (for relations that spread costs); intervention the usual date.
        INSERT INTO employment_kpi.bi_change
        SELECT x.source, x.citizen_id, pg_catalog.min(x.d)
          FROM (SELECT coalesce(n.citizen_id, o.citizen_id) AS citizen_id,
                       CASE WHEN o.citizen_id IS NULL THEN n.start_date
                            WHEN n.citizen_id IS NULL THEN o.start_date
                            WHEN (pg_catalog.to_jsonb(o) - 'end_date') OPERATOR(pg_catalog.<>) (pg_catalog.to_jsonb(n) - 'end_date')
                              OR (o.end_date IS NULL AND n.end_date IS NULL)
                                 THEN LEAST(o.start_date, n.start_date)
                            ELSE LEAST(coalesce(o.end_date, n.end_date), coalesce(n.end_date, o.end_date))
                       END AS d,
                       coalesce(LEAST(o.start_date, n.start_date), n.start_date, o.start_date) AS span_from
                  FROM old_rows o
                  FULL JOIN new_rows n ON n.citizen_id = o.citizen_id AND n.source_id = o.source_id
                 WHERE o.citizen_id IS NULL OR n.citizen_id IS NULL
                    OR pg_catalog.to_jsonb(o) OPERATOR(pg_catalog.<>) pg_catalog.to_jsonb(n)) c
         CROSS JOIN LATERAL (VALUES ('intervention', c.citizen_id, c.d),
                                    ('intervention_span', c.citizen_id, c.span_from)) AS x(source, citizen_id, d)
         GROUP BY x.source, x.citizen_id;
    ELSE
        INSERT INTO employment_kpi.bi_change
        SELECT TG_TABLE_NAME, x.citizen_id, pg_catalog.min(x.d) - v_pad
          FROM (SELECT coalesce(n.citizen_id, o.citizen_id) AS citizen_id,
                       CASE WHEN o.citizen_id IS NULL THEN n.start_date
                            WHEN n.citizen_id IS NULL THEN o.start_date
                            WHEN (pg_catalog.to_jsonb(o) - 'end_date' - 'exit_reason')
                                 OPERATOR(pg_catalog.<>) (pg_catalog.to_jsonb(n) - 'end_date' - 'exit_reason')
                              OR (o.end_date IS NULL AND n.end_date IS NULL)
                                 THEN LEAST(o.start_date, n.start_date)
                            ELSE LEAST(coalesce(o.end_date, n.end_date), coalesce(n.end_date, o.end_date))
                       END AS d
                  FROM old_rows o
                  FULL JOIN new_rows n ON n.citizen_id = o.citizen_id AND n.source_id = o.source_id
                 WHERE o.citizen_id IS NULL OR n.citizen_id IS NULL
                    OR pg_catalog.to_jsonb(o) OPERATOR(pg_catalog.<>) pg_catalog.to_jsonb(n)) x
         GROUP BY x.citizen_id;
    END IF;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION employment_kpi.bi_track_range() IS
'Statement trigger (with transition tables old_rows/new_rows) on support_spell, intervention and case_assignment: records in bi_change, per citizen, the earliest date the statement''s changes can affect; TRUNCATE records a change of everything. An update of offers also records source intervention_span with the offers'' start dates (an offer''s cost is spread over all its days, so a new end date changes every month since its start).';

-- Conversations: the date of the conversation.
CREATE FUNCTION employment_kpi.bi_track_conversation()
RETURNS trigger
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        INSERT INTO employment_kpi.bi_change VALUES (TG_TABLE_NAME, NULL, '-infinity');
    ELSIF TG_OP = 'INSERT' THEN
        INSERT INTO employment_kpi.bi_change
        SELECT TG_TABLE_NAME, n.citizen_id, pg_catalog.min(n.held_on) FROM new_rows n GROUP BY n.citizen_id;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO employment_kpi.bi_change
        SELECT TG_TABLE_NAME, o.citizen_id, pg_catalog.min(o.held_on) FROM old_rows o GROUP BY o.citizen_id;
    ELSE
        INSERT INTO employment_kpi.bi_change
        SELECT TG_TABLE_NAME, x.citizen_id, pg_catalog.min(x.held_on)
          FROM (SELECT n.citizen_id, n.held_on FROM new_rows n
                UNION ALL
                SELECT o.citizen_id, o.held_on FROM old_rows o) x
         GROUP BY x.citizen_id;
    END IF;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION employment_kpi.bi_track_conversation() IS
'Statement trigger on conversation: records in bi_change, per citizen, the earliest conversation date the statement touched (old and new rows).';

-- Tables not tied to citizens: bookings and budgets (by date / fiscal year)
-- and settings (everything).
CREATE FUNCTION employment_kpi.bi_track_other()
RETURNS trigger
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_LEVEL = 'ROW' AND TG_TABLE_NAME = 'config'
       AND (pg_catalog.to_jsonb(OLD) - 'suppression_k' - 'seeded')
           OPERATOR(pg_catalog.=) (pg_catalog.to_jsonb(NEW) - 'suppression_k' - 'seeded') THEN
        INSERT INTO employment_kpi.bi_change VALUES ('config_suppression_k', NULL, '-infinity');
    ELSIF TG_OP = 'TRUNCATE' OR TG_TABLE_NAME NOT IN ('expense', 'budget', 'budget_month') THEN
        INSERT INTO employment_kpi.bi_change VALUES (TG_TABLE_NAME, NULL, '-infinity');
    ELSIF TG_TABLE_NAME = 'expense' THEN
        IF TG_OP = 'INSERT' THEN
            INSERT INTO employment_kpi.bi_change
            SELECT TG_TABLE_NAME, NULL, pg_catalog.min(n.booked_on) FROM new_rows n HAVING pg_catalog.count(*) > 0;
        ELSIF TG_OP = 'DELETE' THEN
            INSERT INTO employment_kpi.bi_change
            SELECT TG_TABLE_NAME, NULL, pg_catalog.min(o.booked_on) FROM old_rows o HAVING pg_catalog.count(*) > 0;
        ELSE
            INSERT INTO employment_kpi.bi_change
            SELECT TG_TABLE_NAME, NULL, pg_catalog.min(x.d)
              FROM (SELECT n.booked_on AS d FROM new_rows n
                    UNION ALL SELECT o.booked_on FROM old_rows o) x
            HAVING pg_catalog.count(*) > 0;
        END IF;
    ELSE
        -- budget, budget_month: from 1 January of the earliest fiscal year
        IF TG_OP = 'INSERT' THEN
            INSERT INTO employment_kpi.bi_change
            SELECT TG_TABLE_NAME, NULL, pg_catalog.make_date(pg_catalog.min(n.fiscal_year), 1, 1)
              FROM new_rows n HAVING pg_catalog.count(*) > 0;
        ELSIF TG_OP = 'DELETE' THEN
            INSERT INTO employment_kpi.bi_change
            SELECT TG_TABLE_NAME, NULL, pg_catalog.make_date(pg_catalog.min(o.fiscal_year), 1, 1)
              FROM old_rows o HAVING pg_catalog.count(*) > 0;
        ELSE
            INSERT INTO employment_kpi.bi_change
            SELECT TG_TABLE_NAME, NULL, pg_catalog.make_date(pg_catalog.min(x.y), 1, 1)
              FROM (SELECT n.fiscal_year AS y FROM new_rows n
                    UNION ALL SELECT o.fiscal_year FROM old_rows o) x
            HAVING pg_catalog.count(*) > 0;
        END IF;
    END IF;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION employment_kpi.bi_track_other() IS
'Trigger on expense, budget and budget_month (records the earliest booking date or the first day of the earliest fiscal year touched) and on the settings and organisation tables config, team, caseworker, contact_rule and refund_rate (records a change of everything; on config a change of suppression_k alone is recorded as source config_suppression_k).';

-- Transition tables need one trigger per event.
CREATE FUNCTION employment_kpi.bi_install_triggers(tbl text, fn text)
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    EXECUTE pg_catalog.format('CREATE TRIGGER bi_track_ins AFTER INSERT ON employment_kpi.%I '
                              'REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION employment_kpi.%I()', tbl, fn);
    EXECUTE pg_catalog.format('CREATE TRIGGER bi_track_upd AFTER UPDATE ON employment_kpi.%I '
                              'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION employment_kpi.%I()', tbl, fn);
    EXECUTE pg_catalog.format('CREATE TRIGGER bi_track_del AFTER DELETE ON employment_kpi.%I '
                              'REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION employment_kpi.%I()', tbl, fn);
    EXECUTE pg_catalog.format('CREATE TRIGGER bi_track_trunc AFTER TRUNCATE ON employment_kpi.%I '
                              'FOR EACH STATEMENT EXECUTE FUNCTION employment_kpi.%I()', tbl, fn);
    EXECUTE pg_catalog.format('COMMENT ON TRIGGER bi_track_ins ON employment_kpi.%I IS %L', tbl,
                              'BI change tracking: records the earliest date inserted rows affect (bi_change).');
    EXECUTE pg_catalog.format('COMMENT ON TRIGGER bi_track_upd ON employment_kpi.%I IS %L', tbl,
                              'BI change tracking: records the earliest date updated rows (old and new) affect (bi_change).');
    EXECUTE pg_catalog.format('COMMENT ON TRIGGER bi_track_del ON employment_kpi.%I IS %L', tbl,
                              'BI change tracking: records the earliest date deleted rows affected (bi_change).');
    EXECUTE pg_catalog.format('COMMENT ON TRIGGER bi_track_trunc ON employment_kpi.%I IS %L', tbl,
                              'BI change tracking: a TRUNCATE means every BI relation reading the table is rebuilt.');
END
$$;

COMMENT ON FUNCTION employment_kpi.bi_install_triggers(text, text) IS
'Internal (install script): creates the four change-tracking statement triggers (insert, update, delete with transition tables; truncate) on a table of the extension.';

SELECT employment_kpi.bi_install_triggers('support_spell', 'bi_track_range');
SELECT employment_kpi.bi_install_triggers('intervention', 'bi_track_range');
SELECT employment_kpi.bi_install_triggers('case_assignment', 'bi_track_range');
SELECT employment_kpi.bi_install_triggers('conversation', 'bi_track_conversation');
SELECT employment_kpi.bi_install_triggers('expense', 'bi_track_other');
SELECT employment_kpi.bi_install_triggers('budget', 'bi_track_other');
SELECT employment_kpi.bi_install_triggers('budget_month', 'bi_track_other');

-- Settings and organisation: any change means everything (no transition tables needed).
-- config, per row: a change of suppression_k alone is recorded as source
-- config_suppression_k (kpi_group_week applies it when read and ignores it;
-- relations that store suppressed figures rebuild), any other change as config.
CREATE TRIGGER bi_track AFTER UPDATE ON employment_kpi.config
    FOR EACH ROW
    WHEN ((pg_catalog.to_jsonb(OLD) - 'seeded') OPERATOR(pg_catalog.<>) (pg_catalog.to_jsonb(NEW) - 'seeded'))
    EXECUTE FUNCTION employment_kpi.bi_track_other();
CREATE TRIGGER bi_track_ins AFTER INSERT OR DELETE OR TRUNCATE ON employment_kpi.config
    FOR EACH STATEMENT EXECUTE FUNCTION employment_kpi.bi_track_other();
CREATE TRIGGER bi_track AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON employment_kpi.team
    FOR EACH STATEMENT EXECUTE FUNCTION employment_kpi.bi_track_other();
CREATE TRIGGER bi_track AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON employment_kpi.caseworker
    FOR EACH STATEMENT EXECUTE FUNCTION employment_kpi.bi_track_other();
CREATE TRIGGER bi_track AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON employment_kpi.contact_rule
    FOR EACH STATEMENT EXECUTE FUNCTION employment_kpi.bi_track_other();
CREATE TRIGGER bi_track AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON employment_kpi.refund_rate
    FOR EACH STATEMENT EXECUTE FUNCTION employment_kpi.bi_track_other();
-- the catalogues: output_ratios has a row per group and offer type
CREATE TRIGGER bi_track AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON employment_kpi.citizen_group
    FOR EACH STATEMENT EXECUTE FUNCTION employment_kpi.bi_track_other();
CREATE TRIGGER bi_track AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON employment_kpi.intervention_type
    FOR EACH STATEMENT EXECUTE FUNCTION employment_kpi.bi_track_other();
COMMENT ON TRIGGER bi_track ON employment_kpi.config IS 'BI change tracking: a changed setting means the BI relations using it are rebuilt (suppression_k alone: source config_suppression_k).';
COMMENT ON TRIGGER bi_track_ins ON employment_kpi.config IS 'BI change tracking: an inserted, deleted or truncated settings row means a rebuild.';
COMMENT ON TRIGGER bi_track ON employment_kpi.team IS 'BI change tracking: changed teams mean the BI relations using them are rebuilt.';
COMMENT ON TRIGGER bi_track ON employment_kpi.citizen_group IS 'BI change tracking: a new or changed target group means the BI relations with a row per group are rebuilt.';
COMMENT ON TRIGGER bi_track ON employment_kpi.intervention_type IS 'BI change tracking: a new or changed offer type means the BI relations with a row per type are rebuilt.';
COMMENT ON TRIGGER bi_track ON employment_kpi.caseworker IS 'BI change tracking: changed caseworkers mean the BI relations using them are rebuilt.';
COMMENT ON TRIGGER bi_track ON employment_kpi.contact_rule IS 'BI change tracking: changed contact rules mean the BI relations using them are rebuilt.';
COMMENT ON TRIGGER bi_track ON employment_kpi.refund_rate IS 'BI change tracking: a changed refund staircase means the BI relations using it are rebuilt.';

-- The earliest date a summary table must recompute from: NULL = nothing to
-- do, -infinity = everything.  Used by the refresh functions of later parts.
CREATE FUNCTION employment_kpi.bi_pending_from(mv_name text, sources text[], old_last_day date, last_day date)
RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT CASE WHEN old_last_day IS NULL OR last_day IS NULL THEN '-infinity'::date
                ELSE LEAST((SELECT pg_catalog.min(p.changed_from) FROM employment_kpi.bi_pending p
                             WHERE p.mv_name = bi_pending_from.mv_name AND p.source = ANY (sources)),
                           CASE WHEN old_last_day <> last_day THEN LEAST(old_last_day, last_day) END)
           END
$$;

COMMENT ON FUNCTION employment_kpi.bi_pending_from(text, text[], date, date) IS
'For refresh functions: the earliest date the summary table mv_name must recompute from, given the sources it reads: the earliest pending change of those sources, and the earlier of the old and new last day when the last day moved. NULL = nothing to do; -infinity = everything (never refreshed, no facts, or a change of everything).';

-- The common frame of a summary table's refresh function, kept per week or
-- per month (unit) in the date column key_column:
--   v_from := bi_refresh_begin(...);   -- NULL: nothing to do ('unchanged')
--   ... INSERT the rows from v_from on (-infinity = all) ...
--   RETURN bi_refresh_end(...);
CREATE FUNCTION employment_kpi.bi_refresh_begin(mv_name text, key_column text, unit text, sources text[],
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
    SELECT r.last_day INTO v_old FROM employment_kpi.bi_relation r WHERE r.mv_name = bi_refresh_begin.mv_name;
    v_from := CASE WHEN full_rebuild THEN '-infinity'::date
                   ELSE employment_kpi.bi_pending_from(mv_name, sources, v_old, last_day) END;
    IF v_from IS NULL THEN
        DELETE FROM employment_kpi.bi_pending p WHERE p.mv_name = bi_refresh_begin.mv_name;
        RETURN NULL;
    END IF;
    IF v_from <> '-infinity' THEN
        v_from := pg_catalog.date_trunc(unit, v_from::timestamp)::date;
    END IF;
    IF v_from = '-infinity' AND NOT concurrent THEN
        EXECUTE pg_catalog.format('TRUNCATE employment_kpi.%I', mv_name);
    ELSE
        EXECUTE pg_catalog.format('DELETE FROM employment_kpi.%I m WHERE m.%I >= $1', mv_name, key_column)
          USING v_from;
    END IF;
    RETURN v_from;
END
$$;

COMMENT ON FUNCTION employment_kpi.bi_refresh_begin(text, text, text, text[], boolean, boolean, date) IS
'Internal, for refresh functions of summary tables kept per week or month (unit) in key_column: the first week/month to recompute (the week or month of bi_pending_from over sources; -infinity = everything, also when full_rebuild), with the rows from it on already removed (TRUNCATE when everything and not concurrently, else DELETE, so readers keep the old rows until commit). NULL = nothing changed (the pending rows are consumed; the caller returns ''unchanged'').';

CREATE FUNCTION employment_kpi.bi_refresh_end(mv_name text, unit text, v_from date, last_day date)
RETURNS text
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    DELETE FROM employment_kpi.bi_pending p WHERE p.mv_name = bi_refresh_end.mv_name;
    UPDATE employment_kpi.bi_relation r SET last_day = bi_refresh_end.last_day
     WHERE r.mv_name = bi_refresh_end.mv_name;
    RETURN CASE WHEN v_from = '-infinity' THEN 'full'
                WHEN unit = 'week' THEN 'incremental from ' || employment_kpi.bi_week_label(v_from)
                ELSE 'incremental from ' || employment_kpi.bi_month_label(v_from) END;
END
$$;

COMMENT ON FUNCTION employment_kpi.bi_refresh_end(text, text, date, date) IS
'Internal, for refresh functions: consumes the pending changes of mv_name, records last_day as its last refresh and returns the mode (full, or incremental from the week/month v_from).';

-------------------------------------------------------------------------------
-- mv_support_period: support periods as of bi_last_day(), kept per citizen
-------------------------------------------------------------------------------

CREATE TABLE employment_kpi.mv_support_period (
    citizen_id        text NOT NULL,
    period_no         int NOT NULL,
    start_date        date NOT NULL,
    end_date          date NULL,
    first_group_code  text NOT NULL,
    last_group_code   text NOT NULL,
    is_exit           boolean NOT NULL,
    PRIMARY KEY (citizen_id, period_no)
);

COMMENT ON TABLE employment_kpi.mv_support_period IS
'BI storage (summary table, maintained by refresh()): support_periods(bi_last_day()) for every citizen, recomputed per citizen whose spells changed. Not granted to readers.';
COMMENT ON COLUMN employment_kpi.mv_support_period.citizen_id IS 'Pseudonymous citizen id.';
COMMENT ON COLUMN employment_kpi.mv_support_period.period_no IS 'Number of the support period within the citizen (1 = first).';
COMMENT ON COLUMN employment_kpi.mv_support_period.start_date IS 'First day of the support period.';
COMMENT ON COLUMN employment_kpi.mv_support_period.end_date IS 'Last day of the support period as known at the refresh''s last day; NULL = ongoing.';
COMMENT ON COLUMN employment_kpi.mv_support_period.first_group_code IS 'Target group (målgruppe) of the period''s first spell.';
COMMENT ON COLUMN employment_kpi.mv_support_period.last_group_code IS 'Target group (målgruppe) of the period''s last spell.';
COMMENT ON COLUMN employment_kpi.mv_support_period.is_exit IS 'True when the period ended with an exit from public support (afgang til selvforsørgelse).';

CREATE FUNCTION employment_kpi.bi_refresh_support_period(full_rebuild boolean, concurrent boolean, last_day date)
RETURNS text
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
-- The row estimates of generate_series laterals are far too high, and JIT
-- compilation would cost more than the incremental query itself.
SET jit = off
AS $$
DECLARE
    v_old       date;
    v_low       date;
    v_citizens  text[];
    v_mode      text;
BEGIN
    SELECT r.last_day INTO v_old FROM employment_kpi.bi_relation r WHERE r.mv_name = 'mv_support_period';
    IF full_rebuild OR v_old IS NULL OR last_day IS NULL
       OR EXISTS (SELECT 1 FROM employment_kpi.bi_pending p
                   WHERE p.mv_name = 'mv_support_period' AND p.citizen_id IS NULL
                     AND p.source IN ('support_spell', 'config')) THEN
        IF concurrent THEN
            DELETE FROM employment_kpi.mv_support_period;
        ELSE
            TRUNCATE employment_kpi.mv_support_period;
        END IF;
        INSERT INTO employment_kpi.mv_support_period
        SELECT p.citizen_id, p.period_no, p.start_date, p.end_date, p.first_group_code, p.last_group_code, p.is_exit
          FROM employment_kpi.support_periods(last_day) p;
        v_mode := 'full';
    ELSE
        -- Citizens whose spells changed, and when the last day moved, those
        -- with a spell starting or ending after the earlier of the two days
        -- (their periods as known at the two days differ).
        v_low := LEAST(v_old, last_day);
        SELECT pg_catalog.array_agg(DISTINCT x.citizen_id) INTO v_citizens
          FROM (SELECT p.citizen_id FROM employment_kpi.bi_pending p
                 WHERE p.mv_name = 'mv_support_period' AND p.source = 'support_spell'
                UNION ALL
                SELECT s.citizen_id FROM employment_kpi.support_spell s
                 WHERE v_old <> last_day AND (s.start_date > v_low OR s.end_date > v_low)) x;
        IF v_citizens IS NULL THEN
            v_mode := 'unchanged';
        ELSE
            DELETE FROM employment_kpi.mv_support_period m WHERE m.citizen_id = ANY (v_citizens);
            -- = ANY on the citizen is pushed into support_periods' windows
            -- (they are partitioned by citizen): only these citizens' spells are read.
            INSERT INTO employment_kpi.mv_support_period
            SELECT p.citizen_id, p.period_no, p.start_date, p.end_date, p.first_group_code, p.last_group_code, p.is_exit
              FROM employment_kpi.support_periods(last_day) p
             WHERE p.citizen_id = ANY (v_citizens);
            v_mode := 'incremental';
        END IF;
    END IF;
    DELETE FROM employment_kpi.bi_pending p WHERE p.mv_name = 'mv_support_period';
    UPDATE employment_kpi.bi_relation r SET last_day = bi_refresh_support_period.last_day
     WHERE r.mv_name = 'mv_support_period';
    RETURN v_mode;
END
$$;

COMMENT ON FUNCTION employment_kpi.bi_refresh_support_period(boolean, boolean, date) IS
'Refresh function of mv_support_period (called by refresh()): full rebuild, or recomputation of the citizens whose spells changed (and, when the last day moved, of the citizens with spells after the earlier last day). concurrently = false rebuilds with TRUNCATE (blocks readers), true with DELETE.';

-------------------------------------------------------------------------------
-- mv_group_week: per target group (and the municipality) and ISO week
-------------------------------------------------------------------------------

CREATE TABLE employment_kpi.mv_group_week (
    group_code               text NOT NULL,
    week                     date NOT NULL,
    days_in_week             int NOT NULL,
    citizens_on_support      bigint NOT NULL,
    support_days             bigint NOT NULL,
    inflow                   bigint NOT NULL,
    exits                    bigint NOT NULL,
    in_offer                 bigint NOT NULL,
    median_weeks_on_support  double precision NULL,
    PRIMARY KEY (group_code, week)
);

COMMENT ON TABLE employment_kpi.mv_group_week IS
'BI storage (summary table, maintained by refresh()) behind kpi_group_week: unsuppressed counts per target group and ISO week; group_code '''' = the municipality (each citizen once). Incremental refresh recomputes the weeks from the earliest changed date on. Not granted to readers.';
COMMENT ON COLUMN employment_kpi.mv_group_week.group_code IS 'Target group (målgruppe); the empty string for the municipality total.';
COMMENT ON COLUMN employment_kpi.mv_group_week.week IS 'Monday of the ISO week.';
COMMENT ON COLUMN employment_kpi.mv_group_week.days_in_week IS 'Days of the week covered: 7, or fewer in the last week when it is not over (to date).';
COMMENT ON COLUMN employment_kpi.mv_group_week.citizens_on_support IS 'Citizens with a spell of the group overlapping the covered days of the week.';
COMMENT ON COLUMN employment_kpi.mv_group_week.support_days IS 'Days on support of the group within the covered days of the week, summed over citizens.';
COMMENT ON COLUMN employment_kpi.mv_group_week.inflow IS 'Support periods starting in the week, by their first group.';
COMMENT ON COLUMN employment_kpi.mv_group_week.exits IS 'Support periods ending in the week with an exit, by their last group.';
COMMENT ON COLUMN employment_kpi.mv_group_week.in_offer IS 'Citizens on support of the group in the week with an active offer overlapping the week.';
COMMENT ON COLUMN employment_kpi.mv_group_week.median_weeks_on_support IS 'Median over the citizens on support of the ISO weeks since their support period started (1 in its first week).';

-- The rows of mv_group_week for the weeks from from_week (a Monday, or
-- -infinity for all) to the week of last_day, from the facts and
-- mv_support_period.
CREATE FUNCTION employment_kpi.bi_group_week_compute(from_week date, last_day date)
RETURNS SETOF employment_kpi.mv_group_week
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    WITH sp AS (
        -- spells clipped to last_day, each with the start of its support period
        SELECT s.citizen_id, s.group_code, s.start_date AS d0,
               LEAST(coalesce(s.end_date, last_day), last_day) AS d1, p.start_date AS pstart
          FROM employment_kpi.support_spell s
          JOIN employment_kpi.mv_support_period p
            ON p.citizen_id = s.citizen_id AND p.start_date <= s.start_date
           AND (p.end_date IS NULL OR p.end_date >= s.start_date)
         WHERE s.start_date <= last_day AND (s.end_date IS NULL OR s.end_date >= from_week)
    ), cgw AS (
        -- citizen x group x week: days on support, the (latest) period start
        SELECT sp.citizen_id, sp.group_code, w.week,
               pg_catalog.sum(LEAST(sp.d1, w.week + 6) - GREATEST(sp.d0, w.week) + 1) AS days,
               pg_catalog.max(sp.pstart) AS pstart
          FROM sp
         CROSS JOIN LATERAL (
               SELECT GREATEST(employment_kpi.bi_week(sp.d0), from_week) + 7 * k AS week
                 FROM pg_catalog.generate_series(0, (employment_kpi.bi_week(sp.d1)
                                                     - GREATEST(employment_kpi.bi_week(sp.d0), from_week)) / 7) AS k) w
         GROUP BY sp.citizen_id, sp.group_code, w.week
    ), iw AS (
        -- citizen x week with an active offer
        SELECT DISTINCT i.citizen_id, w.week
          FROM employment_kpi.intervention i
         CROSS JOIN LATERAL (
               SELECT GREATEST(employment_kpi.bi_week(i.start_date), from_week) + 7 * k AS week
                 FROM pg_catalog.generate_series(0, (employment_kpi.bi_week(LEAST(coalesce(i.end_date, last_day), last_day))
                                                     - GREATEST(employment_kpi.bi_week(i.start_date), from_week)) / 7) AS k) w
         WHERE i.start_date <= last_day AND (i.end_date IS NULL OR i.end_date >= from_week)
    ), cw AS (
        SELECT c.citizen_id, c.group_code, c.week, c.days,
               (c.week - employment_kpi.bi_week(c.pstart)) / 7 + 1 AS weeks_on,
               (iw.citizen_id IS NOT NULL) AS in_offer
          FROM cgw c LEFT JOIN iw ON iw.citizen_id = c.citizen_id AND iw.week = c.week
    ), ct AS (
        -- citizen x week over all groups (the municipality counts each citizen once)
        SELECT cw.citizen_id, cw.week, pg_catalog.sum(cw.days) AS days,
               pg_catalog.min(cw.weeks_on) AS weeks_on_min,
               pg_catalog.bool_or(cw.in_offer) AS in_offer
          FROM cw GROUP BY cw.citizen_id, cw.week
    ), stock AS (
        SELECT cw.group_code, cw.week, pg_catalog.count(*) AS citizens, pg_catalog.sum(cw.days) AS days,
               pg_catalog.count(*) FILTER (WHERE cw.in_offer) AS in_offer,
               pg_catalog.percentile_cont(0.5) WITHIN GROUP (ORDER BY cw.weeks_on) AS median_weeks
          FROM cw GROUP BY cw.group_code, cw.week
        UNION ALL
        -- the latest period's duration when a citizen had two periods in one week
        SELECT '', ct.week, pg_catalog.count(*), pg_catalog.sum(ct.days),
               pg_catalog.count(*) FILTER (WHERE ct.in_offer),
               pg_catalog.percentile_cont(0.5) WITHIN GROUP (ORDER BY ct.weeks_on_min)
          FROM ct GROUP BY ct.week
    ), flow AS (
        SELECT x.group_code, x.week, pg_catalog.sum(x.inflow) AS inflow, pg_catalog.sum(x.exits) AS exits
          FROM (SELECT g.code AS group_code, employment_kpi.bi_week(p.start_date) AS week, 1 AS inflow, 0 AS exits
                  FROM employment_kpi.mv_support_period p
                 CROSS JOIN LATERAL (VALUES (p.first_group_code), ('')) g(code)
                 WHERE p.start_date >= from_week AND p.start_date <= last_day
                UNION ALL
                SELECT g.code, employment_kpi.bi_week(p.end_date), 0, 1
                  FROM employment_kpi.mv_support_period p
                 CROSS JOIN LATERAL (VALUES (p.last_group_code), ('')) g(code)
                 WHERE p.is_exit AND p.end_date >= from_week AND p.end_date <= last_day) x
         GROUP BY x.group_code, x.week
    )
    SELECT s.group_code, s.week,
           (LEAST(s.week + 6, last_day) - s.week + 1)::int,
           s.citizens, s.days::bigint,
           coalesce(f.inflow, 0)::bigint, coalesce(f.exits, 0)::bigint,
           s.in_offer, s.median_weeks
      FROM stock s
      LEFT JOIN flow f ON f.group_code = s.group_code AND f.week = s.week
$$;

COMMENT ON FUNCTION employment_kpi.bi_group_week_compute(date, date) IS
'Internal: the rows of mv_group_week for the ISO weeks from from_week (a Monday; -infinity = all) to the week of last_day, computed from support_spell, intervention and mv_support_period (which must be current). Rows exist for (group, week) cells with at least one citizen on support.';

CREATE FUNCTION employment_kpi.bi_refresh_group_week(full_rebuild boolean, concurrent boolean, last_day date)
RETURNS text
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
-- The row estimates of generate_series laterals are far too high, and JIT
-- compilation would cost more than the incremental query itself.
SET jit = off
AS $$
DECLARE
    v_from  date;
BEGIN
    v_from := employment_kpi.bi_refresh_begin('mv_group_week', 'week', 'week',
                  '{support_spell,intervention,config}', full_rebuild, concurrent, last_day);
    IF v_from IS NULL THEN
        RETURN 'unchanged';
    END IF;
    IF last_day IS NOT NULL THEN
        INSERT INTO employment_kpi.mv_group_week
        SELECT * FROM employment_kpi.bi_group_week_compute(v_from, last_day);
    END IF;
    RETURN employment_kpi.bi_refresh_end('mv_group_week', 'week', v_from, last_day);
END
$$;

COMMENT ON FUNCTION employment_kpi.bi_refresh_group_week(boolean, boolean, date) IS
'Refresh function of mv_group_week (called by refresh(), after mv_support_period): deletes and recomputes the weeks from the ISO week of the earliest pending change to spells or offers (and from the earlier last day when the last day moved); full = every week. concurrently = false rebuilds with TRUNCATE (blocks readers), true with DELETE.';

INSERT INTO employment_kpi.bi_relation (position, mv_name, refresh_function, depends_on, description) VALUES
 (10, 'mv_support_period', 'employment_kpi.bi_refresh_support_period(boolean, boolean, date)', '{}',
  'Support periods per citizen as of the last day (input of the weekly relations).'),
 (20, 'mv_group_week', 'employment_kpi.bi_refresh_group_week(boolean, boolean, date)', '{mv_support_period}',
  'Citizens on support, full-time persons, inflow, exits, offers and duration per target group and ISO week (kpi_group_week).');

-------------------------------------------------------------------------------
-- kpi_group_week: what readers see
-------------------------------------------------------------------------------

CREATE VIEW employment_kpi.kpi_group_week WITH (security_barrier) AS
SELECT m.week,
       employment_kpi.bi_week_label(m.week) AS week_label,
       pg_catalog.date_part('isoyear', m.week)::int AS iso_year,
       pg_catalog.date_part('week', m.week)::int AS iso_week,
       m.days_in_week,
       CASE WHEN m.group_code = '' THEN 'municipality' ELSE 'group' END AS scope,
       NULLIF(m.group_code, '') AS group_code,
       CASE WHEN m.group_code = '' THEN 'All target groups' ELSE coalesce(g.label, m.group_code) END AS group_label,
       CASE WHEN m.group_code = '' THEN 'Alle målgrupper' ELSE coalesce(g.label_da, m.group_code) END AS group_label_da,
       employment_kpi.bi_suppress(m.citizens_on_support, k.k) AS citizens_on_support,
       CASE WHEN employment_kpi.bi_is_small(m.citizens_on_support, k.k) THEN NULL
            ELSE m.support_days::double precision / m.days_in_week END AS fulltime_persons,
       employment_kpi.bi_suppress(m.inflow, k.k) AS inflow,
       employment_kpi.bi_suppress(m.exits, k.k) AS exits,
       employment_kpi.bi_suppress(m.in_offer, k.k) AS in_offer,
       CASE WHEN employment_kpi.bi_is_small(m.citizens_on_support, k.k)
              OR employment_kpi.bi_is_small(m.in_offer, k.k) OR m.citizens_on_support = 0 THEN NULL
            ELSE m.in_offer::double precision / m.citizens_on_support END AS activation_rate,
       CASE WHEN employment_kpi.bi_is_small(m.citizens_on_support, k.k) THEN NULL
            ELSE m.median_weeks_on_support END AS median_weeks_on_support,
       (employment_kpi.bi_is_small(m.citizens_on_support, k.k) OR employment_kpi.bi_is_small(m.inflow, k.k)
        OR employment_kpi.bi_is_small(m.exits, k.k) OR employment_kpi.bi_is_small(m.in_offer, k.k)) AS suppressed
  FROM employment_kpi.mv_group_week m
  LEFT JOIN employment_kpi.citizen_group g ON g.group_code = m.group_code
 CROSS JOIN (SELECT coalesce((SELECT c.suppression_k FROM employment_kpi.config c), 5) AS k) k
 WHERE (SELECT employment_kpi.bi_is_reader());

COMMENT ON VIEW employment_kpi.kpi_group_week IS
'Per target group (målgruppe) and ISO week, and for the whole municipality: citizens on public support, full-time persons, inflow, exits, citizens in an active offer, activation rate and median duration. From mv_group_week (refresh() keeps it current; refresh_log tells when). Small cells (1 to config.suppression_k - 1 persons) are NULL with suppressed = true; rows are visible to employment_kpi_reader and employment_kpi_analyst. Borgere på offentlig forsørgelse pr. målgruppe og uge.';
COMMENT ON COLUMN employment_kpi.kpi_group_week.week IS 'Monday of the ISO week (uge).';
COMMENT ON COLUMN employment_kpi.kpi_group_week.week_label IS 'ISO week label for chart axes, e.g. 2026-W48 (ugenummer).';
COMMENT ON COLUMN employment_kpi.kpi_group_week.iso_year IS 'ISO year of the week (the year its Thursday falls in).';
COMMENT ON COLUMN employment_kpi.kpi_group_week.iso_week IS 'ISO week number 1..53 (ugenummer).';
COMMENT ON COLUMN employment_kpi.kpi_group_week.days_in_week IS 'Days of the week covered: 7, or fewer in the last week when it is not over yet (week to date).';
COMMENT ON COLUMN employment_kpi.kpi_group_week.scope IS 'group = one target group; municipality = all groups, each citizen counted once (hele kommunen).';
COMMENT ON COLUMN employment_kpi.kpi_group_week.group_code IS 'Target group code (målgruppe); NULL on municipality rows.';
COMMENT ON COLUMN employment_kpi.kpi_group_week.group_label IS 'English name of the target group; All target groups on municipality rows.';
COMMENT ON COLUMN employment_kpi.kpi_group_week.group_label_da IS 'Danish name of the target group (målgruppe); Alle målgrupper on municipality rows.';
COMMENT ON COLUMN employment_kpi.kpi_group_week.citizens_on_support IS 'Citizens on public support (borgere på offentlig forsørgelse): with a spell of the group overlapping the week. A citizen on two groups'' benefits in one week counts in both, once in the municipality row. NULL when suppressed.';
COMMENT ON COLUMN employment_kpi.kpi_group_week.fulltime_persons IS 'Full-time persons (fuldtidspersoner): days on support in the week divided by the days of the week covered (days_in_week), the same definition as output_ratios. NULL when citizens_on_support is suppressed.';
COMMENT ON COLUMN employment_kpi.kpi_group_week.inflow IS 'Inflow (tilgang): support periods starting in the week, counted under their first target group. NULL when suppressed.';
COMMENT ON COLUMN employment_kpi.kpi_group_week.exits IS 'Exits from public support (afgange til selvforsørgelse): support periods ending in the week with an exit (not moved or deceased), counted under their last target group. NULL when suppressed.';
COMMENT ON COLUMN employment_kpi.kpi_group_week.in_offer IS 'Citizens on support in the week with an active offer (aktivt tilbud) overlapping it. NULL when suppressed.';
COMMENT ON COLUMN employment_kpi.kpi_group_week.activation_rate IS 'Activation rate (aktiveringsgrad): in_offer / citizens_on_support, 0..1. NULL when either count is suppressed.';
COMMENT ON COLUMN employment_kpi.kpi_group_week.median_weeks_on_support IS 'Median duration (varighed) of the citizens on support in the week: ISO weeks since their support period started, the start week counting as 1. NULL when citizens_on_support is suppressed.';
COMMENT ON COLUMN employment_kpi.kpi_group_week.suppressed IS 'True when at least one count of the row is suppressed (diskretioneret: 1 to config.suppression_k - 1 persons, shown as NULL).';

-------------------------------------------------------------------------------
-- refresh()
-------------------------------------------------------------------------------

CREATE FUNCTION employment_kpi.refresh(concurrently boolean DEFAULT true, full boolean DEFAULT false)
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

    v_last := employment_kpi.bi_last_day();

    -- Hand the recorded changes to every summary table (consumed atomically:
    -- changes committed later stay for the next refresh).
    WITH c AS (DELETE FROM employment_kpi.bi_change RETURNING bi_change.source, bi_change.citizen_id, bi_change.changed_from)
    INSERT INTO employment_kpi.bi_pending (mv_name, source, citizen_id, changed_from)
    SELECT r.mv_name, c.source, c.citizen_id, pg_catalog.min(c.changed_from)
      FROM c CROSS JOIN employment_kpi.bi_relation r
     WHERE r.refresh_function IS NOT NULL
     GROUP BY r.mv_name, c.source, c.citizen_id;

    FOR v_rel IN SELECT r.* FROM employment_kpi.bi_relation r ORDER BY r.position LOOP
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
                                          WHERE c.oid = pg_catalog.format('employment_kpi.%I', v_rel.mv_name)::regclass) THEN
                        EXECUTE pg_catalog.format('REFRESH MATERIALIZED VIEW CONCURRENTLY employment_kpi.%I', v_rel.mv_name);
                        mode := 'full concurrently';
                    ELSE
                        EXECUTE pg_catalog.format('REFRESH MATERIALIZED VIEW employment_kpi.%I', v_rel.mv_name);
                        mode := 'full blocking';
                    END IF;
                    UPDATE employment_kpi.bi_relation r SET last_day = v_last WHERE r.mv_name = v_rel.mv_name;
                ELSE
                    EXECUTE pg_catalog.format('SELECT %s($1, $2, $3)', v_rel.refresh_function::oid::regproc)
                       INTO mode USING v_full, v_conc, v_last;
                END IF;
                EXECUTE pg_catalog.format('SELECT pg_catalog.count(*) FROM employment_kpi.%I', v_rel.mv_name) INTO rows;
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

CREATE FUNCTION employment_kpi.schedule_refresh(cron text DEFAULT '0 5 * * 1')
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

-------------------------------------------------------------------------------
-- Granting readers
-------------------------------------------------------------------------------

CREATE FUNCTION employment_kpi.grant_bi_views()
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_role  text;
    v_view  text;
    v_n     bigint := 0;
BEGIN
    FOR v_role IN SELECT r.rolname FROM pg_catalog.pg_roles r
                   WHERE r.rolname IN ('employment_kpi_reader', 'employment_kpi_analyst') ORDER BY 1 LOOP
        EXECUTE pg_catalog.format('GRANT USAGE ON SCHEMA employment_kpi TO %I', v_role);
        FOR v_view IN SELECT c.relname FROM pg_catalog.pg_class c
                       WHERE c.relnamespace = 'employment_kpi'::regnamespace AND c.relkind = 'v'
                         AND c.relname LIKE 'kpi\_%' ORDER BY 1 LOOP
            EXECUTE pg_catalog.format('GRANT SELECT ON employment_kpi.%I TO %I', v_view, v_role);
            v_n := v_n + 1;
        END LOOP;
    END LOOP;
    RETURN v_n;
END
$fn$;

COMMENT ON FUNCTION employment_kpi.grant_bi_views() IS
'Grants USAGE on the schema and SELECT on every kpi_* view to the group roles employment_kpi_reader and employment_kpi_analyst, where they exist (grant_reader / grant_analyst / grant_leader create them), and returns the number of view grants. Readers get nothing on mv_* or the base tables: the views read those with their owner''s rights and filter rows by the reader''s role. Run it again after adding kpi_* views.';

REVOKE EXECUTE ON FUNCTION employment_kpi.grant_bi_views() FROM PUBLIC;

-------------------------------------------------------------------------------
-- The weekly report, read from the views
-------------------------------------------------------------------------------

CREATE FUNCTION employment_kpi.report_section_group_week(week date)
RETURNS SETOF text
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    WITH r AS (
        SELECT CASE WHEN v.scope = 'municipality' THEN 'Total'
                    ELSE pg_catalog.split_part(v.group_label_da, ' (', 1) END AS label,
               v.scope, v.citizens_on_support, v.fulltime_persons, v.activation_rate,
               v.median_weeks_on_support, v.days_in_week
          FROM employment_kpi.kpi_group_week v
         WHERE v.week = report_section_group_week.week
    ), w AS (SELECT GREATEST(pg_catalog.length('Target group (målgruppe)'), pg_catalog.max(pg_catalog.length(r.label))) AS w FROM r)
    SELECT line FROM (
        SELECT 0 AS ord, '' AS label,
               '  (not in the BI views yet: run SELECT * FROM employment_kpi.refresh())' AS line
         WHERE NOT EXISTS (SELECT 1 FROM r)
        UNION ALL
        SELECT 0, '', pg_catalog.format('  %-*s %10s %10s %11s %13s', w.w, 'Target group (målgruppe)',
                                        'On support', 'Full-time', 'Activation', 'Median weeks')
          FROM w WHERE EXISTS (SELECT 1 FROM r)
        UNION ALL
        SELECT CASE WHEN r.scope = 'municipality' THEN 2 ELSE 1 END, r.label,
               pg_catalog.format('  %-*s %10s %10s %11s %13s', w.w, r.label,
                                 coalesce(r.citizens_on_support::text, '<' || employment_kpi.report_k()),
                                 coalesce(pg_catalog.to_char(r.fulltime_persons, 'FM999999990.0'), '-'),
                                 coalesce(pg_catalog.to_char(100 * r.activation_rate, 'FM990.0') || ' %', '-'),
                                 coalesce(pg_catalog.to_char(r.median_weeks_on_support, 'FM99990.0'), '-'))
          FROM r, w
        UNION ALL
        SELECT 3, '', pg_catalog.format('  (week to date: %s of 7 days)', r.days_in_week)
          FROM r WHERE r.scope = 'municipality' AND r.days_in_week < 7
        UNION ALL
        SELECT 4, '', '  (the facts changed since the last refresh(); these figures do not include the changes yet)'
         WHERE EXISTS (SELECT 1 FROM r)
           AND EXISTS (SELECT 1 FROM employment_kpi.bi_change c WHERE c.source <> 'config_suppression_k')
    ) x
    ORDER BY x.ord, x.label COLLATE "C"
$$;

COMMENT ON FUNCTION employment_kpi.report_section_group_week(date) IS
'Weekly report section read from the BI view kpi_group_week: per target group the citizens on support, full-time persons, activation rate and median weeks on support (suppressed cells shown as <k or -); says so when the views are not refreshed for the week or the facts changed since the last refresh.';

INSERT INTO employment_kpi.report_section (position, title, section_function) VALUES
 (90, 'Target groups from the BI views (kpi_group_week)', 'employment_kpi.report_section_group_week(date)');
