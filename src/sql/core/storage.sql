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


-- The survival summary type (src/survival.c); its aggregates and accessors
-- are in survival.sql.

CREATE TYPE employment_kpi.survival;

CREATE FUNCTION employment_kpi.survival_in(cstring)
RETURNS employment_kpi.survival
AS 'MODULE_PATHNAME', 'survival_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION employment_kpi.survival_out(employment_kpi.survival)
RETURNS cstring
AS 'MODULE_PATHNAME', 'survival_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION employment_kpi.survival_recv(internal)
RETURNS employment_kpi.survival
AS 'MODULE_PATHNAME', 'survival_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION employment_kpi.survival_send(employment_kpi.survival)
RETURNS bytea
AS 'MODULE_PATHNAME', 'survival_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE employment_kpi.survival (
    INPUT = employment_kpi.survival_in,
    OUTPUT = employment_kpi.survival_out,
    RECEIVE = employment_kpi.survival_recv,
    SEND = employment_kpi.survival_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);

COMMENT ON TYPE employment_kpi.survival IS
'Summary of right-censored durations (forløbsvarighed til afgang): the sorted distinct times with their event and censoring counts. Text form, version 1: v1:{time:events:censored,...}, e.g. v1:{1:2:0,3.5:1:1}; the empty summary is v1:{}. Times are finite and >= 0, strictly increasing, printed in the shortest form that reads back exactly; counts are bigint >= 0 and no row has both counts 0. Binary form: version byte 1, int32 row count, then per row float8 time, int8 events, int8 censored.';

COMMENT ON FUNCTION employment_kpi.survival_in(cstring) IS
'Text input of survival (format v1:{time:events:censored,...}); malformed input raises 22P02.';
COMMENT ON FUNCTION employment_kpi.survival_out(employment_kpi.survival) IS
'Text output of survival in its canonical form v1:{time:events:censored,...}.';
COMMENT ON FUNCTION employment_kpi.survival_recv(internal) IS
'Binary input of survival (version byte, int32 count, rows); malformed input raises 22P03.';
COMMENT ON FUNCTION employment_kpi.survival_send(employment_kpi.survival) IS
'Binary output of survival: version byte 1, int32 row count, then per row float8 time, int8 events, int8 censored.';

CREATE FUNCTION employment_kpi.survival_from_bytea(bytea)
RETURNS employment_kpi.survival
AS 'MODULE_PATHNAME', 'survival_from_bytea'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.survival_from_bytea(bytea) IS
'Decode the binary form of survival (as produced by survival_send) from a bytea; malformed input raises 22P03.';

CREATE CAST (employment_kpi.survival AS bytea)
    WITH FUNCTION employment_kpi.survival_send(employment_kpi.survival);
CREATE CAST (bytea AS employment_kpi.survival)
    WITH FUNCTION employment_kpi.survival_from_bytea(bytea);
COMMENT ON CAST (employment_kpi.survival AS bytea) IS
'Explicit cast to the portable binary form (survival_send).';
COMMENT ON CAST (bytea AS employment_kpi.survival) IS
'Explicit cast from the portable binary form (survival_from_bytea), fully validated.';


-- The effect type: matched treated/comparison counts per stratum
-- (src/effect.c); its aggregate and accessors are in effect.sql.

CREATE TYPE employment_kpi.effect;

CREATE FUNCTION employment_kpi.effect_in(cstring)
RETURNS employment_kpi.effect
AS 'MODULE_PATHNAME', 'effect_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION employment_kpi.effect_out(employment_kpi.effect)
RETURNS cstring
AS 'MODULE_PATHNAME', 'effect_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION employment_kpi.effect_recv(internal)
RETURNS employment_kpi.effect
AS 'MODULE_PATHNAME', 'effect_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION employment_kpi.effect_send(employment_kpi.effect)
RETURNS bytea
AS 'MODULE_PATHNAME', 'effect_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE employment_kpi.effect (
    INPUT = employment_kpi.effect_in,
    OUTPUT = employment_kpi.effect_out,
    RECEIVE = employment_kpi.effect_recv,
    SEND = employment_kpi.effect_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);

COMMENT ON TYPE employment_kpi.effect IS
'A stratified matched comparison (effektmåling, dynamic matching as in Sianesi 2004) kept as per-stratum counts: treated observations, treated with the outcome, comparison observations, comparison with the outcome. ATT, standard error and unmatched treated are derived when read, so effects of disjoint slices combine exactly with rollup(). Text form, version 1: v1:{"stratum":n1:y1:n0:y0,...} with keys in double quotes (\" and \\ escaped), strictly increasing by their bytes; the empty value is v1:{}. Binary form: version byte 1, int32 count, then per stratum int32 key length, key bytes (server encoding), int8 n1, y1, n0, y0.';
COMMENT ON FUNCTION employment_kpi.effect_in(cstring) IS
'Text input of effect (v1:{"stratum":n1:y1:n0:y0,...}); malformed input, outcomes above observations, empty strata or keys out of order raise 22P02.';
COMMENT ON FUNCTION employment_kpi.effect_out(employment_kpi.effect) IS
'Text output of effect in canonical form (strata sorted by key bytes, counts of equal keys added).';
COMMENT ON FUNCTION employment_kpi.effect_recv(internal) IS
'Binary input of effect; malformed input raises 22P03.';
COMMENT ON FUNCTION employment_kpi.effect_send(employment_kpi.effect) IS
'Binary output of effect: version byte 1, int32 stratum count, then per stratum int32 key length, key bytes, int8 n1, y1, n0, y0.';

CREATE FUNCTION employment_kpi.effect_from_bytea(bytea)
RETURNS employment_kpi.effect
AS 'MODULE_PATHNAME', 'effect_from_bytea'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.effect_from_bytea(bytea) IS
'Decode the binary form of effect (as produced by effect_send) from a bytea; malformed input raises 22P03.';

CREATE CAST (employment_kpi.effect AS bytea)
    WITH FUNCTION employment_kpi.effect_send(employment_kpi.effect);
CREATE CAST (bytea AS employment_kpi.effect)
    WITH FUNCTION employment_kpi.effect_from_bytea(bytea);
COMMENT ON CAST (employment_kpi.effect AS bytea) IS
'Explicit cast to the portable binary form (effect_send).';
COMMENT ON CAST (bytea AS employment_kpi.effect) IS
'Explicit cast from the portable binary form (effect_from_bytea), fully validated.';
