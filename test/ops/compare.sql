-- Helpers of the operations tests (test/ops/*.sh): snapshots of the BI
-- layer and their comparison, in a schema ops_check of the test database.
--   ops_check.relations(with_storage)  every kpi_* view but kpi_refresh_status
--                                      (its times differ by nature), and with
--                                      with_storage the summary tables behind them
--   ops_check.prepare(tag, with_storage) empty tables ops_check."<tag>:<name>"
--                                      shaped like them (filled by COPY from
--                                      another database)
--   ops_check.snapshot(tag, with_storage) the same, filled from this database
--   ops_check.diff(tag, with_storage)  per relation: rows now, rows only now,
--                                      rows only in the snapshot (EXCEPT ALL
--                                      both ways: equal multisets give 0, 0)
\set QUIET on
SET client_min_messages = warning;
CREATE SCHEMA IF NOT EXISTS ops_check;

CREATE OR REPLACE FUNCTION ops_check.relations(with_storage boolean)
RETURNS TABLE (rel regclass, name text) LANGUAGE sql STABLE AS $$
    SELECT c.oid::regclass, c.relname::text
      FROM pg_catalog.pg_class c
     WHERE (c.relnamespace = 'employment_kpi'::regnamespace AND c.relkind = 'v'
            AND c.relname LIKE 'kpi\_%' AND c.relname <> 'kpi_refresh_status')
        OR (with_storage AND c.relnamespace = 'employment_kpi_internal'::regnamespace AND c.relkind = 'r'
            AND (c.relname IN (SELECT r.mv_name FROM employment_kpi_internal.bi_relation r)
                 OR c.relname = 'bi_effect_comparison'))
     ORDER BY 2
$$;

CREATE OR REPLACE FUNCTION ops_check.prepare(tag text, with_storage boolean) RETURNS SETOF text LANGUAGE plpgsql
SET client_min_messages = warning AS $$
DECLARE r record;
BEGIN
    FOR r IN SELECT * FROM ops_check.relations(with_storage) LOOP
        EXECUTE format('DROP TABLE IF EXISTS ops_check.%I', tag || ':' || r.name);
        EXECUTE format('CREATE TABLE ops_check.%I (LIKE %s)', tag || ':' || r.name, r.rel);
        RETURN NEXT r.name;
    END LOOP;
END $$;

CREATE OR REPLACE FUNCTION ops_check.snapshot(tag text, with_storage boolean) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE r record; n bigint := 0;
BEGIN
    PERFORM ops_check.prepare(tag, with_storage);
    FOR r IN SELECT * FROM ops_check.relations(with_storage) LOOP
        EXECUTE format('INSERT INTO ops_check.%I SELECT * FROM %s', tag || ':' || r.name, r.rel);
        n := n + 1;
    END LOOP;
    RETURN n;
END $$;

CREATE OR REPLACE FUNCTION ops_check.diff(tag text, with_storage boolean)
RETURNS TABLE (relation text, rows bigint, only_now bigint, only_then bigint) LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
    FOR r IN SELECT * FROM ops_check.relations(with_storage) LOOP
        relation := r.name;
        EXECUTE format('SELECT count(*) FROM %s', r.rel) INTO rows;
        EXECUTE format('SELECT count(*) FROM (SELECT * FROM %s EXCEPT ALL SELECT * FROM ops_check.%I) x',
                       r.rel, tag || ':' || r.name) INTO only_now;
        EXECUTE format('SELECT count(*) FROM (SELECT * FROM ops_check.%I EXCEPT ALL SELECT * FROM %s) x',
                       tag || ':' || r.name, r.rel) INTO only_then;
        RETURN NEXT;
    END LOOP;
END $$;
