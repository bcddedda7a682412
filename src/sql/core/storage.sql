-- The storage of the core layer: the two schemas, and the extension's base
-- types survival and effect with their input/output functions and casts.
-- (Storage files create what an upgrade must keep; see the Makefile.)

-- employment_kpi (created by CREATE EXTENSION from the control file) is the
-- API: every object in it is documented in docs/.  Everything else lives in
-- employment_kpi_internal, which readers are never granted.
COMMENT ON SCHEMA employment_kpi IS
'employment_kpi: weekly management information for public employment services. Every object in this schema is documented (README.md and docs/); the internals live in employment_kpi_internal.';

CREATE SCHEMA employment_kpi_internal;
COMMENT ON SCHEMA employment_kpi_internal IS
'Internals of employment_kpi (building blocks, BI storage, bookkeeping): not an API, not granted to anyone, may change in any release.';


-- The base types survival (src/survival.c; its aggregates and accessors are
-- in survival.sql) and effect (src/effect.c; effect.sql) are declared alike,
-- so one template declares both: the shell type; the C functions
-- <type>_in(cstring), <type>_out(<type>), <type>_recv(internal),
-- <type>_send(<type>) and <type>_from_bytea(bytea), each named as its C
-- symbol; the variable-length type; explicit casts to and from bytea through
-- <type>_send and <type>_from_bytea.  What differs is data: the comments of
-- the types and of their text and binary I/O functions.
DO $$
DECLARE
    t record;
    f record;
    typ text;
BEGIN
    FOR t IN SELECT * FROM (VALUES
        ('survival',
         'Summary of right-censored durations (forløbsvarighed til afgang): the sorted distinct times with their event and censoring counts. Text form, version 1: v1:{time:events:censored,...}, e.g. v1:{1:2:0,3.5:1:1}; the empty summary is v1:{}. Times are finite and >= 0, strictly increasing, printed in the shortest form that reads back exactly; counts are bigint >= 0 and no row has both counts 0. Binary form: version byte 1, int32 row count, then per row float8 time, int8 events, int8 censored.'),
        ('effect',
         'A stratified matched comparison (effektmåling, dynamic matching as in Sianesi 2004) kept as per-stratum counts: treated observations, treated with the outcome, comparison observations, comparison with the outcome. ATT, standard error and unmatched treated are derived when read, so effects of disjoint slices combine exactly with rollup(). Text form, version 1: v1:{"stratum":n1:y1:n0:y0,...} with keys in double quotes (\" and \\ escaped), strictly increasing by their bytes; the empty value is v1:{}. Binary form: version byte 1, int32 count, then per stratum int32 key length, key bytes (server encoding), int8 n1, y1, n0, y0.')
    ) AS v(name, comment) LOOP
        typ := format('employment_kpi.%I', t.name);
        EXECUTE format('CREATE TYPE %s', typ);
        FOR f IN SELECT * FROM (VALUES ('_in', 'cstring', typ), ('_out', typ, 'cstring'),
                                       ('_recv', 'internal', typ), ('_send', typ, 'bytea'),
                                       ('_from_bytea', 'bytea', typ)) AS v(suffix, arg, result) LOOP
            EXECUTE format('CREATE FUNCTION employment_kpi.%I(%s) RETURNS %s AS %L, %L LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE',
                           t.name || f.suffix, f.arg, f.result, 'MODULE_PATHNAME', t.name || f.suffix);
        END LOOP;
        EXECUTE format('CREATE TYPE %s (INPUT = employment_kpi.%I, OUTPUT = employment_kpi.%I, '
                       'RECEIVE = employment_kpi.%I, SEND = employment_kpi.%I, '
                       'INTERNALLENGTH = VARIABLE, ALIGNMENT = double, STORAGE = extended)',
                       typ, t.name || '_in', t.name || '_out', t.name || '_recv', t.name || '_send');
        EXECUTE format('COMMENT ON TYPE %s IS %L', typ, t.comment);
        EXECUTE format('COMMENT ON FUNCTION employment_kpi.%I(bytea) IS %L', t.name || '_from_bytea',
                       format('Decode the binary form of %1$s (as produced by %1$s_send) from a bytea; malformed input raises 22P03.', t.name));
        EXECUTE format('CREATE CAST (%1$s AS bytea) WITH FUNCTION employment_kpi.%2$I(%1$s)', typ, t.name || '_send');
        EXECUTE format('CREATE CAST (bytea AS %s) WITH FUNCTION employment_kpi.%I(bytea)', typ, t.name || '_from_bytea');
        EXECUTE format('COMMENT ON CAST (%s AS bytea) IS %L', typ,
                       format('Explicit cast to the portable binary form (%s_send).', t.name));
        EXECUTE format('COMMENT ON CAST (bytea AS %s) IS %L', typ,
                       format('Explicit cast from the portable binary form (%s_from_bytea), fully validated.', t.name));
    END LOOP;

    FOR f IN SELECT * FROM (VALUES
        ('survival_in(cstring)', 'Text input of survival (format v1:{time:events:censored,...}); malformed input raises 22P02.'),
        ('survival_out(employment_kpi.survival)', 'Text output of survival in its canonical form v1:{time:events:censored,...}.'),
        ('survival_recv(internal)', 'Binary input of survival (version byte, int32 count, rows); malformed input raises 22P03.'),
        ('survival_send(employment_kpi.survival)', 'Binary output of survival: version byte 1, int32 row count, then per row float8 time, int8 events, int8 censored.'),
        ('effect_in(cstring)', 'Text input of effect (v1:{"stratum":n1:y1:n0:y0,...}); malformed input, outcomes above observations, empty strata or keys out of order raise 22P02.'),
        ('effect_out(employment_kpi.effect)', 'Text output of effect in canonical form (strata sorted by key bytes, counts of equal keys added).'),
        ('effect_recv(internal)', 'Binary input of effect; malformed input raises 22P03.'),
        ('effect_send(employment_kpi.effect)', 'Binary output of effect: version byte 1, int32 stratum count, then per stratum int32 key length, key bytes, int8 n1, y1, n0, y0.')
    ) AS v(signature, comment) LOOP
        EXECUTE format('COMMENT ON FUNCTION employment_kpi.%s IS %L', f.signature, f.comment);
    END LOOP;
END
$$;
