-- The readers of imported values: what a text from a CSV staging table
-- means as an integer, a number or a date, under the style the caller
-- names (import.sql, the import engine, uses them).  No silent misread: a
-- number or date whose reading depends on a convention the caller did not
-- name is rejected with both readings, never guessed.

-- The slow path of the integer staging columns (import_rows): the text that
-- the fast-path pattern does not match is converted here, where a value
-- that is not one of the type gives NULL instead of an error.  Dates and
-- amounts have their own readers below (import_date, import_number), which
-- know the styles; this cast keeps to ISO dates and finite numbers for any
-- caller that uses it on them.
CREATE OR REPLACE FUNCTION employment_kpi_internal.import_try_cast(value text, template anyelement)
RETURNS anyelement
LANGUAGE plpgsql STABLE PARALLEL UNSAFE AS $$
DECLARE
    v template%TYPE;
BEGIN
    -- A date is read only as ISO 8601 (YYYY-MM-DD): the date type's input
    -- also reads 'today', 'epoch', '... BC' and, depending on the server's
    -- DateStyle, '01-02-2025' as 2 January or 1 February - never a silent
    -- misread of a fact.
    IF pg_catalog.pg_typeof(template) = 'date'::pg_catalog.regtype
       AND value OPERATOR(pg_catalog.!~) '^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\s*$' THEN
        RETURN NULL;
    END IF;
    v := value;    -- the type's input function
    -- an infinite date, NaN or an infinite amount is no value a fact can hold
    IF v::text IN ('infinity', '-infinity', 'NaN', 'Infinity', '-Infinity') THEN
        RETURN NULL;
    END IF;
    RETURN v;
EXCEPTION WHEN data_exception THEN
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION employment_kpi_internal.import_try_cast(text, anyelement) IS
'The text as a value of the type of template (a date written YYYY-MM-DD, a finite numeric other than NaN, an integer, ...), or NULL when it is not one (used by the import_* functions to reject rather than fail). Call it with a typed NULL, e.g. import_try_cast(''2026-01-05'', NULL::date).';

-------------------------------------------------------------------------------
-- Numbers and dates as people write them
-------------------------------------------------------------------------------

-- A number is read under one of two conventions: 'en' (',' groups
-- thousands, '.' marks decimals; also the plain SQL form with an exponent)
-- and 'da' ('.' groups thousands, ',' marks decimals).  A grouping separator
-- must separate groups of exactly three digits, so '45.5' is no Danish
-- number and '1,5' no English one.  Without a named style a value is read
-- only when the reading cannot depend on the style: both conventions give
-- the same number ('45', '0.000'), or only one of them reads it at all
-- ('45.5', '4.500,00', '1,234.50').  A value both read differently ('45.000',
-- '1,500') is rejected, never guessed: in a Danish export '45.000' is
-- 45,000 kroner, in an English one 45.
CREATE OR REPLACE FUNCTION employment_kpi_internal.import_number_readings(value text, OUT en numeric, OUT da numeric)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT CASE WHEN value OPERATOR(pg_catalog.~)
                 '^[+-]?([0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?|([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]{1,3})?)$'
            THEN pg_catalog.replace(value, ',', '')::numeric END,
       CASE WHEN value OPERATOR(pg_catalog.~) '^[+-]?([0-9]{1,3}(\.[0-9]{3})+|[0-9]+)(,[0-9]+)?$'
            THEN pg_catalog.replace(pg_catalog.replace(value, '.', ''), ',', '.')::numeric END
$$;

COMMENT ON FUNCTION employment_kpi_internal.import_number_readings(text) IS
'The number the text is under number_style ''en'' (en: '','' thousands, ''.'' decimals, or the plain SQL form) and under ''da'' (da: ''.'' thousands, '','' decimals); NULL where that style does not read it. Thousands separators must separate groups of three digits.';

CREATE OR REPLACE FUNCTION employment_kpi_internal.import_number(value text, number_style text DEFAULT NULL)
RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT CASE WHEN number_style = 'en' THEN r.en
            WHEN number_style = 'da' THEN r.da
            WHEN number_style IS NOT NULL THEN NULL
            WHEN r.en IS NULL THEN r.da
            WHEN r.da IS NULL OR r.da OPERATOR(pg_catalog.=) r.en THEN r.en
       END
  FROM employment_kpi_internal.import_number_readings(value) AS r
$$;

COMMENT ON FUNCTION employment_kpi_internal.import_number(text, text) IS
'The text as a number under number_style (''da'', ''en'', or NULL: only a value whose reading does not depend on the style), or NULL when it is none; import_number_fault says why.';

-- The reason for a value import_number did not read; col names the column.
CREATE OR REPLACE FUNCTION employment_kpi_internal.import_number_fault(col text, value text, number_style text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT CASE
         WHEN number_style IS NULL AND r.en IS NOT NULL AND r.da IS NOT NULL THEN
           pg_catalog.format('ambiguous number in %s: %L is %s under number_style ''da'', %s under ''en'': pass number_style',
                             col, value, pg_catalog.trim_scale(r.da), pg_catalog.trim_scale(r.en))
         WHEN number_style = 'en' AND r.da IS NOT NULL THEN
           pg_catalog.format('invalid number in %s: %L under number_style ''en'' (it reads %s under ''da'': pass number_style ''da'' if the file is written so)',
                             col, value, pg_catalog.trim_scale(r.da))
         WHEN number_style = 'da' AND r.en IS NOT NULL THEN
           pg_catalog.format('invalid number in %s: %L under number_style ''da'' (it reads %s under ''en'': pass number_style ''en'' if the file is written so)',
                             col, value, pg_catalog.trim_scale(r.en))
         ELSE
           pg_catalog.format('invalid number in %s: %L (write a finite amount in digits, %s)', col, value,
                             CASE number_style WHEN 'da' THEN 'e.g. 4500,50 or 4.500,50'
                                               WHEN 'en' THEN 'e.g. 4500.50 or 4,500.50'
                                               ELSE 'e.g. 4500.50, or 4.500,50 with number_style ''da''' END)
       END
  FROM employment_kpi_internal.import_number_readings(value) AS r
$$;

COMMENT ON FUNCTION employment_kpi_internal.import_number_fault(text, text, text) IS
'The reject reason for a value of column col that import_number(value, number_style) does not read: ambiguous (both readings named), written in the other style, or no number.';

-- A date is read as ISO 8601 (YYYY-MM-DD) and, with date_style 'da', also
-- as Danish people write it: dd-mm-yyyy or dd.mm.yyyy (day and month with
-- one or two digits, the same separator twice, a four-digit year).  Never
-- through the server's DateStyle, which would make '01-02-2025' 2 January
-- or 1 February depending on a setting, and never the date type's words
-- ('today', 'epoch', 'infinity', ... BC).  '/' is never read: dd/mm/yyyy
-- and the American mm/dd/yyyy cannot be told apart.  The day must exist
-- (no 30 February); the arithmetic below checks it without raising.
CREATE OR REPLACE FUNCTION employment_kpi_internal.import_date(value text, date_style text DEFAULT 'iso')
RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT CASE WHEN p.y >= 1 AND p.m BETWEEN 1 AND 12
             AND p.d BETWEEN 1 AND CASE WHEN p.m = 2 THEN
                                          CASE WHEN (p.y % 4 = 0 AND p.y % 100 <> 0) OR p.y % 400 = 0 THEN 29 ELSE 28 END
                                        WHEN p.m IN (4, 6, 9, 11) THEN 30 ELSE 31 END
            THEN pg_catalog.make_date(p.y, p.m, p.d) END
  FROM (SELECT coalesce(x.iso[1], x.da[4])::int AS y, coalesce(x.iso[2], x.da[3])::int AS m,
               coalesce(x.iso[3], x.da[1])::int AS d
          FROM (SELECT pg_catalog.regexp_match(value, '^([0-9]{4})-([0-9]{2})-([0-9]{2})$') AS iso,
                       CASE WHEN date_style = 'da'
                            THEN pg_catalog.regexp_match(value, '^([0-9]{1,2})([-.])([0-9]{1,2})\2([0-9]{4})$') END AS da) AS x
       ) AS p
$$;

COMMENT ON FUNCTION employment_kpi_internal.import_date(text, text) IS
'The text as a date: YYYY-MM-DD, and with date_style ''da'' also dd-mm-yyyy or dd.mm.yyyy; NULL when it is no existing day written so (never read through DateStyle, never ''today'', ''epoch'', infinity or BC).';

CREATE OR REPLACE FUNCTION employment_kpi_internal.import_date_fault(col text, value text, date_style text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT pg_catalog.format('invalid date in %s: %L (%s)', col, value,
         CASE WHEN value OPERATOR(pg_catalog.~) '/' THEN
                'a date with ''/'' is not read, as dd/mm and mm/dd cannot be told apart: write YYYY-MM-DD'
                || CASE WHEN date_style = 'da' THEN ' or dd-mm-yyyy' ELSE '' END
              WHEN date_style IS DISTINCT FROM 'da'
               AND value OPERATOR(pg_catalog.~) '^[0-9]{1,2}([-.])[0-9]{1,2}\1[0-9]{4}$' THEN
                'dates are written YYYY-MM-DD: pass date_style ''da'' to read dd-mm-yyyy and dd.mm.yyyy'
              WHEN date_style = 'da' THEN 'write an existing day as dd-mm-yyyy, dd.mm.yyyy or YYYY-MM-DD'
              ELSE 'write an existing day as YYYY-MM-DD'
         END)
$$;

COMMENT ON FUNCTION employment_kpi_internal.import_date_fault(text, text, text) IS
'The reject reason for a value of column col that import_date(value, date_style) does not read, saying how to write it.';
