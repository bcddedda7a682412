-- fsum(float8), the correctly rounded, order-independent sum (src/fsum.c).
-- Used wherever a float sum is stored or compared: the expected counts of
-- the scorecards and the weights of the effects, so that a recomputation of
-- a few weeks gives bit for bit what a full rebuild gives, whatever the plan.

CREATE OR REPLACE FUNCTION employment_kpi_internal.fsum_accum(state float8[], x float8)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ekpi_fsum_accum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi_internal.fsum_accum(float8[], float8) IS
'Transition function of fsum: adds x exactly to the state (version, number of partials, then up to 64 non-overlapping float8 partials whose exact sum is the sum so far). NULL x is skipped; NaN or infinite x raise invalid_parameter_value (22023); a malformed state raises 22023; overflow of the sum 22003.';

CREATE OR REPLACE FUNCTION employment_kpi_internal.fsum_combine(a float8[], b float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ekpi_fsum_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi_internal.fsum_combine(float8[], float8[]) IS
'Combine function of fsum (parallel and distributed aggregation): the exact sum of both states. Malformed states raise invalid_parameter_value (22023).';

CREATE OR REPLACE FUNCTION employment_kpi_internal.fsum_final(state float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'ekpi_fsum_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi_internal.fsum_final(float8[]) IS
'Final function of fsum: the exact sum of the state rounded once to the nearest double precision value (ties to even); NULL for a NULL state (no rows).';

CREATE OR REPLACE AGGREGATE employment_kpi.fsum(float8) (
    SFUNC = employment_kpi_internal.fsum_accum,
    STYPE = float8[],
    COMBINEFUNC = employment_kpi_internal.fsum_combine,
    FINALFUNC = employment_kpi_internal.fsum_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE employment_kpi.fsum(float8) IS
'Correctly rounded sum of double precision values (Shewchuk 1997 exact partials): the result depends only on the multiset of inputs, never on their order, the plan or parallel workers, unlike sum(float8) whose last bits follow the order of addition. NULLs are skipped; no rows gives NULL; NaN or infinite inputs raise invalid_parameter_value (22023).';
