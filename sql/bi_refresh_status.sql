-- Tests kpi_refresh_status (src/sql/bi/refresh.sql); also access/grants.sql (grant_bi_views).
-- The status of every BI relation through its life: empty before the first
-- refresh, stale per relation as the tables it reads change, when the
-- data's end moves, after a failed refresh and after an upgrade, empty again
-- in the state a restore leaves, and ok after refresh(); readers see it.
-- The real dump and restore: test/ops/restore.sh.
SET client_min_messages = warning;
SET datestyle = 'ISO, YMD';
\i test/lib/err.sql
BEGIN;

CREATE FUNCTION pg_temp.status() RETURNS TABLE (relation text, kpi_view text, status text, refreshed boolean,
                                                data_end date, week_label text, rows bigint, pending bigint,
                                                current_data_end date, last_ok boolean)
LANGUAGE sql AS $$
    SELECT relation, kpi_view, status, refreshed_at IS NOT NULL, data_end, week_label, rows, pending_changes,
           current_data_end, last_attempt_ok
      FROM employment_kpi.kpi_refresh_status $$;

-- a new install: every relation empty, nothing pending, no data end
SELECT * FROM pg_temp.status();

-- facts arrive: two spells of citizen a (one statement: 1 change per
-- citizen), one of b, an offer of b.  Every relation reading spells or
-- offers counts them; the budget relation reads neither.
INSERT INTO employment_kpi.support_spell (citizen_id, source_id, group_code, start_date, end_date, exit_reason) VALUES
 ('a', 's1', 'dagpenge', '2024-02-26', '2024-03-06', 'job'),
 ('a', 's2', 'dagpenge', '2024-03-11', NULL, NULL),
 ('b', 's1', 'sygedagpenge', '2024-03-07', NULL, NULL);
INSERT INTO employment_kpi.intervention (citizen_id, source_id, type_code, start_date, end_date) VALUES
 ('b', 'i1', 'mentor', '2024-03-08', '2024-03-20');
SELECT relation, status, rows, pending, current_data_end FROM pg_temp.status();

-- refreshed: ok everywhere, for the data's end 2024-03-11 (the last spell's start, W11), rows as stored
SELECT count(*) FILTER (WHERE NOT ok) AS failed FROM employment_kpi.refresh();
SELECT * FROM pg_temp.status();
CREATE FUNCTION pg_temp.count_of(relation text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
    EXECUTE format('SELECT count(*) FROM employment_kpi_internal.%I', relation) INTO n;
    RETURN n;
END $$;
SELECT bool_and(s.rows = pg_temp.count_of(s.relation)) AS rows_are_the_tables FROM employment_kpi.kpi_refresh_status s;

-- a conversation (on a day that leaves the data's end where it is): only
-- the relations reading conversations become stale
INSERT INTO employment_kpi.team (team_id, team_name) VALUES ('T1', 'Team 1');
INSERT INTO employment_kpi.caseworker (caseworker_id, caseworker_name, team_id) VALUES ('W1', 'W. One', 'T1');
SELECT count(*) FILTER (WHERE NOT ok) AS failed FROM employment_kpi.refresh();
INSERT INTO employment_kpi.conversation (citizen_id, source_id, caseworker_id, held_on) VALUES ('a', 'c1', 'W1', '2024-03-11');
SELECT relation, status, pending FROM pg_temp.status() WHERE status <> 'ok';
SELECT count(*) FILTER (WHERE NOT ok) AS failed FROM employment_kpi.refresh();
SELECT count(*) FILTER (WHERE status <> 'ok') AS not_ok FROM employment_kpi.kpi_refresh_status;

-- the data's end moved since a relation's refresh (as when facts dated
-- after today become current): stale with nothing pending
UPDATE employment_kpi_internal.bi_relation SET last_day = '2024-03-04' WHERE mv_name = 'mv_group_week';
SELECT relation, status, data_end, week_label, pending, current_data_end FROM pg_temp.status() WHERE status <> 'ok';
SELECT view_name, mode FROM employment_kpi.refresh() WHERE view_name = 'mv_group_week';
SELECT count(*) FILTER (WHERE status <> 'ok') AS not_ok FROM employment_kpi.kpi_refresh_status;

-- a failed refresh: stale (its changes stay pending), last_attempt_ok false,
-- refreshed_at still the last success; the relations depending on it likewise
CREATE FUNCTION pg_temp.bad_refresh(text, date, boolean, date) RETURNS text LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'broken on purpose' USING ERRCODE = 'data_exception'; END $$;
UPDATE employment_kpi_internal.bi_relation SET refresh_function = 'pg_temp.bad_refresh(text, date, boolean, date)'
 WHERE mv_name = 'mv_support_period';
UPDATE employment_kpi.support_spell SET end_date = '2024-03-15', exit_reason = 'job' WHERE citizen_id = 'b';
SELECT view_name, ok FROM employment_kpi.refresh() WHERE NOT ok;
SELECT relation, status, refreshed, pending, last_ok FROM pg_temp.status() WHERE status <> 'ok' OR NOT last_ok;
UPDATE employment_kpi_internal.bi_relation SET refresh_function = 'employment_kpi_internal.bi_refresh_support_period(text, date, boolean, date)'
 WHERE mv_name = 'mv_support_period';
SELECT count(*) FILTER (WHERE NOT ok) AS failed FROM employment_kpi.refresh();
SELECT count(*) FILTER (WHERE status <> 'ok' OR NOT last_attempt_ok) AS not_ok FROM employment_kpi.kpi_refresh_status;

-- after an upgrade that clears last_day (the next refresh recomputes all):
-- the rows are there but were not computed by this version: stale, rows unknown
-- (NULL) where the relation holds any, 0 where it holds none
UPDATE employment_kpi_internal.bi_relation SET last_day = NULL;
SELECT status, rows, count(*) FROM employment_kpi.kpi_refresh_status GROUP BY 1, 2;
SELECT count(*) FILTER (WHERE NOT ok) AS failed FROM employment_kpi.refresh();

-- what a restore leaves (test/ops/restore.sh makes it with pg_restore): no
-- summary rows, the registry as CREATE EXTENSION writes it, the source's
-- refresh_log, and the restored facts' changes pending.  Empty, whatever
-- refresh_log says; one refresh() rebuilds every relation in full.
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT mv_name FROM employment_kpi_internal.bi_relation LOOP
        EXECUTE format('TRUNCATE employment_kpi_internal.%I', r.mv_name);
    END LOOP;
END $$;
TRUNCATE employment_kpi_internal.bi_effect_comparison;
UPDATE employment_kpi_internal.bi_relation SET last_day = NULL;
UPDATE employment_kpi.support_spell SET weekly_benefit_dkk = 4000;
SELECT relation, status, refreshed, data_end, rows, pending > 0 AS pending, last_ok FROM pg_temp.status();
SELECT view_name, mode, ok FROM employment_kpi.refresh();
SELECT status, count(*) FROM employment_kpi.kpi_refresh_status GROUP BY 1;

-- readers: through grant_reader (grant_bi_views) they read the view, but
-- not the function behind it, nor the schema it lives in; without the grant
-- the view is closed; PUBLIC may not execute the function
CREATE ROLE ekpi_status_reader;
CREATE ROLE ekpi_status_nobody;
SELECT employment_kpi.grant_reader('ekpi_status_reader');
SET ROLE ekpi_status_reader;
SELECT status, count(*) FROM employment_kpi.kpi_refresh_status GROUP BY 1;
SELECT pg_temp.err('SELECT * FROM employment_kpi_internal.bi_refresh_status()');
RESET ROLE;
SET ROLE ekpi_status_nobody;
SELECT pg_temp.err('SELECT * FROM employment_kpi.kpi_refresh_status');
RESET ROLE;
SELECT has_function_privilege('public', 'employment_kpi_internal.bi_refresh_status()', 'EXECUTE') AS public_may_execute;
ROLLBACK;
