-- Tests src/sql/core/survival.sql: the survival type of core/storage.sql, its I/O.
-- survival: text and binary I/O, validation of every input path, round-trips
SET search_path = employment_kpi, public;
SET extra_float_digits = 0;
\i test/lib/err.sql

-- valid text: canonical output, whitespace, exponents, extreme floats
SELECT v::survival AS canonical FROM (VALUES
  ('v1:{}'), (' v1:{ } '), ('v1:{1:2:0,3.5:1:1}'), (' v1:{ 0.1 : 1 : 0 , 2:0:3 } '),
  ('v1:{0:1:0,1e3:0:1,.5e4:2:2}'), ('v1:{5e-324:1:0,1.7976931348623157e308:0:1}'),
  ('v1:{0.30000000000000004:1:0,1.0000000000000002:0:9223372036854775806}'),
  ('v1:{007:01:00}')
) x(v);
-- text form round-trips exactly whatever extra_float_digits is
SET extra_float_digits = -15;
SELECT 'v1:{0.1:1:0,0.30000000000000004:2:1,123456.78901234567:1:1}'::survival;
RESET extra_float_digits;
SET extra_float_digits = 0;

-- invalid text: 22P02
SELECT pg_temp.err(format('SELECT %L::employment_kpi.survival', v)) FROM (VALUES
  (''), ('{}'), ('v2:{}'), ('V1:{}'), ('v1:{'), ('v1:}'), ('v1:{1:1}'), ('v1:{1:1:0,}'),
  ('v1:{,}'), ('v1:{1:1:0;2:1:0}'), ('v1:{1:1:0} x'), ('v1:{}{}'),
  ('v1:{-1:1:0}'), ('v1:{-0:1:0}'), ('v1:{+1:1:0}'), ('v1:{nan:1:0}'), ('v1:{NaN:1:0}'),
  ('v1:{inf:1:0}'), ('v1:{Infinity:1:0}'), ('v1:{0x10:1:0}'), ('v1:{1e400:1:0}'),
  ('v1:{1e-400:1:0}'), ('v1:{1:-1:0}'), ('v1:{1:1:-1}'), ('v1:{1:+1:0}'), ('v1:{1:1.5:0}'),
  ('v1:{1:99999999999999999999:0}'), ('v1:{1:0:0}'), ('v1:{2:1:0,1:1:0}'),
  ('v1:{1:1:0,1:1:0}'), ('v1:{1:9223372036854775807:0,2:0:1}'), ('v1:{1:1:0 2:1:0}')
) x(v);

-- binary form (survival_send) and its validation (survival_from_bytea = recv): 22P03
SELECT 'v1:{1:2:0,3.5:1:1}'::survival::bytea AS send;
SELECT 'v1:{}'::survival::bytea AS send_empty;
SELECT '\x0100000000'::bytea::survival AS empty_from_binary,
       '\x01000000013ff000000000000000000000000000020000000000000000'::bytea::survival AS one_row;
SELECT pg_temp.err(format('SELECT %L::bytea::employment_kpi.survival', v)) FROM (VALUES
  ('\x'),                                    -- empty
  ('\x01000000'),                            -- truncated header
  ('\x0200000000'),                          -- unknown version
  ('\x0000000000'),                          -- version 0
  ('\x01ffffffff'),                          -- negative count
  ('\x0100000001'),                          -- count 1, no data
  ('\x01000000013ff0000000000000000000000000000200000000000000'),   -- truncated row
  ('\x01000000013ff00000000000000000000000000002000000000000000000'), -- trailing byte
  ('\x010000000000'),                        -- trailing byte after empty
  ('\x0100000001bff000000000000000000000000000010000000000000000'), -- negative time
  ('\x01000000017ff800000000000000000000000000010000000000000000'), -- NaN time
  ('\x01000000017ff000000000000000000000000000010000000000000000'), -- infinite time
  ('\x01000000013ff00000000000ffffffffffffffff0000000000000000'),   -- negative events
  ('\x01000000013ff0000000000000000000000000000000000000000000ff'), -- zero events, 255 censored: valid
  ('\x01000000013ff000000000000000000000000000000000000000000000'), -- all-zero row
  ('\x01000000024000000000000000000000000000000100000000000000003ff000000000000000000000000000010000000000000000'), -- unsorted
  ('\x01000000023ff000000000000000000000000000010000000000000000' || '3ff000000000000000000000000000010000000000000000'), -- duplicate time
  ('\x01000000027fffffffffffff000000000000000100000000000000000000000000000000000000000000000000000000000000000001') -- NaN first
) x(v);

-- random summaries: text and binary round-trips, 3000 of them
CREATE TEMP TABLE rt AS
SELECT g, survival_agg(CASE g % 4
                         WHEN 0 THEN floor(random() * 20)
                         WHEN 1 THEN random() * 10 ^ (g % 9 - 4)
                         WHEN 2 THEN round((random() * 1000)::numeric, 2)::float8
                         ELSE exp(random() * 600 - 300) END,
                       random() < 0.6) AS s
FROM generate_series(1, 3000) g, LATERAL generate_series(1, 1 + (g * 7) % 40) r
GROUP BY g;
SELECT count(*) AS summaries,
       count(*) FILTER (WHERE s::text::survival::text = s::text) AS text_ok,
       count(*) FILTER (WHERE s::bytea::survival::text = s::text) AS binary_ok,
       count(*) FILTER (WHERE s::text::survival::bytea = s::bytea) AS bytes_ok,
       sum(survival_n(s)) = sum(1 + (g * 7) % 40) AS counts_ok
FROM rt;
-- COPY in binary and text format through the type's send/recv and out/in
\copy rt TO 'results/core_survival_io.bin' WITH (FORMAT binary)
\copy rt TO 'results/core_survival_io.txt'
CREATE TEMP TABLE rt_bin (LIKE rt);
CREATE TEMP TABLE rt_txt (LIKE rt);
\copy rt_bin FROM 'results/core_survival_io.bin' WITH (FORMAT binary)
\copy rt_txt FROM 'results/core_survival_io.txt'
SELECT count(*) AS rows,
       count(*) FILTER (WHERE b.s::text = rt.s::text) AS binary_copy_ok,
       count(*) FILTER (WHERE t.s::text = rt.s::text) AS text_copy_ok
FROM rt JOIN rt_bin b USING (g) JOIN rt_txt t USING (g);

-- a stored value is compact: header 16 bytes + 24 per distinct time (+ varlena header)
SELECT pg_column_size('v1:{}'::survival) AS empty_size,
       pg_column_size('v1:{1:1:0,2:3:4}'::survival) AS two_rows_size;

-- garbage reaching the support functions directly: a raw varlena type with
-- the same physical layout, cast WITHOUT FUNCTION, set up inside this
-- transaction only.  Expect XX001 (or a harmless result), never a crash.
-- Layout is the in-memory struct (little-endian on this platform).
BEGIN;
CREATE TYPE public.ekpi_raw;
CREATE FUNCTION public.ekpi_raw_in(cstring) RETURNS public.ekpi_raw AS 'byteain' LANGUAGE internal IMMUTABLE STRICT;
CREATE FUNCTION public.ekpi_raw_out(public.ekpi_raw) RETURNS cstring AS 'byteaout' LANGUAGE internal IMMUTABLE STRICT;
CREATE TYPE public.ekpi_raw (INPUT = public.ekpi_raw_in, OUTPUT = public.ekpi_raw_out,
    INTERNALLENGTH = VARIABLE, ALIGNMENT = double, STORAGE = plain);
CREATE CAST (public.ekpi_raw AS employment_kpi.survival) WITHOUT FUNCTION;
CREATE FUNCTION pg_temp.val(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE r text;
BEGIN EXECUTE q INTO r; RETURN r;
EXCEPTION WHEN OTHERS THEN RETURN SQLSTATE || ': ' || SQLERRM; END $$;
CREATE TEMP TABLE garbage (what text, raw text);
INSERT INTO garbage VALUES
  ('valid one row',   '\x010000000100000000000000000000000000f03f01000000000000000000000000000000'),
  ('valid, buffered', '\x010000000000000001000000000000000000f03f01000000000000000000000000000000'),
  ('version 2',       '\x020000000100000000000000000000000000f03f01000000000000000000000000000000'),
  ('flags set',       '\x010100000100000000000000000000000000f03f01000000000000000000000000000000'),
  ('reserved set',    '\x010000010100000000000000000000000000f03f01000000000000000000000000000000'),
  ('short header',    '\x0100'),
  ('ragged size',     '\x010000000100000000000000000000000000f03f01000000000000000000000000000000aabbcc'),
  ('too many rows',   '\x010000000200000000000000000000000000f03f01000000000000000000000000000000'),
  ('negative sorted', '\x01000000ffffffff00000000000000000000f03f01000000000000000000000000000000'),
  ('negative buffer', '\x0100000001000000ffffffff000000000000f03f01000000000000000000000000000000'),
  ('NaN time',        '\x010000000100000000000000000000000000f87f01000000000000000000000000000000'),
  ('negative time',   '\x010000000100000000000000000000000000f0bf01000000000000000000000000000000'),
  ('all-zero row',    '\x010000000100000000000000000000000000f03f00000000000000000000000000000000'),
  ('negative count',  '\x010000000100000000000000000000000000f03fffffffffffffffff0000000000000000'),
  ('unsorted',        '\x0100000002000000000000000000000000000040010000000000000000000000000000000000000000000000f03f01000000000000000000000000000000');
SELECT what,
       pg_temp.val(format('SELECT employment_kpi_internal.survival_combine(''v1:{2:1:0}'', %L::public.ekpi_raw::employment_kpi.survival)::text', raw)) AS combine_second,
       pg_temp.val(format('SELECT employment_kpi_internal.survival_combine(%L::public.ekpi_raw::employment_kpi.survival, ''v1:{2:1:0}'')::text', raw)) AS combine_first,
       pg_temp.val(format('SELECT employment_kpi_internal.survival_agg_transfn(%L::public.ekpi_raw::employment_kpi.survival, 2.0::float8, true)::text', raw)) AS transfn,
       pg_temp.val(format('SELECT employment_kpi.survival_n(%L::public.ekpi_raw::employment_kpi.survival)::text', raw)) AS survival_n
FROM garbage;
-- rollup() over such values goes through the same checks
SELECT pg_temp.err($$SELECT employment_kpi.rollup(r::public.ekpi_raw::employment_kpi.survival)::text FROM (VALUES ('\x020000000000000000000000')) v(r)$$);
ROLLBACK;
