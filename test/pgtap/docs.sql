-- Tests README.md and docs/*.md against the schema employment_kpi.
-- pgTAP: the public API is documented.  Every object of the schema
-- employment_kpi (functions, aggregates, tables, views, types) must be
-- named, as code (`name`, name( or employment_kpi.name), on a reference
-- page in docs/*.md; and every employment_kpi.<name> that README.md or a
-- page writes must exist in the schema (so a renamed, removed or internal
-- object cannot stay in the docs as if it were API).
--
-- psql reads the pages from the working directory, the repository top
-- (where scripts/test.sh runs pg_prove).
\set docs `cat docs/*.md 2>/dev/null`
\set readme `cat README.md 2>/dev/null`
BEGIN;
SELECT plan(6);

CREATE TEMP TABLE doc_page (body text);
INSERT INTO doc_page VALUES (:'docs');
CREATE TEMP TABLE doc_all (body text);
INSERT INTO doc_all VALUES (:'docs' || E'\n' || :'readme');

-- Named as code on some reference page.
CREATE FUNCTION pg_temp.documented(name text) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT d.body ~ ('(`|employment_kpi\.)' || name || '\M|\m' || name || '\(') FROM doc_page d
$$;

SELECT cmp_ok((SELECT length(body) FROM doc_page), '>', 50000,
              'the reference pages docs/*.md were read (run from the repository top)');

SELECT is(
  (SELECT string_agg(DISTINCT p.proname, ', ' ORDER BY p.proname)
     FROM pg_proc p
    WHERE p.pronamespace = 'employment_kpi'::regnamespace AND p.prokind IN ('f', 'p', 'w')
      AND NOT pg_temp.documented(p.proname)),
  NULL, 'every function of employment_kpi is named on a reference page in docs/');

SELECT is(
  (SELECT string_agg(DISTINCT p.proname, ', ' ORDER BY p.proname)
     FROM pg_proc p
    WHERE p.pronamespace = 'employment_kpi'::regnamespace AND p.prokind = 'a'
      AND NOT pg_temp.documented(p.proname)),
  NULL, 'every aggregate of employment_kpi is named on a reference page in docs/');

SELECT is(
  (SELECT string_agg(c.relname, ', ' ORDER BY c.relname)
     FROM pg_class c
    WHERE c.relnamespace = 'employment_kpi'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
      AND NOT pg_temp.documented(c.relname)),
  NULL, 'every table and view of employment_kpi is named on a reference page in docs/');

-- Types of their own: not the row types of tables and views, not arrays.
SELECT is(
  (SELECT string_agg(t.typname, ', ' ORDER BY t.typname)
     FROM pg_type t
     LEFT JOIN pg_class c ON c.oid = t.typrelid
    WHERE t.typnamespace = 'employment_kpi'::regnamespace
      AND (t.typrelid = 0 OR c.relkind = 'c')
      AND NOT (t.typcategory = 'A' AND t.typelem <> 0)
      AND NOT pg_temp.documented(t.typname)),
  NULL, 'every type of employment_kpi is named on a reference page in docs/');

-- The other way round: what the docs call employment_kpi.<name> exists.
-- (employment_kpi.so and employment_kpi.control are files, not objects.)
SELECT is(
  (SELECT string_agg(DISTINCT m[1], ', ' ORDER BY m[1])
     FROM doc_all d,
          regexp_matches(d.body, 'employment_kpi\.([a-z_][a-z0-9_]*)(?![a-z0-9_*])', 'g') AS m
    WHERE m[1] NOT IN ('so', 'control')
      AND NOT EXISTS (SELECT 1 FROM pg_proc p
                       WHERE p.pronamespace = 'employment_kpi'::regnamespace AND p.proname = m[1])
      AND NOT EXISTS (SELECT 1 FROM pg_class c
                       WHERE c.relnamespace = 'employment_kpi'::regnamespace AND c.relname = m[1])
      AND NOT EXISTS (SELECT 1 FROM pg_type t
                       WHERE t.typnamespace = 'employment_kpi'::regnamespace AND t.typname = m[1])),
  NULL, 'every employment_kpi.<name> in README.md and docs/*.md exists in the schema');

SELECT * FROM finish();
ROLLBACK;
