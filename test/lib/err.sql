-- pg_temp.err(q): runs the statement q and returns 'no error', or the
-- SQLSTATE and message of the error it raised (test/lib/err.sql).
CREATE FUNCTION pg_temp.err(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
