-- pg_temp.as_role(r, q): runs the query q (one column) as role r, with SET
-- SESSION AUTHORIZATION (rights follow session_user), and switches back;
-- returns the distinct values q gives, sorted, or {'ERROR <SQLSTATE>'} when
-- it fails, so that the caller (pgTAP) always runs as the superuser
-- (test/lib/as_role.sql).
CREATE FUNCTION pg_temp.as_role(r text, q text) RETURNS text[]
LANGUAGE plpgsql AS $$
DECLARE
    res text[];
BEGIN
    EXECUTE format('SET SESSION AUTHORIZATION %I', r);
    BEGIN
        EXECUTE format('SELECT coalesce(array_agg(DISTINCT v ORDER BY v), ''{}'') FROM (%s) AS x(v)', q) INTO res;
    EXCEPTION WHEN OTHERS THEN
        RESET SESSION AUTHORIZATION;
        RETURN ARRAY['ERROR ' || SQLSTATE];
    END;
    RESET SESSION AUTHORIZATION;
    RETURN res;
END
$$;
