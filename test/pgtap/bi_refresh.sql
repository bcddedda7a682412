-- Tests src/sql/bi/refresh.sql; also bi/storage.sql and access/grants.sql (reader access).
-- pgTAP: the BI layer's contract: plain types and comments on every kpi_*
-- column, security-barrier views, unique indexes on NOT NULL columns of every
-- mv_*, reader access (views yes, storage and base tables no, no grant = an
-- error), the refresh lock against a second session, schedule_refresh errors.
BEGIN;
SELECT plan(30);

SELECT has_function('employment_kpi', 'refresh', ARRAY['boolean', 'boolean']);
SELECT has_function('employment_kpi', 'schedule_refresh', ARRAY['text']);
SELECT has_table('employment_kpi', 'refresh_log', 'refresh_log exists');
SELECT columns_are('employment_kpi', 'refresh_log',
                   ARRAY['view_name', 'started_at', 'finished_at', 'rows', 'mode', 'ok', 'error']);
SELECT volatility_is('employment_kpi', 'refresh', ARRAY['boolean', 'boolean'], 'volatile');

-- every kpi_* relation is a view with a comment, security_barrier, and only plain types
SELECT is((SELECT count(*) FROM pg_class c WHERE c.relnamespace = 'employment_kpi'::regnamespace
            AND c.relname LIKE 'kpi\_%' AND c.relkind <> 'v'), 0::bigint, 'every kpi_* relation is a plain view');
SELECT ok((SELECT count(*) FROM pg_class c WHERE c.relnamespace = 'employment_kpi'::regnamespace
            AND c.relname LIKE 'kpi\_%') >= 1, 'there are kpi_* views');
SELECT is((SELECT array_agg(c.relname::text ORDER BY c.relname) FROM pg_class c
            WHERE c.relnamespace = 'employment_kpi'::regnamespace AND c.relname LIKE 'kpi\_%'
              AND NOT coalesce('security_barrier=true' = ANY (c.reloptions), false)),
          NULL, 'every kpi_* view is a security barrier');
SELECT is((SELECT array_agg(c.relname::text) FROM pg_class c
            WHERE c.relnamespace = 'employment_kpi'::regnamespace AND c.relname LIKE 'kpi\_%'
              AND coalesce(obj_description(c.oid, 'pg_class'), '') = ''),
          NULL, 'every kpi_* view has a comment');
SELECT is((SELECT array_agg(c.relname || '.' || a.attname) FROM pg_class c
             JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE c.relnamespace = 'employment_kpi'::regnamespace AND c.relname LIKE 'kpi\_%'
              AND coalesce(col_description(c.oid, a.attnum), '') = ''),
          NULL, 'every kpi_* column has a comment');
SELECT is((SELECT array_agg(c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)) FROM pg_class c
             JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE c.relnamespace = 'employment_kpi'::regnamespace AND c.relname LIKE 'kpi\_%'
              AND a.atttypid NOT IN ('text'::regtype, 'integer'::regtype, 'bigint'::regtype, 'numeric'::regtype,
                                     'double precision'::regtype, 'date'::regtype, 'timestamptz'::regtype,
                                     'boolean'::regtype)),
          NULL, 'kpi_* columns use only text, integer, bigint, numeric, double precision, date, timestamptz, boolean');
SELECT is((SELECT array_agg(c.relname::text) FROM pg_class c
            WHERE c.relnamespace = 'employment_kpi'::regnamespace AND c.relname LIKE 'kpi\_%'
              AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid
                                AND a.attname IN ('week_label', 'month_label'))),
          NULL, 'every kpi_* view has week_label or month_label');
-- every registered mv_* exists and has a unique index on NOT NULL columns only
SELECT is((SELECT array_agg(r.mv_name) FROM employment_kpi_internal.bi_relation r
            WHERE to_regclass('employment_kpi_internal.' || r.mv_name) IS NULL), NULL, 'every registered mv_* relation exists');
SELECT is((SELECT array_agg(c.relname::text) FROM pg_class c
            WHERE c.relnamespace = 'employment_kpi_internal'::regnamespace AND c.relname LIKE 'mv\_%' AND c.relkind IN ('r', 'm')
              AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisunique AND i.indpred IS NULL
                                AND 0 <> ALL (i.indkey)
                                AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid
                                                  AND a.attnum = ANY (i.indkey) AND NOT a.attnotnull))),
          NULL, 'every mv_* relation has a unique index on NOT NULL columns');
SELECT is((SELECT array_agg(c.relname::text) FROM pg_class c
            WHERE c.relnamespace = 'employment_kpi_internal'::regnamespace AND c.relname LIKE 'mv\_%' AND c.relkind IN ('r', 'm')
              AND NOT EXISTS (SELECT 1 FROM employment_kpi_internal.bi_relation r WHERE r.mv_name = c.relname)),
          NULL, 'every mv_* relation is registered for refresh');

-- data for the access tests
SELECT lives_ok($$SELECT * FROM employment_kpi.generate_synthetic(300, '2024-01-01', 20, 2)$$, 'synthetic data');
SELECT is((SELECT count(*) FILTER (WHERE ok) FROM employment_kpi.refresh()),
          (SELECT count(*) FROM employment_kpi_internal.bi_relation), 'refresh() refreshes every registered relation');

-- roles, made as in real use: grant_reader / grant_analyst create the group
-- roles and grant the kpi_* views to them (through grant_bi_views)
CREATE ROLE bi_test_reader LOGIN;
CREATE ROLE bi_test_analyst LOGIN;
CREATE ROLE bi_test_nobody LOGIN;
CREATE ROLE bi_test_direct LOGIN;
SELECT employment_kpi.grant_reader('bi_test_reader');
SELECT employment_kpi.grant_analyst('bi_test_analyst');
SELECT ok((SELECT bool_and(has_table_privilege(r, 'employment_kpi.' || c.relname, 'SELECT'))
             FROM pg_class c, (VALUES ('employment_kpi_reader'), ('employment_kpi_analyst')) AS g(r)
            WHERE c.relnamespace = 'employment_kpi'::regnamespace AND c.relkind = 'v' AND c.relname LIKE 'kpi\_%'),
          'grant_reader and grant_analyst grant every kpi_* view to both group roles');
GRANT SELECT ON employment_kpi.kpi_group_week TO bi_test_direct;
GRANT USAGE ON SCHEMA employment_kpi TO bi_test_direct;

-- run a statement as a role; the SQLSTATE it ends with ('00000' = fine) or the row count
CREATE FUNCTION pg_temp.state_as(r text, q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE s text := '00000';
BEGIN
    EXECUTE format('SET SESSION AUTHORIZATION %I', r);
    BEGIN
        EXECUTE q;
    EXCEPTION WHEN OTHERS THEN s := SQLSTATE;
    END;
    RESET SESSION AUTHORIZATION;
    RETURN s;
END $$;
CREATE FUNCTION pg_temp.count_as(r text, q text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
    EXECUTE format('SET SESSION AUTHORIZATION %I', r);
    EXECUTE 'SELECT count(*) FROM (' || q || ') x' INTO n;
    RESET SESSION AUTHORIZATION;
    RETURN n;
END $$;

SELECT is(pg_temp.count_as('bi_test_reader', 'SELECT * FROM employment_kpi.kpi_group_week'),
          (SELECT count(*) FROM employment_kpi_internal.mv_group_week), 'a reader sees every kpi_group_week row');
SELECT is(pg_temp.state_as('bi_test_reader', 'SELECT * FROM employment_kpi_internal.mv_group_week'), '42501',
          'a reader cannot read mv_group_week');
SELECT is(pg_temp.state_as('bi_test_reader', 'SELECT * FROM employment_kpi.support_spell'), '42501',
          'a reader cannot read the base tables');
SELECT is(pg_temp.state_as('bi_test_reader', 'SELECT * FROM employment_kpi.refresh()'), '42501',
          'a reader cannot run refresh()');
SELECT is(pg_temp.state_as('bi_test_nobody', 'SELECT * FROM employment_kpi.kpi_group_week'), '42501',
          'a role with no grant gets a permission error, not an empty result');
SELECT is(pg_temp.count_as('bi_test_direct', 'SELECT * FROM employment_kpi.kpi_group_week'), 0::bigint,
          'SELECT granted directly, without a reader role: the view shows no rows');
SELECT is(pg_temp.state_as('bi_test_reader',
          $q$SELECT * FROM employment_kpi.kpi_group_week WHERE (SELECT count(*) FROM employment_kpi_internal.mv_group_week) > 0$q$),
          '42501', 'the storage stays closed even inside a reader''s query');

-- the refresh lock: a second session's refresh fails at once while this one holds it
CREATE EXTENSION IF NOT EXISTS dblink;
SELECT pg_advisory_xact_lock(hashtext('employment_kpi'), 7);
SELECT throws_ok(format($q$SELECT * FROM dblink(%L, 'SELECT count(*) FROM employment_kpi.refresh()') AS t(n bigint)$q$,
                        format('dbname=%s host=%s port=%s user=%s', current_database(),
                               split_part(current_setting('unix_socket_directories'), ',', 1),
                               current_setting('port'), current_user)),
                 '55P03', NULL, 'a second concurrent refresh() fails with lock_not_available');
SELECT lives_ok($$SELECT * FROM employment_kpi.refresh()$$, 'the session holding the lock may refresh');

-- scheduling
SELECT throws_ok($$SELECT employment_kpi.schedule_refresh()$$, '55000', NULL,
                 'schedule_refresh without pg_cron raises object_not_in_prerequisite_state');
SELECT throws_ok($$SELECT employment_kpi.schedule_refresh(NULL)$$, '22023', NULL, 'a NULL schedule is rejected');
SELECT throws_ok($$SELECT employment_kpi.refresh(true, NULL)$$, '22004', NULL, 'refresh(full => NULL) is rejected');

SELECT * FROM finish();
ROLLBACK;
