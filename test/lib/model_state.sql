-- pg_temp.model_state(): per table of the model (every table of
-- employment_kpi and employment_kpi_internal but the BI caches mv_* and the
-- change bookkeeping bi_*, which are not dumped: refresh() rebuilds them)
-- its row count and an md5 of its ordered rows (test/lib/model_state.sql).
CREATE FUNCTION pg_temp.model_state() RETURNS TABLE (tab text, n bigint, hash text)
LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
  FOR r IN SELECT s.nspname, c.relname FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
            WHERE s.nspname IN ('employment_kpi', 'employment_kpi_internal') AND c.relkind = 'r'
              AND c.relname !~ '^(mv|bi)_' ORDER BY 2 LOOP
    tab := r.relname;
    EXECUTE format('SELECT count(*), md5(coalesce(string_agg(t::text, ''|'' ORDER BY t::text), '''')) FROM %I.%I t', r.nspname, r.relname)
      INTO n, hash;
    RETURN NEXT;
  END LOOP;
END $$;
