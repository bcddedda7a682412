-- The CPR guard: created before the tables, whose citizen_id columns check it.

CREATE OR REPLACE FUNCTION employment_kpi.is_cpr_like(id text)
RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
-- (one separator after the sixth digit: a dash, an en or em dash or a
-- dot, with or without a space around it, or a space alone, as people
-- write them)
AS $$ SELECT id OPERATOR(pg_catalog.~) '^\s*[0-9]{6} ?[-\u2013\u2014.]? ?[0-9]{4}\s*$' $$;

COMMENT ON FUNCTION employment_kpi.is_cpr_like(text) IS
'True when the text looks like a Danish CPR number (personnummer): 10 digits, optionally with one separator after the sixth (a dash, an en or em dash or a dot, with or without a space around it, or a space), surrounding whitespace ignored. Used in a CHECK on every citizen_id column: citizen ids must be pseudonymous, never CPR numbers.';
