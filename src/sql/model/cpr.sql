-- The CPR guard: created before the tables, whose citizen_id columns check it.
--
-- One pattern, two uses: is_cpr_like says whether a whole value looks like a
-- CPR number (the CHECK on citizen_id, the imports' test of every id
-- column); mask_cpr blanks every CPR-like run of digits inside a text (the
-- imports' reject table, which must never store one, whatever column or
-- reason it sits in).  The pattern: six digits, then at most one separator
-- as people write them (a space, '-', an en or em dash, '.', '/', with or
-- without a space around it), then four digits.

CREATE OR REPLACE FUNCTION employment_kpi.is_cpr_like(id text)
RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT id OPERATOR(pg_catalog.~) '^\s*[0-9]{6} ?[-\u2013\u2014./]? ?[0-9]{4}\s*$' $$;

COMMENT ON FUNCTION employment_kpi.is_cpr_like(text) IS
'True when the text looks like a Danish CPR number (personnummer): 10 digits, optionally with one separator after the sixth (a dash, an en or em dash, a dot or a slash, with or without a space around it, or a space), surrounding whitespace ignored. Used in a CHECK on every citizen_id column and by the imports on every id column: ids must be pseudonymous, never CPR numbers.';

-- (digits directly before or after the ten are another number, e.g. an
-- amount, and are left alone)
CREATE OR REPLACE FUNCTION employment_kpi_internal.mask_cpr(value text)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT pg_catalog.regexp_replace(value, '(?<![0-9])[0-9]{6} ?[-\u2013\u2014./]? ?[0-9]{4}(?![0-9])', '**********', 'g') $$;

COMMENT ON FUNCTION employment_kpi_internal.mask_cpr(text) IS
'The text with every CPR-like run of digits (the pattern of is_cpr_like, not adjacent to further digits) replaced by **********; what the imports write to import_reject.';
