
-- ---------------------------------------------------------------------------
-- 80_effects.sql: intervention effectiveness (issue 4).  The effect type and
-- its aggregates (src/effect.c), the treated/comparison person-week
-- construction, intervention_effect() and intervention_exit_curve().
-- ---------------------------------------------------------------------------

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

-- ---- aggregates -----------------------------------------------------------

CREATE FUNCTION employment_kpi.matched_effect_transfn(employment_kpi.effect, text, boolean, boolean)
RETURNS employment_kpi.effect
AS 'MODULE_PATHNAME', 'effect_agg_transfn'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.matched_effect_transfn(employment_kpi.effect, text, boolean, boolean) IS
'Transition function of matched_effect_agg(stratum, treated, outcome): counts one observation in its stratum.';

CREATE FUNCTION employment_kpi.matched_effect_transfn(employment_kpi.effect, text, boolean, boolean, bigint)
RETURNS employment_kpi.effect
AS 'MODULE_PATHNAME', 'effect_agg_transfn_n'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.matched_effect_transfn(employment_kpi.effect, text, boolean, boolean, bigint) IS
'Transition function of matched_effect_agg(stratum, treated, outcome, n): counts n equal observations (n >= 0, else 22023).';

CREATE FUNCTION employment_kpi.effect_combine(employment_kpi.effect, employment_kpi.effect)
RETURNS employment_kpi.effect
AS 'MODULE_PATHNAME', 'effect_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.effect_combine(employment_kpi.effect, employment_kpi.effect) IS
'Adds two effects stratum by stratum: combine function of matched_effect_agg, transition function of rollup(effect).';

CREATE FUNCTION employment_kpi.effect_finalize(employment_kpi.effect)
RETURNS employment_kpi.effect
AS 'MODULE_PATHNAME', 'effect_finalize'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.effect_finalize(employment_kpi.effect) IS
'Final function of matched_effect_agg and rollup(effect): the canonical compact form of a state.';

CREATE AGGREGATE employment_kpi.matched_effect_agg(text, boolean, boolean) (
    SFUNC = employment_kpi.matched_effect_transfn,
    STYPE = employment_kpi.effect,
    FINALFUNC = employment_kpi.effect_finalize,
    COMBINEFUNC = employment_kpi.effect_combine,
    INITCOND = 'v1:{}',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE employment_kpi.matched_effect_agg(text, boolean, boolean) IS
'Matched comparison: matched_effect_agg(stratum, treated, outcome) with one row per treated or comparison observation, e.g. stratum = group|week|duration band|prior participation, outcome = exit within H weeks. Rows with a NULL argument (a NULL outcome = not yet observable, censored) are ignored. Read with effect_att, effect_se, effect_ci_low/high, effect_treated, effect_controls, effect_unmatched, effect_treated_rate, effect_control_rate.';

CREATE AGGREGATE employment_kpi.matched_effect_agg(text, boolean, boolean, bigint) (
    SFUNC = employment_kpi.matched_effect_transfn,
    STYPE = employment_kpi.effect,
    FINALFUNC = employment_kpi.effect_finalize,
    COMBINEFUNC = employment_kpi.effect_combine,
    INITCOND = 'v1:{}',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE employment_kpi.matched_effect_agg(text, boolean, boolean, bigint) IS
'matched_effect_agg for pre-counted input: matched_effect_agg(stratum, treated, outcome, n) counts n equal observations; the same value as n rows of matched_effect_agg(stratum, treated, outcome).';

CREATE AGGREGATE employment_kpi.rollup(employment_kpi.effect) (
    SFUNC = employment_kpi.effect_combine,
    STYPE = employment_kpi.effect,
    FINALFUNC = employment_kpi.effect_finalize,
    COMBINEFUNC = employment_kpi.effect_combine,
    INITCOND = 'v1:{}',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE employment_kpi.rollup(employment_kpi.effect) IS
'Adds effects stratum by stratum (counts of equal strata added): rollup of per-month effects equals the effect of the whole period.';

-- ---- accessors ------------------------------------------------------------

CREATE FUNCTION employment_kpi.effect_att(e employment_kpi.effect)
RETURNS float8 AS 'MODULE_PATHNAME', 'effect_att'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.effect_att(employment_kpi.effect) IS
'Average effect on the treated (ATT): the treated-weighted mean over strata with both treated and comparison observations of (treated rate - comparison rate); NULL without matched treated.';

CREATE FUNCTION employment_kpi.effect_se(e employment_kpi.effect)
RETURNS float8 AS 'MODULE_PATHNAME', 'effect_se'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.effect_se(employment_kpi.effect) IS
'Standard error of the ATT: sum over strata of w^2 (q(1-q)/n1 + r(1-r)/n0), w = n1/N1, r = (y0 + 1/2)/(n0 + 1) the stratum''s comparison rate, q = r + ATT clipped to [0, 1] (the treated side uses the comparison rate shifted by the effect, never the plug-in treated rate, which is 0 or 1 in one-citizen strata); NULL without matched treated.';

CREATE FUNCTION employment_kpi.effect_ci_low(e employment_kpi.effect, conf float8 DEFAULT 0.95)
RETURNS float8 AS 'MODULE_PATHNAME', 'effect_ci_low'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.effect_ci_low(employment_kpi.effect, float8) IS
'Lower limit of the normal confidence interval ATT - z SE at level conf (default 0.95), clipped to [-1, 1]; conf outside (0, 1) raises 22023; NULL without matched treated.';

CREATE FUNCTION employment_kpi.effect_ci_high(e employment_kpi.effect, conf float8 DEFAULT 0.95)
RETURNS float8 AS 'MODULE_PATHNAME', 'effect_ci_high'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.effect_ci_high(employment_kpi.effect, float8) IS
'Upper limit of the normal confidence interval ATT + z SE at level conf (default 0.95), clipped to [-1, 1]; conf outside (0, 1) raises 22023; NULL without matched treated.';

CREATE FUNCTION employment_kpi.effect_treated(e employment_kpi.effect)
RETURNS bigint AS 'MODULE_PATHNAME', 'effect_treated'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.effect_treated(employment_kpi.effect) IS
'Matched treated observations: treated in strata that have comparison observations.';

CREATE FUNCTION employment_kpi.effect_controls(e employment_kpi.effect)
RETURNS bigint AS 'MODULE_PATHNAME', 'effect_controls'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.effect_controls(employment_kpi.effect) IS
'Comparison observations in strata that have treated observations (a citizen counts once per stratum, e.g. once per week).';

CREATE FUNCTION employment_kpi.effect_unmatched(e employment_kpi.effect)
RETURNS bigint AS 'MODULE_PATHNAME', 'effect_unmatched'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.effect_unmatched(employment_kpi.effect) IS
'Unmatched treated observations: treated in strata without any comparison observation; they are left out of the ATT and reported here.';

CREATE FUNCTION employment_kpi.effect_treated_rate(e employment_kpi.effect)
RETURNS float8 AS 'MODULE_PATHNAME', 'effect_treated_rate'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.effect_treated_rate(employment_kpi.effect) IS
'Outcome rate of the matched treated; NULL without matched treated.';

CREATE FUNCTION employment_kpi.effect_control_rate(e employment_kpi.effect)
RETURNS float8 AS 'MODULE_PATHNAME', 'effect_control_rate'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.effect_control_rate(employment_kpi.effect) IS
'Comparison outcome rate weighted by the treated per stratum (what would have happened without the offer); effect_treated_rate - effect_control_rate = effect_att. NULL without matched treated.';

CREATE FUNCTION employment_kpi.effect_strata(e employment_kpi.effect)
RETURNS integer AS 'MODULE_PATHNAME', 'effect_strata'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.effect_strata(employment_kpi.effect) IS
'Number of strata held (with treated or comparison observations).';

-- ---- the person-week construction -----------------------------------------
--
-- One pass of set logic over spells, periods and interventions:
--   * last_day: the Sunday of the latest ISO week with a fact (a spell start
--     or end, a held conversation date, an intervention start): the data's
--     end.  Outcomes not observable by then are censored.
--   * grid: one row per citizen and ISO week on support (a spell overlaps the
--     week; when a spell ends and the next starts in the same week the week
--     belongs to the later spell, as the simulation's Monday group change),
--     with the group of that spell, the duration band (weeks since the
--     support period's first week: 0-12, 13-25, 26-51, 52-103, 104+), prior
--     participation (an intervention started in this period before the
--     week) and the week offset of the period's end.
--   * a week is treated for type T when the citizen starts T in it and no
--     other intervention overlaps the week; a comparison week when no
--     intervention overlaps it (the citizen may start one later).  Weeks
--     with a running intervention, or a start during another one, are
--     neither.
-- Returned: treated rows one per start (kind 'T'), comparison rows counted
-- per stratum and duration (kind 'C').  dur = weeks from the start week's
-- Monday to the end of the period (1 = ended in the start week), capped at
-- cap + 1; ev = the period ended there with an exit (afgang); censored
-- otherwise (moved/deceased, or ongoing at the data's end: dur = full weeks
-- observed).  days = days on support within horizon_weeks from the Monday.
-- The data's end for the effects: outcomes later than this are censored.
CREATE FUNCTION employment_kpi.effect_data_end()
RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT (pg_catalog.date_trunc('week', greatest(
                (SELECT pg_catalog.max(s.start_date) FROM employment_kpi.support_spell s),
                (SELECT pg_catalog.max(s.end_date) FROM employment_kpi.support_spell s),
                (SELECT pg_catalog.max(v.held_on) FROM employment_kpi.conversation v),
                (SELECT pg_catalog.max(i.start_date) FROM employment_kpi.intervention i)))::date + 6)
$$;

COMMENT ON FUNCTION employment_kpi.effect_data_end() IS
'The data''s end for intervention_effect and intervention_exit_curve: the Sunday of the latest ISO week holding a fact (spell start or end, conversation, intervention start). Outcomes not observable by then are censored. NULL without facts.';

-- The person-weeks of the citizens (all when citizens is NULL) from the ISO
-- week of from_date to to_date (NULL = unbounded), before anything that
-- depends on a horizon, a cap or the start period: one row per citizen and
-- week that is a comparison week (kind C) or a treated start (kind T).  A
-- row does not depend on from_date, to_date or citizens (they only choose
-- which rows are built), nor, once its week is over, on later facts of other
-- citizens or on a later data end: the BI layer keeps these rows
-- (mv_effect_week) and rebuilds only the changed citizens' rows and the new
-- weeks.  end_date is NULL while the support period is ongoing.
CREATE FUNCTION employment_kpi.effect_week_rows(from_date date, to_date date, citizens text[])
RETURNS TABLE (citizen_id text, week date, kind text, group_code text, band int, prior boolean,
               period_week int, end_date date, is_exit boolean, weekly_benefit_dkk numeric,
               type_code text, iv_start date, cost_dkk numeric, planned_weeks int, iv_end date)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
WITH bounds AS MATERIALIZED (
    SELECT employment_kpi.effect_data_end() AS last_day,
           pg_catalog.date_trunc('week', coalesce($1, '-infinity'::date))::date AS first_week
), per AS MATERIALIZED (
    SELECT p.citizen_id, p.start_date,
           CASE WHEN p.end_date > b.last_day THEN NULL ELSE p.end_date END AS end_date,
           p.is_exit AND p.end_date <= b.last_day AS is_exit,
           pg_catalog.date_trunc('week', p.start_date)::date AS first_week
      FROM employment_kpi.support_period p, bounds b
     WHERE ($3 IS NULL OR p.citizen_id = ANY ($3))
       -- periods over before the first week have no week in the grid
       AND ($1 IS NULL OR p.end_date IS NULL OR p.end_date >= b.first_week)
), spell AS (
    SELECT s.citizen_id, s.group_code, s.weekly_benefit_dkk,
           pg_catalog.date_trunc('week', s.start_date)::date AS w0,
           pg_catalog.date_trunc('week', least(coalesce(s.end_date, b.last_day), b.last_day))::date
             - CASE WHEN pg_catalog.date_trunc('week', pg_catalog.lead(s.start_date) OVER w)
                       = pg_catalog.date_trunc('week', s.end_date) THEN 7 ELSE 0 END AS w1,
           s.start_date
      FROM employment_kpi.support_spell s, bounds b
     WHERE s.start_date <= b.last_day AND ($3 IS NULL OR s.citizen_id = ANY ($3))
    WINDOW w AS (PARTITION BY s.citizen_id ORDER BY s.start_date)
), spell_per AS MATERIALIZED (
    -- (materialized: the first intervention is looked up once per spell, not per week)
    SELECT sp.*, p.first_week, p.end_date, p.is_exit, p.start_date AS period_start,
           (SELECT pg_catalog.min(i.start_date) FROM employment_kpi.intervention i
             WHERE i.citizen_id = sp.citizen_id AND i.start_date >= p.start_date
               AND i.start_date <= coalesce(p.end_date, 'infinity')) AS first_iv
      FROM spell sp
      JOIN per p ON p.citizen_id = sp.citizen_id
       AND sp.start_date >= p.start_date AND sp.start_date <= coalesce(p.end_date, 'infinity')
), grid AS (
    SELECT sp.citizen_id, sp.group_code, sp.weekly_benefit_dkk, w.w::date AS week,
           CASE WHEN (w.w::date - sp.first_week) < 13 * 7 THEN 0
                WHEN (w.w::date - sp.first_week) < 26 * 7 THEN 1
                WHEN (w.w::date - sp.first_week) < 52 * 7 THEN 2
                WHEN (w.w::date - sp.first_week) < 104 * 7 THEN 3 ELSE 4 END AS band,
           coalesce(sp.first_iv < w.w::date, false) AS prior,
           (w.w::date - sp.first_week) / 7 AS period_week,
           sp.end_date, sp.is_exit
      FROM spell_per sp, bounds b,
           pg_catalog.generate_series(greatest(sp.w0, b.first_week),
                                      least(sp.w1, coalesce($2, 'infinity'::date)),
                                      interval '7 days') AS w(w)
), iv AS (
    SELECT i.citizen_id, i.type_code, i.start_date, i.cost_dkk,
           pg_catalog.date_trunc('week', i.start_date)::date AS w0,
           ((coalesce(i.end_date, i.start_date) - i.start_date) / 7 + 1)::int AS weeks,
           i.end_date
      FROM employment_kpi.intervention i, bounds b
     WHERE ($3 IS NULL OR i.citizen_id = ANY ($3))
       AND ($1 IS NULL OR coalesce(i.end_date, b.last_day) >= b.first_week)
), ivweek AS (
    SELECT i.citizen_id, w.w::date AS week, pg_catalog.count(*) AS n_iv,
           pg_catalog.min(i.type_code) FILTER (WHERE i.w0 = w.w::date) AS start_type,
           pg_catalog.count(*) FILTER (WHERE i.w0 = w.w::date) AS n_start,
           pg_catalog.min(i.start_date) FILTER (WHERE i.w0 = w.w::date) AS start_date,
           pg_catalog.min(i.cost_dkk) FILTER (WHERE i.w0 = w.w::date) AS cost_dkk,
           pg_catalog.min(i.weeks) FILTER (WHERE i.w0 = w.w::date) AS planned_weeks,
           pg_catalog.min(i.end_date) FILTER (WHERE i.w0 = w.w::date) AS iv_end
      FROM iv i, bounds b,
           pg_catalog.generate_series(greatest(i.w0, b.first_week),
               pg_catalog.date_trunc('week', coalesce(i.end_date, b.last_day))::date,
               interval '7 days') AS w(w)
     GROUP BY 1, 2
)
SELECT g.citizen_id, g.week, CASE WHEN x.n_iv IS NULL THEN 'C' ELSE 'T' END, g.group_code, g.band, g.prior,
       g.period_week, g.end_date, g.is_exit, g.weekly_benefit_dkk,
       x.start_type, x.start_date, x.cost_dkk, x.planned_weeks, x.iv_end
  FROM grid g
  LEFT JOIN ivweek x ON x.citizen_id = g.citizen_id AND x.week = g.week
 WHERE x.n_iv IS NULL OR (x.n_iv = 1 AND x.n_start = 1)
$$;

COMMENT ON FUNCTION employment_kpi.effect_week_rows(date, date, text[]) IS
'Internal building block of the effects: the person-weeks of the citizens (NULL = all) from the ISO week of from_date to to_date (NULL = unbounded) that are comparison weeks (kind C: on support, no offer running or starting) or treated starts (kind T: one offer starting, none other running), with the target group, duration band, prior participation, weeks since the support period began (period_week), the period''s end (NULL = ongoing at the data''s end) and exit, and for kind T the offer''s type, start, cost, planned weeks and end. Nothing in a row depends on a horizon, so effect_person_weeks derives durations and outcomes from it, and mv_effect_week keeps it.';

-- The BI layer's copy of effect_week_rows for every citizen and week, kept by
-- refresh() (see 93_bi_effects.sql; created here because the effect
-- functions below can read it).
CREATE TABLE employment_kpi.mv_effect_week (
    citizen_id          text NOT NULL,
    week                date NOT NULL,
    kind                text NOT NULL CHECK (kind IN ('C', 'T')),
    group_code          text NOT NULL,
    band                int NOT NULL,
    prior               boolean NOT NULL,
    period_week         int NOT NULL,
    end_date            date NULL,
    is_exit             boolean NULL,
    weekly_benefit_dkk  numeric NULL,
    type_code           text NULL,
    iv_start            date NULL,
    cost_dkk            numeric NULL,
    planned_weeks       int NULL,
    iv_end              date NULL,
    PRIMARY KEY (citizen_id, week)
);

CREATE INDEX mv_effect_week_week ON employment_kpi.mv_effect_week (week);
COMMENT ON INDEX employment_kpi.mv_effect_week_week IS 'Finds the weeks a refresh adds.';
CREATE INDEX mv_effect_week_starts ON employment_kpi.mv_effect_week (week) WHERE kind = 'T';
COMMENT ON INDEX employment_kpi.mv_effect_week_starts IS 'Finds the treated starts of the start periods a refresh recomputes (2% of the rows).';

COMMENT ON TABLE employment_kpi.mv_effect_week IS
'BI storage (summary table, maintained by refresh()): effect_week_rows(NULL, NULL, NULL), the comparison weeks and treated starts of every citizen, from which the effect relations (mv_intervention_effect, mv_exit_curve) are computed. A refresh rebuilds the rows of the citizens whose spells or offers changed and adds the weeks since the data''s previous end. Not granted to readers: it holds citizen ids.';
COMMENT ON COLUMN employment_kpi.mv_effect_week.citizen_id IS 'Pseudonymous citizen id.';
COMMENT ON COLUMN employment_kpi.mv_effect_week.week IS 'Monday of the ISO week.';
COMMENT ON COLUMN employment_kpi.mv_effect_week.kind IS 'C = comparison week (on support, no offer running or starting); T = treated start (one offer starts, no other runs).';
COMMENT ON COLUMN employment_kpi.mv_effect_week.group_code IS 'Target group (målgruppe) of the spell holding the week.';
COMMENT ON COLUMN employment_kpi.mv_effect_week.band IS 'Duration band: weeks since the support period began 0-12 = 0, 13-25 = 1, 26-51 = 2, 52-103 = 3, 104+ = 4.';
COMMENT ON COLUMN employment_kpi.mv_effect_week.prior IS 'An offer started earlier in the support period (prior participation).';
COMMENT ON COLUMN employment_kpi.mv_effect_week.period_week IS 'Weeks since the support period''s first week.';
COMMENT ON COLUMN employment_kpi.mv_effect_week.end_date IS 'Last day of the support period; NULL = ongoing at the data''s end.';
COMMENT ON COLUMN employment_kpi.mv_effect_week.is_exit IS 'The support period ended with an exit (afgang til selvforsørgelse).';
COMMENT ON COLUMN employment_kpi.mv_effect_week.weekly_benefit_dkk IS 'Weekly benefit of the spell holding the week.';
COMMENT ON COLUMN employment_kpi.mv_effect_week.type_code IS 'Kind T: the offer type started (tilbudstype); NULL on kind C.';
COMMENT ON COLUMN employment_kpi.mv_effect_week.iv_start IS 'Kind T: the offer''s start date.';
COMMENT ON COLUMN employment_kpi.mv_effect_week.cost_dkk IS 'Kind T: the offer''s cost.';
COMMENT ON COLUMN employment_kpi.mv_effect_week.planned_weeks IS 'Kind T: the offer''s length in weeks (start to end; 1 while it has no end).';
COMMENT ON COLUMN employment_kpi.mv_effect_week.iv_end IS 'Kind T: the offer''s end date (NULL = ongoing).';

-- The comparison weeks of mv_effect_week counted per stratum and outcome,
-- kept with it by refresh() (a delta per changed citizen): what the effect
-- relations read instead of the 1.7 million rows of a 50,000-citizen
-- municipality.  An ongoing period's outcome depends on the data's end, so
-- those weeks are counted under dur = 0 and get their duration when read.
-- Durations are capped at 53 weeks (cap 52, as the BI relations use).
CREATE TABLE employment_kpi.bi_effect_comparison (
    group_code  text NOT NULL,
    week        date NOT NULL,
    band        int NOT NULL,
    prior       boolean NOT NULL,
    dur         int NOT NULL CHECK (dur BETWEEN 0 AND 53),
    ev          boolean NOT NULL,
    n           bigint NOT NULL,
    raw_days    bigint NOT NULL,
    PRIMARY KEY (group_code, week, band, prior, dur, ev)
);

COMMENT ON TABLE employment_kpi.bi_effect_comparison IS
'Internal BI storage (maintained by refresh() together with mv_effect_week, not a registered relation of its own): its comparison weeks (kind C) counted per target group, week, duration band, prior participation and outcome. Not granted to readers.';
COMMENT ON COLUMN employment_kpi.bi_effect_comparison.group_code IS 'Target group (målgruppe).';
COMMENT ON COLUMN employment_kpi.bi_effect_comparison.week IS 'Monday of the ISO week.';
COMMENT ON COLUMN employment_kpi.bi_effect_comparison.band IS 'Duration band (see mv_effect_week.band).';
COMMENT ON COLUMN employment_kpi.bi_effect_comparison.prior IS 'Prior participation.';
COMMENT ON COLUMN employment_kpi.bi_effect_comparison.dur IS 'Weeks from the week''s Monday to the end of the support period, capped at 53; 0 = the period is ongoing (the duration follows from the data''s end when read).';
COMMENT ON COLUMN employment_kpi.bi_effect_comparison.ev IS 'The period ended with an exit within 52 weeks.';
COMMENT ON COLUMN employment_kpi.bi_effect_comparison.n IS 'Comparison weeks.';
COMMENT ON COLUMN employment_kpi.bi_effect_comparison.raw_days IS 'Sum over the ended periods of the days from the week''s Monday to the period''s end (inclusive): the days on support within a horizon of at least dur weeks.';

-- The comparison weeks of mv_effect_week in the terms of
-- bi_effect_comparison: how its rows are counted, and how a changed
-- citizen's weeks are subtracted and added again.
CREATE VIEW employment_kpi.effect_comparison_week AS
SELECT m.citizen_id, m.group_code, m.week, m.band, m.prior,
       CASE WHEN m.end_date IS NULL THEN 0 ELSE least((m.end_date - m.week) / 7 + 1, 53) END AS dur,
       m.end_date IS NOT NULL AND coalesce(m.is_exit, false) AND (m.end_date - m.week) / 7 + 1 <= 52 AS ev,
       coalesce(m.end_date + 1 - m.week, 0)::bigint AS raw_days
  FROM employment_kpi.mv_effect_week m
 WHERE m.kind = 'C';

COMMENT ON VIEW employment_kpi.effect_comparison_week IS
'Internal: the comparison weeks of mv_effect_week with the duration (0 = ongoing), exit and days as counted in bi_effect_comparison. Not granted to readers.';
COMMENT ON COLUMN employment_kpi.effect_comparison_week.citizen_id IS 'Pseudonymous citizen id.';
COMMENT ON COLUMN employment_kpi.effect_comparison_week.group_code IS 'Target group (målgruppe).';
COMMENT ON COLUMN employment_kpi.effect_comparison_week.week IS 'Monday of the ISO week.';
COMMENT ON COLUMN employment_kpi.effect_comparison_week.band IS 'Duration band.';
COMMENT ON COLUMN employment_kpi.effect_comparison_week.prior IS 'Prior participation.';
COMMENT ON COLUMN employment_kpi.effect_comparison_week.dur IS 'Weeks to the end of the support period, capped at 53; 0 = ongoing.';
COMMENT ON COLUMN employment_kpi.effect_comparison_week.ev IS 'Ended with an exit within 52 weeks.';
COMMENT ON COLUMN employment_kpi.effect_comparison_week.raw_days IS 'Days from the week''s Monday to the period''s end (0 while ongoing).';

-- Durations and outcomes from the person-weeks, live (stored false: built
-- from the facts now) or from mv_effect_week (stored true: what the BI
-- relations use; equal to the live rows once refresh() has run).
CREATE FUNCTION employment_kpi.effect_person_weeks_of(
    horizon_weeks int, from_date date, to_date date, group_code text, cap int, stored boolean)
RETURNS TABLE (kind text, type_code text, group_code text, week date, band int,
               prior boolean, citizen_id text, dur int, ev boolean, n bigint,
               days bigint, planned_weeks int, cost_dkk numeric,
               weekly_benefit_dkk numeric, observable_to date, period_week int,
               start_date date)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
WITH bounds AS MATERIALIZED (
    SELECT employment_kpi.effect_data_end() AS last_day
), r AS (
    SELECT * FROM employment_kpi.effect_week_rows($2, $3, NULL) w
     WHERE NOT $6 AND ($4 IS NULL OR w.group_code = $4)
    UNION ALL
    -- stored: the treated starts here, the comparison weeks already counted below
    SELECT m.* FROM employment_kpi.mv_effect_week m
     WHERE $6 AND m.kind = 'T' AND ($4 IS NULL OR m.group_code = $4)
       AND m.week >= pg_catalog.date_trunc('week', coalesce($2, '-infinity'::date))::date
       AND m.week <= coalesce($3, 'infinity'::date)
), classified AS (
    SELECT r.*,
           CASE WHEN r.end_date IS NULL THEN (b.last_day + 1 - r.week) / 7
                ELSE (r.end_date - r.week) / 7 + 1 END AS dur_raw,
           r.end_date IS NOT NULL AND r.is_exit AS ev_raw,
           least(coalesce(r.end_date + 1 - r.week, 7 * $1), 7 * $1) AS days,
           b.last_day
      FROM r CROSS JOIN bounds b
)
SELECT 'T', c.type_code, c.group_code, c.week, c.band, c.prior, c.citizen_id,
       least(c.dur_raw, $5 + 1), c.ev_raw AND c.dur_raw <= $5, 1::bigint,
       c.days::bigint,
       -- planned length only when the offer was not cut short by the period's end
       CASE WHEN c.end_date IS NULL OR c.iv_end < c.end_date THEN c.planned_weeks END,
       c.cost_dkk, c.weekly_benefit_dkk, c.last_day + 1, c.period_week, c.iv_start
  FROM classified c
 WHERE c.kind = 'T'
   AND c.iv_start >= coalesce($2, '-infinity'::date) AND c.iv_start <= coalesce($3, 'infinity'::date)
UNION ALL
SELECT 'C', NULL, c.group_code, c.week, c.band, c.prior, NULL,
       least(c.dur_raw, $5 + 1), c.ev_raw AND c.dur_raw <= $5, pg_catalog.count(*),
       pg_catalog.sum(c.days)::bigint, NULL, NULL, NULL, pg_catalog.min(c.last_day) + 1, NULL, NULL
  FROM classified c
 WHERE c.kind = 'C'
 GROUP BY c.group_code, c.week, c.band, c.prior,
          least(c.dur_raw, $5 + 1), c.ev_raw AND c.dur_raw <= $5
UNION ALL
-- stored comparison weeks (cap 52 and horizon <= 52 only: the callers check):
-- within the horizon an ended period's days are its raw days, else 7 x horizon
SELECT 'C', NULL, a.group_code, a.week, a.band, a.prior, NULL, a.d, a.ev, pg_catalog.sum(a.n)::bigint,
       pg_catalog.sum(a.days)::bigint, NULL, NULL, NULL, pg_catalog.min(a.last_day) + 1, NULL, NULL
  FROM (SELECT x.group_code, x.week, x.band, x.prior, x.ev, x.n, b.last_day,
               CASE WHEN x.dur = 0 THEN least((b.last_day + 1 - x.week) / 7, 53) ELSE x.dur END AS d,
               CASE WHEN x.dur > 0 AND x.dur <= $1 THEN x.raw_days ELSE 7 * $1 * x.n END AS days
          FROM employment_kpi.bi_effect_comparison x CROSS JOIN bounds b
         WHERE $6 AND ($4 IS NULL OR x.group_code = $4)
           AND x.week >= pg_catalog.date_trunc('week', coalesce($2, '-infinity'::date))::date
           AND x.week <= coalesce($3, 'infinity'::date)) a
 GROUP BY a.group_code, a.week, a.band, a.prior, a.d, a.ev
$$;

COMMENT ON FUNCTION employment_kpi.effect_person_weeks_of(int, date, date, text, int, boolean) IS
'Internal: effect_person_weeks built from the facts (stored false) or from mv_effect_week and bi_effect_comparison (stored true, what the BI refresh uses after bringing them up to date; only for cap 52 and horizon_weeks <= 52, which the callers check).';

CREATE FUNCTION employment_kpi.effect_person_weeks(
    horizon_weeks int, from_date date, to_date date, group_code text, cap int)
RETURNS TABLE (kind text, type_code text, group_code text, week date, band int,
               prior boolean, citizen_id text, dur int, ev boolean, n bigint,
               days bigint, planned_weeks int, cost_dkk numeric,
               weekly_benefit_dkk numeric, observable_to date, period_week int,
               start_date date)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT * FROM employment_kpi.effect_person_weeks_of($1, $2, $3, $4, $5, false) $$;

COMMENT ON FUNCTION employment_kpi.effect_person_weeks(int, date, date, text, int) IS
'Internal building block of intervention_effect and intervention_exit_curve: treated starts (kind T, one row each) and comparison citizen-weeks counted per stratum (group x ISO week x duration band x prior participation) and duration (kind C). dur = weeks from the week''s Monday to the end of the support period, capped at cap + 1; ev = ended with an exit (afgang) within cap weeks; days = days on support within horizon_weeks; observable_to = the Monday after the data''s last week (an outcome at horizon H is observable when week + 7 H <= observable_to). start_date = the intervention''s start date (kind T; NULL on kind C). Arguments: horizon_weeks, from_date, to_date (NULL = unbounded), group_code (NULL = all), cap.';

-- ---- intervention_effect ---------------------------------------------------

-- Shared argument check of the batched effect functions.
CREATE FUNCTION employment_kpi.effect_check_periods(p_keys text[], p_from date[], p_to date[])
RETURNS void
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_bad text;
BEGIN
    IF p_keys IS NULL OR p_from IS NULL OR p_to IS NULL THEN
        RAISE EXCEPTION 'period_keys, from_dates and to_dates must not be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF array_ndims(p_keys) > 1 OR array_ndims(p_from) > 1 OR array_ndims(p_to) > 1
       OR cardinality(p_keys) <> cardinality(p_from) OR cardinality(p_keys) <> cardinality(p_to) THEN
        RAISE EXCEPTION 'period_keys, from_dates and to_dates must be one-dimensional arrays of the same length'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF array_position(p_keys, NULL) IS NOT NULL THEN
        RAISE EXCEPTION 'period keys must not be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT u.k INTO v_bad FROM unnest(p_keys) AS u(k) GROUP BY u.k HAVING count(*) > 1 LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'period key % occurs more than once', v_bad
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT pg_catalog.format('from_date %s is after to_date %s', to_char(u.f, 'YYYY-MM-DD'), to_char(u.t, 'YYYY-MM-DD'))
      INTO v_bad FROM unnest(p_from, p_to) AS u(f, t) WHERE u.f > u.t LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION '%', v_bad USING ERRCODE = 'invalid_parameter_value';
    END IF;
END
$fn$;

COMMENT ON FUNCTION employment_kpi.effect_check_periods(text[], date[], date[]) IS
'Internal: validates the period arrays of intervention_effect_periods and intervention_exit_curve_periods (not NULL, one-dimensional, equal lengths, distinct non-NULL keys, from <= to); raises 22004 or 22023.';

-- The work is done by a PL/pgSQL function whose parameter names differ from
-- the output columns (PL/pgSQL rejects a name used for both); the public
-- function is a plain SQL wrapper with the documented signature.
--
-- Batched form: one pass over the person-weeks for any number of start
-- periods (the BI layer asks for every calendar quarter and the last 12
-- months at once; the person-week construction is most of the cost and does
-- not depend on the period).  Each period's rows equal
-- intervention_effect(h, from, to, group): the treated are joined to the
-- periods holding their start date, and everything after that is grouped by
-- the period as well.  Comparison rows depend only on their week, so a week
-- shared by two periods gives both the same comparison.  Sums of float8
-- values are order-independent (fsum, correctly rounded) or take their input
-- in a fixed order (ORDER BY inside the aggregate), so a period's figures do
-- not depend on which other periods are computed with it, to the last bit
-- (an incremental BI refresh equals a full one).
CREATE FUNCTION employment_kpi.intervention_effect_periods_of(
    p_horizon int, p_keys text[], p_from date[], p_to date[], p_group text, p_stored boolean)
RETURNS TABLE (period_key text, type_code text, group_code text, participants bigint,
               exit_rate float8, exit_rate_low float8, exit_rate_high float8,
               comparison_rate float8, att float8, att_low float8, att_high float8,
               unmatched bigint, median_weeks_to_exit float8, comparison_median_weeks float8,
               lock_in float8, self_support_share float8, cost_per_participant numeric,
               cost_per_extra_exit numeric, net_municipal_saving_per_participant numeric)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
DECLARE
    h int := p_horizon;
    cap int;
    v_lo date;
    v_hi date;
BEGIN
    IF h IS NULL OR h < 1 OR h > 520 THEN
        RAISE EXCEPTION 'horizon_weeks must be between 1 and 520, got %', coalesce(h::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM employment_kpi.effect_check_periods(p_keys, p_from, p_to);
    IF p_stored AND h > 52 THEN
        RAISE EXCEPTION 'the stored person-weeks serve horizons up to 52 weeks, got %', h
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF cardinality(p_keys) = 0 THEN
        RETURN;
    END IF;
    -- the weeks of the person-week grid: from the earliest to the latest bound (NULL = unbounded)
    SELECT CASE WHEN bool_or(u.f IS NULL) THEN NULL ELSE min(u.f) END,
           CASE WHEN bool_or(u.t IS NULL) THEN NULL ELSE max(u.t) END
      INTO v_lo, v_hi
      FROM unnest(p_from, p_to) AS u(f, t);
    cap := greatest(h, 52);
    RETURN QUERY
    WITH per AS (
        SELECT u.k, coalesce(u.f, '-infinity'::date) AS f, coalesce(u.t, 'infinity'::date) AS t
          FROM unnest(p_keys, p_from, p_to) AS u(k, f, t)
    ), pw AS MATERIALIZED (
        SELECT * FROM employment_kpi.effect_person_weeks_of(h, v_lo, v_hi, p_group, cap, p_stored)
    ), stratum AS (
        -- comparison per stratum: observations, exits within H, mean days on support
        SELECT p.group_code, p.week, p.band, p.prior,
               sum(p.n) AS n0,
               sum(p.n) FILTER (WHERE p.ev AND p.dur <= h) AS y0,
               sum(p.days)::float8 / sum(p.n) AS days0,
               min(p.observable_to) AS observable_to
          FROM pw p WHERE p.kind = 'C'
         GROUP BY 1, 2, 3, 4
    ), treated AS (
        -- one row per start and period holding its start date
        SELECT q.k AS pkey, p.*, p.group_code || '|' || p.week || '|' || p.band || '|' || p.prior::text AS key,
               p.week + 7 * h <= p.observable_to AS obs_h,
               s.n0, s.days0
          FROM pw p
          JOIN per q ON p.start_date >= q.f AND p.start_date <= q.t
          LEFT JOIN stratum s ON s.group_code = p.group_code AND s.week = p.week
               AND s.band = p.band AND s.prior = p.prior
         WHERE p.kind = 'T'
    ), lock_len AS (
        -- planned length of the offer (median of those not cut short), weeks
        SELECT t.pkey, t.type_code, t.group_code,
               percentile_disc(0.5) WITHIN GROUP (ORDER BY t.planned_weeks) AS l
          FROM treated t GROUP BY 1, 2, 3
    ), cells AS (
        SELECT DISTINCT t.pkey, t.type_code, t.group_code, t.week, t.band, t.prior, t.key,
               coalesce(l.l, h) AS l
          FROM treated t JOIN lock_len l USING (pkey, type_code, group_code)
    ), ctrl AS (
        -- comparison counts fed to the effect aggregates, per treated cell,
        -- summed per outcome first: the aggregate adds whole counts per
        -- stratum, so only the work changes (a tenth of the rows)
        SELECT c.pkey, c.type_code, c.group_code, c.key,
               p.week + 7 * h <= p.observable_to AS obs_h,
               p.week + 7 * c.l <= p.observable_to AS obs_l,
               p.ev AND p.dur <= h AS y_h, p.ev AND p.dur <= c.l AS y_l, sum(p.n)::bigint AS n
          FROM cells c JOIN pw p ON p.kind = 'C' AND p.group_code = c.group_code
           AND p.week = c.week AND p.band = c.band AND p.prior = c.prior
         GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
    ), eff AS (
        SELECT x.pkey, x.type_code, x.group_code,
               employment_kpi.matched_effect_agg(x.key, x.treated, x.y_h, x.n) FILTER (WHERE x.obs_h) AS e_h,
               employment_kpi.matched_effect_agg(x.key, x.treated, x.y_l, x.n) FILTER (WHERE x.obs_l) AS e_l
          FROM (SELECT c.pkey, c.type_code, c.group_code, c.key, false AS treated, c.obs_h, c.obs_l,
                       c.y_h, c.y_l, c.n FROM ctrl c
                UNION ALL
                SELECT t.pkey, t.type_code, t.group_code, t.key, true, t.obs_h,
                       t.week + 7 * coalesce(l.l, h) <= t.observable_to,
                       t.ev AND t.dur <= h, t.ev AND t.dur <= coalesce(l.l, h), 1
                  FROM treated t JOIN lock_len l USING (pkey, type_code, group_code)) x
         GROUP BY 1, 2, 3
    ), cmp_km AS (
        -- comparison Kaplan-Meier weighted by treated per stratum (weights n1/n0)
        SELECT q.pkey, q.type_code, q.group_code,
               min(q.dur) FILTER (WHERE q.s <= 0.5)::float8 AS median
          FROM (SELECT z.pkey, z.type_code, z.group_code, z.dur,
                       exp(sum(ln(greatest(1 - z.d / nullif(z.r, 0), 1e-300)))
                           OVER (PARTITION BY z.pkey, z.type_code, z.group_code ORDER BY z.dur)) AS s
                  FROM (SELECT y.pkey, y.type_code, y.group_code, y.dur, y.d,
                               sum(y.tot) OVER (PARTITION BY y.pkey, y.type_code, y.group_code ORDER BY y.dur DESC) AS r
                          FROM (SELECT w.pkey, w.type_code, w.group_code, p.dur,
                                       -- (fsum: correctly rounded whatever the input order, so a
                                       -- period's figures do not depend on the other periods)
                                       employment_kpi.fsum(p.n * w.wt) AS tot,
                                       coalesce(employment_kpi.fsum(p.n * w.wt) FILTER (WHERE p.ev), 0) AS d
                                  FROM (SELECT t.pkey, t.type_code, t.group_code, t.week, t.band, t.prior,
                                               count(*)::float8 / min(t.n0) AS wt
                                          FROM treated t WHERE t.n0 > 0 GROUP BY 1, 2, 3, 4, 5, 6) w
                                  JOIN pw p ON p.kind = 'C' AND p.group_code = w.group_code
                                   AND p.week = w.week AND p.band = w.band AND p.prior = w.prior
                                 GROUP BY 1, 2, 3, 4) y) z) q
         GROUP BY 1, 2, 3
    ), per_cell AS (
        SELECT t.pkey, t.type_code, t.group_code,
               count(*) AS participants,
               count(*) FILTER (WHERE t.obs_h) AS n_obs,
               count(*) FILTER (WHERE t.obs_h AND t.ev AND t.dur <= h) AS y_obs,
               employment_kpi.km_median(employment_kpi.survival_agg(t.dur, t.ev)) AS median_weeks,
               avg(CASE WHEN t.ev AND t.dur <= h
                        THEN (7 * h - t.days)::float8 / (7 * h) ELSE 0 END
                   ORDER BY t.week, t.citizen_id, t.days) FILTER (WHERE t.obs_h) AS self_support,
               avg(t.cost_dkk) AS cost,
               avg((t.days0 - t.days) / 7.0 * t.weekly_benefit_dkk::float8
                   * (1 - coalesce((SELECT r.rate FROM employment_kpi.refund_rate r
                                     WHERE r.from_week <= t.period_week + 1 + h / 2
                                       AND (r.to_week IS NULL OR r.to_week >= t.period_week + 1 + h / 2)
                                     ORDER BY r.from_week DESC LIMIT 1), 0)::float8)
                   ORDER BY t.week, t.citizen_id, t.days)
                   FILTER (WHERE t.obs_h AND t.n0 > 0 AND t.weekly_benefit_dkk IS NOT NULL) AS saving
          FROM treated t
         GROUP BY 1, 2, 3
    ), k AS (
        SELECT coalesce((SELECT c.suppression_k FROM employment_kpi.config c), 5) AS k
    )
    SELECT pc.pkey, pc.type_code, pc.group_code, pc.participants,
           CASE WHEN sup THEN NULL ELSE pc.y_obs::float8 / nullif(pc.n_obs, 0) END,
           CASE WHEN sup THEN NULL ELSE employment_kpi.wilson_low(pc.y_obs, pc.n_obs) END,
           CASE WHEN sup THEN NULL ELSE employment_kpi.wilson_high(pc.y_obs, pc.n_obs) END,
           CASE WHEN sup THEN NULL ELSE employment_kpi.effect_control_rate(e.e_h) END,
           CASE WHEN sup THEN NULL ELSE employment_kpi.effect_att(e.e_h) END,
           CASE WHEN sup THEN NULL ELSE employment_kpi.effect_ci_low(e.e_h) END,
           CASE WHEN sup THEN NULL ELSE employment_kpi.effect_ci_high(e.e_h) END,
           coalesce(employment_kpi.effect_unmatched(e.e_h), 0),
           CASE WHEN sup THEN NULL ELSE pc.median_weeks END,
           CASE WHEN sup THEN NULL ELSE ck.median END,
           CASE WHEN sup THEN NULL ELSE employment_kpi.effect_att(e.e_l) END,
           CASE WHEN sup THEN NULL ELSE pc.self_support END,
           CASE WHEN sup THEN NULL ELSE round(pc.cost, 2) END,
           CASE WHEN sup OR employment_kpi.effect_att(e.e_h) <= 0
                     OR employment_kpi.effect_ci_low(e.e_h) <= 0 THEN NULL
                ELSE round(pc.cost / employment_kpi.effect_att(e.e_h)::numeric, 2) END,
           CASE WHEN sup THEN NULL ELSE round(pc.saving::numeric - coalesce(pc.cost, 0), 2) END
      FROM per_cell pc
      CROSS JOIN k
      CROSS JOIN LATERAL (SELECT pc.participants < k.k AS sup) s
      LEFT JOIN eff e ON e.pkey = pc.pkey AND e.type_code = pc.type_code AND e.group_code = pc.group_code
      LEFT JOIN cmp_km ck ON ck.pkey = pc.pkey AND ck.type_code = pc.type_code AND ck.group_code = pc.group_code
     ORDER BY 1, 2, 3;
END
$fn$;

COMMENT ON FUNCTION employment_kpi.intervention_effect_periods_of(int, text[], date[], date[], text, boolean) IS
'Internal: intervention_effect_periods from the live person-weeks (stored false) or from mv_effect_week (stored true: the BI refresh, after bringing mv_effect_week up to date).';

CREATE FUNCTION employment_kpi.intervention_effect_periods(
    p_horizon int, p_keys text[], p_from date[], p_to date[], p_group text DEFAULT NULL)
RETURNS TABLE (period_key text, type_code text, group_code text, participants bigint,
               exit_rate float8, exit_rate_low float8, exit_rate_high float8,
               comparison_rate float8, att float8, att_low float8, att_high float8,
               unmatched bigint, median_weeks_to_exit float8, comparison_median_weeks float8,
               lock_in float8, self_support_share float8, cost_per_participant numeric,
               cost_per_extra_exit numeric, net_municipal_saving_per_participant numeric)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT * FROM employment_kpi.intervention_effect_periods_of($1, $2, $3, $4, $5, false) $$;

COMMENT ON FUNCTION employment_kpi.intervention_effect_periods(int, text[], date[], date[], text) IS
'Batched intervention_effect for many start periods in one pass over the person-weeks: intervention_effect_periods(horizon_weeks, period_keys, from_dates, to_dates, group_code) returns, per period key, exactly the rows of intervention_effect(horizon_weeks, from_date, to_date, group_code) (same columns after period_key; periods may overlap; NULL bounds = unbounded). The three arrays must have the same length, keys must be distinct and not NULL (22023 / 22004), each from_date <= to_date (22023). Used by the BI layer (kpi_intervention_effect).';

-- The public functions keep their own single-range query (the batched
-- functions above serve the BI layer; with one period the planner does
-- better on this form: the validation took many minutes longer through
-- the batched one).  The work is done by a PL/pgSQL function whose parameter names differ from
-- the output columns (PL/pgSQL rejects a name used for both); the public
-- function is a plain SQL wrapper with the documented signature.
CREATE FUNCTION employment_kpi.intervention_effect_rows(
    p_horizon int, p_from date, p_to date, p_group text)
RETURNS TABLE (type_code text, group_code text, participants bigint,
               exit_rate float8, exit_rate_low float8, exit_rate_high float8,
               comparison_rate float8, att float8, att_low float8, att_high float8,
               unmatched bigint, median_weeks_to_exit float8, comparison_median_weeks float8,
               lock_in float8, self_support_share float8, cost_per_participant numeric,
               cost_per_extra_exit numeric, net_municipal_saving_per_participant numeric)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
DECLARE
    h int := p_horizon;
    cap int;
BEGIN
    IF h IS NULL OR h < 1 OR h > 520 THEN
        RAISE EXCEPTION 'horizon_weeks must be between 1 and 520, got %', coalesce(h::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_from > p_to THEN
        RAISE EXCEPTION 'from_date % is after to_date %', to_char(p_from, 'YYYY-MM-DD'), to_char(p_to, 'YYYY-MM-DD')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    cap := greatest(h, 52);
    RETURN QUERY
    WITH pw AS MATERIALIZED (
        SELECT * FROM employment_kpi.effect_person_weeks(h, p_from, p_to, p_group, cap)
    ), stratum AS (
        -- comparison per stratum: observations, exits within H, mean days on support
        SELECT p.group_code, p.week, p.band, p.prior,
               sum(p.n) AS n0,
               sum(p.n) FILTER (WHERE p.ev AND p.dur <= h) AS y0,
               sum(p.days)::float8 / sum(p.n) AS days0,
               min(p.observable_to) AS observable_to
          FROM pw p WHERE p.kind = 'C'
         GROUP BY 1, 2, 3, 4
    ), treated AS (
        SELECT p.*, p.group_code || '|' || p.week || '|' || p.band || '|' || p.prior::text AS key,
               p.week + 7 * h <= p.observable_to AS obs_h,
               s.n0, s.days0
          FROM pw p
          LEFT JOIN stratum s ON s.group_code = p.group_code AND s.week = p.week
               AND s.band = p.band AND s.prior = p.prior
         WHERE p.kind = 'T'
    ), lock_len AS (
        -- planned length of the offer (median of those not cut short), weeks
        SELECT t.type_code, t.group_code,
               percentile_disc(0.5) WITHIN GROUP (ORDER BY t.planned_weeks) AS l
          FROM treated t GROUP BY 1, 2
    ), cells AS (
        SELECT DISTINCT t.type_code, t.group_code, t.week, t.band, t.prior, t.key,
               coalesce(l.l, h) AS l
          FROM treated t JOIN lock_len l USING (type_code, group_code)
    ), ctrl AS (
        -- comparison counts fed to the effect aggregates, per treated cell
        SELECT c.type_code, c.group_code, c.key, c.l,
               p.week + 7 * h <= p.observable_to AS obs_h,
               p.week + 7 * c.l <= p.observable_to AS obs_l,
               p.ev AND p.dur <= h AS y_h, p.ev AND p.dur <= c.l AS y_l, p.n
          FROM cells c JOIN pw p ON p.kind = 'C' AND p.group_code = c.group_code
           AND p.week = c.week AND p.band = c.band AND p.prior = c.prior
    ), eff AS (
        SELECT x.type_code, x.group_code,
               employment_kpi.matched_effect_agg(x.key, x.treated, x.y_h, x.n) FILTER (WHERE x.obs_h) AS e_h,
               employment_kpi.matched_effect_agg(x.key, x.treated, x.y_l, x.n) FILTER (WHERE x.obs_l) AS e_l
          FROM (SELECT c.type_code, c.group_code, c.key, false AS treated, c.obs_h, c.obs_l,
                       c.y_h, c.y_l, c.n FROM ctrl c
                UNION ALL
                SELECT t.type_code, t.group_code, t.key, true, t.obs_h,
                       t.week + 7 * coalesce(l.l, h) <= t.observable_to,
                       t.ev AND t.dur <= h, t.ev AND t.dur <= coalesce(l.l, h), 1
                  FROM treated t JOIN lock_len l USING (type_code, group_code)) x
         GROUP BY 1, 2
    ), cmp_km AS (
        -- comparison Kaplan-Meier weighted by treated per stratum (weights n1/n0)
        SELECT q.type_code, q.group_code,
               min(q.dur) FILTER (WHERE q.s <= 0.5)::float8 AS median
          FROM (SELECT z.type_code, z.group_code, z.dur,
                       exp(sum(ln(greatest(1 - z.d / nullif(z.r, 0), 1e-300)))
                           OVER (PARTITION BY z.type_code, z.group_code ORDER BY z.dur)) AS s
                  FROM (SELECT y.type_code, y.group_code, y.dur, y.d,
                               sum(y.tot) OVER (PARTITION BY y.type_code, y.group_code ORDER BY y.dur DESC) AS r
                          FROM (SELECT w.type_code, w.group_code, p.dur,
                                       sum(p.n * w.wt) AS tot,
                                       coalesce(sum(p.n * w.wt) FILTER (WHERE p.ev), 0) AS d
                                  FROM (SELECT t.type_code, t.group_code, t.week, t.band, t.prior,
                                               count(*)::float8 / min(t.n0) AS wt
                                          FROM treated t WHERE t.n0 > 0 GROUP BY 1, 2, 3, 4, 5) w
                                  JOIN pw p ON p.kind = 'C' AND p.group_code = w.group_code
                                   AND p.week = w.week AND p.band = w.band AND p.prior = w.prior
                                 GROUP BY 1, 2, 3) y) z) q
         GROUP BY 1, 2
    ), per_cell AS (
        SELECT t.type_code, t.group_code,
               count(*) AS participants,
               count(*) FILTER (WHERE t.obs_h) AS n_obs,
               count(*) FILTER (WHERE t.obs_h AND t.ev AND t.dur <= h) AS y_obs,
               employment_kpi.km_median(employment_kpi.survival_agg(t.dur, t.ev)) AS median_weeks,
               avg(CASE WHEN t.ev AND t.dur <= h
                        THEN (7 * h - t.days)::float8 / (7 * h) ELSE 0 END) FILTER (WHERE t.obs_h) AS self_support,
               avg(t.cost_dkk) AS cost,
               avg((t.days0 - t.days) / 7.0 * t.weekly_benefit_dkk::float8
                   * (1 - coalesce((SELECT r.rate FROM employment_kpi.refund_rate r
                                     WHERE r.from_week <= t.period_week + 1 + h / 2
                                       AND (r.to_week IS NULL OR r.to_week >= t.period_week + 1 + h / 2)
                                     ORDER BY r.from_week DESC LIMIT 1), 0)::float8))
                   FILTER (WHERE t.obs_h AND t.n0 > 0 AND t.weekly_benefit_dkk IS NOT NULL) AS saving
          FROM treated t
         GROUP BY 1, 2
    ), k AS (
        SELECT coalesce((SELECT c.suppression_k FROM employment_kpi.config c), 5) AS k
    )
    SELECT pc.type_code, pc.group_code, pc.participants,
           CASE WHEN sup THEN NULL ELSE pc.y_obs::float8 / nullif(pc.n_obs, 0) END,
           CASE WHEN sup THEN NULL ELSE employment_kpi.wilson_low(pc.y_obs, pc.n_obs) END,
           CASE WHEN sup THEN NULL ELSE employment_kpi.wilson_high(pc.y_obs, pc.n_obs) END,
           CASE WHEN sup THEN NULL ELSE employment_kpi.effect_control_rate(e.e_h) END,
           CASE WHEN sup THEN NULL ELSE employment_kpi.effect_att(e.e_h) END,
           CASE WHEN sup THEN NULL ELSE employment_kpi.effect_ci_low(e.e_h) END,
           CASE WHEN sup THEN NULL ELSE employment_kpi.effect_ci_high(e.e_h) END,
           coalesce(employment_kpi.effect_unmatched(e.e_h), 0),
           CASE WHEN sup THEN NULL ELSE pc.median_weeks END,
           CASE WHEN sup THEN NULL ELSE ck.median END,
           CASE WHEN sup THEN NULL ELSE employment_kpi.effect_att(e.e_l) END,
           CASE WHEN sup THEN NULL ELSE pc.self_support END,
           CASE WHEN sup THEN NULL ELSE round(pc.cost, 2) END,
           CASE WHEN sup OR employment_kpi.effect_att(e.e_h) <= 0
                     OR employment_kpi.effect_ci_low(e.e_h) <= 0 THEN NULL
                ELSE round(pc.cost / employment_kpi.effect_att(e.e_h)::numeric, 2) END,
           CASE WHEN sup THEN NULL ELSE round(pc.saving::numeric - coalesce(pc.cost, 0), 2) END
      FROM per_cell pc
      CROSS JOIN k
      CROSS JOIN LATERAL (SELECT pc.participants < k.k AS sup) s
      LEFT JOIN eff e ON e.type_code = pc.type_code AND e.group_code = pc.group_code
      LEFT JOIN cmp_km ck ON ck.type_code = pc.type_code AND ck.group_code = pc.group_code
     ORDER BY 1, 2;
END
$fn$;

COMMENT ON FUNCTION employment_kpi.intervention_effect_rows(int, date, date, text) IS
'Implementation of intervention_effect (same arguments in order, same result); call intervention_effect.';

CREATE FUNCTION employment_kpi.intervention_effect(
    horizon_weeks int DEFAULT 26, from_date date DEFAULT NULL,
    to_date date DEFAULT NULL, group_code text DEFAULT NULL)
RETURNS TABLE (type_code text, group_code text, participants bigint,
               exit_rate float8, exit_rate_low float8, exit_rate_high float8,
               comparison_rate float8, att float8, att_low float8, att_high float8,
               unmatched bigint, median_weeks_to_exit float8, comparison_median_weeks float8,
               lock_in float8, self_support_share float8, cost_per_participant numeric,
               cost_per_extra_exit numeric, net_municipal_saving_per_participant numeric)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT * FROM employment_kpi.intervention_effect_rows($1, $2, $3, $4) $$;

COMMENT ON FUNCTION employment_kpi.intervention_effect(int, date, date, text) IS
'Effect of each intervention type (tilbudstype) on exits from public support (afgang til selvforsørgelse) per citizen group, by dynamic matched comparison ("now versus not now", Sianesi 2004): a citizen starting type T in ISO week w while in no other intervention is compared with citizens of the same group on support in week w, in the same duration band (weeks since the support period began: 0-12, 13-25, 26-51, 52-103, 104+) and with the same prior participation (an intervention earlier in the period), who neither run nor start an intervention in week w (they may start later). One row per type x group with starts in [from_date, to_date] (NULL = unbounded; group_code NULL = all). Columns: participants = eligible starts; exit_rate (Wilson interval exit_rate_low/high) = share of participants whose support period ended with an exit within horizon_weeks of the start week''s Monday, among those whose horizon ends by the data''s last week (later starts are censored: out of the rate denominators, censored in the Kaplan-Meier medians); comparison_rate = treated-weighted comparison exit rate; att, att_low, att_high = ATT with its 95% interval (effect_att/effect_ci_*); unmatched = participants in strata without comparison citizens (left out of the ATT); median_weeks_to_exit = Kaplan-Meier median weeks from the start week to exit, comparison_median_weeks the same for the comparison weighted by treated per stratum (NULL beyond max(horizon, 52) weeks); lock_in = the ATT measured at the planned end of the offer (the median planned length in weeks of the type x group''s offers not cut short); self_support_share = mean share of the horizon''s days after an exit (selvforsørgelsesgrad; a return to support within the horizon is not seen); cost_per_participant = mean intervention.cost_dkk; cost_per_extra_exit = cost_per_participant / att, NULL when att <= 0 or its interval covers 0; net_municipal_saving_per_participant = mean over participants of (comparison - own weeks on support within the horizon) x weekly benefit x (1 - refund_rate at the benefit week count at the middle of the horizon, approximated by weeks since the period began + 1 + horizon/2) - cost_per_participant. Rows with fewer than config.suppression_k participants show counts (participants, unmatched) and NULL for everything else. horizon_weeks must be 1..520 and from_date <= to_date (22023). The data''s end is the Sunday of the latest ISO week holding a fact (spell start or end, conversation, intervention start).';

-- ---- intervention_exit_curve -----------------------------------------------

-- Batched form (one pass over the person-weeks for every period, type and
-- group); intervention_exit_curve is this with one period, type and group.
CREATE FUNCTION employment_kpi.intervention_exit_curve_periods_of(
    p_keys text[], p_from date[], p_to date[], p_max_week int,
    p_type text, p_group text, p_stored boolean)
RETURNS TABLE (period_key text, type_code text, group_code text, arm text, week int,
               surv float8, lower float8, upper float8, n_risk bigint)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
DECLARE
    v_lo date;
    v_hi date;
BEGIN
    IF p_max_week IS NULL OR p_max_week < 1 OR p_max_week > 520 THEN
        RAISE EXCEPTION 'max_week must be between 1 and 520, got %', coalesce(p_max_week::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM employment_kpi.effect_check_periods(p_keys, p_from, p_to);
    IF p_stored AND p_max_week <> 52 THEN
        RAISE EXCEPTION 'the stored person-weeks serve max_week 52 only, got %', p_max_week
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF cardinality(p_keys) = 0 THEN
        RETURN;
    END IF;
    SELECT CASE WHEN bool_or(u.f IS NULL) THEN NULL ELSE min(u.f) END,
           CASE WHEN bool_or(u.t IS NULL) THEN NULL ELSE max(u.t) END
      INTO v_lo, v_hi
      FROM unnest(p_from, p_to) AS u(f, t);
    RETURN QUERY
    WITH per AS (
        SELECT u.k, coalesce(u.f, '-infinity'::date) AS f, coalesce(u.t, 'infinity'::date) AS t
          FROM unnest(p_keys, p_from, p_to) AS u(k, f, t)
    ), pw AS MATERIALIZED (
        -- durations capped at p_max_week + 1: the curve up to p_max_week is exact
        SELECT * FROM employment_kpi.effect_person_weeks_of(26, v_lo, v_hi, p_group, p_max_week, p_stored)
    ), treated AS (
        SELECT q.k AS pkey, p.*
          FROM pw p JOIN per q ON p.start_date >= q.f AND p.start_date <= q.t
         WHERE p.kind = 'T' AND (p_type IS NULL OR p.type_code = p_type)
    ), wt AS (
        SELECT t.pkey, t.type_code, t.group_code, t.week, t.band, t.prior, count(*) AS n1
          FROM treated t GROUP BY 1, 2, 3, 4, 5, 6
    ), cmp AS (
        -- comparison observations weighted n1/n0 within their stratum
        SELECT w.pkey, w.type_code, w.group_code, p.week, p.band, p.prior, p.dur, p.ev, p.n,
               p.n * w.n1::float8 / sum(p.n) OVER (PARTITION BY w.pkey, w.type_code, w.group_code,
                                                                p.week, p.band, p.prior) AS wgt
          FROM pw p JOIN wt w ON w.group_code = p.group_code AND w.week = p.week
           AND w.band = p.band AND w.prior = p.prior
         WHERE p.kind = 'C'
    ), cmp_t AS (
        SELECT c.pkey, c.type_code, c.group_code, c.dur,
               employment_kpi.fsum(c.wgt) FILTER (WHERE c.ev) AS d,
               employment_kpi.fsum(c.wgt) AS tot, sum(c.n) AS n
          FROM cmp c GROUP BY 1, 2, 3, 4
    ), cmp_r AS (
        SELECT c.pkey, c.type_code, c.group_code, c.dur, coalesce(c.d, 0) AS d,
               sum(c.tot) OVER (PARTITION BY c.pkey, c.type_code, c.group_code ORDER BY c.dur DESC) AS r,
               sum(c.n) OVER (PARTITION BY c.pkey, c.type_code, c.group_code ORDER BY c.dur DESC) AS nr
          FROM cmp_t c
    ), cmp_s AS (
        SELECT c.pkey, c.type_code, c.group_code, c.dur, c.nr,
               exp(sum(ln(greatest(1 - c.d / c.r, 1e-300)))
                   OVER (PARTITION BY c.pkey, c.type_code, c.group_code ORDER BY c.dur)) AS s,
               sqrt(sum(CASE WHEN c.r > c.d THEN c.d / (c.r * (c.r - c.d)) ELSE 0 END)
                   OVER (PARTITION BY c.pkey, c.type_code, c.group_code ORDER BY c.dur)) AS se_log
          FROM cmp_r c WHERE c.d > 0
    ), z AS (
        SELECT employment_kpi.norm_quantile(0.975) AS z
    )
    SELECT x.pkey, x.type_code, x.group_code, 'participants'::text, k."time"::int, k.surv, k.lower, k.upper, k.n_risk
      FROM (SELECT t.pkey, t.type_code, t.group_code, employment_kpi.survival_agg(t.dur, t.ev) AS s
              FROM treated t GROUP BY 1, 2, 3) x
     CROSS JOIN LATERAL employment_kpi.km_curve(x.s) k
     WHERE k.n_event > 0
    UNION ALL
    SELECT c.pkey, c.type_code, c.group_code, 'comparison', c.dur, c.s,
           greatest(c.s * exp(-z.z * c.se_log), 0), least(c.s * exp(z.z * c.se_log), 1), c.nr::bigint
      FROM cmp_s c, z
     ORDER BY 1, 2, 3, 4 DESC, 5;
END
$fn$;

COMMENT ON FUNCTION employment_kpi.intervention_exit_curve_periods_of(text[], date[], date[], int, text, text, boolean) IS
'Internal: intervention_exit_curve_periods from the live person-weeks (stored false) or from mv_effect_week (stored true: the BI refresh).';

CREATE FUNCTION employment_kpi.intervention_exit_curve_periods(
    p_keys text[], p_from date[], p_to date[], p_max_week int DEFAULT 156,
    p_type text DEFAULT NULL, p_group text DEFAULT NULL)
RETURNS TABLE (period_key text, type_code text, group_code text, arm text, week int,
               surv float8, lower float8, upper float8, n_risk bigint)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT * FROM employment_kpi.intervention_exit_curve_periods_of($1, $2, $3, $4, $5, $6, false) $$;

COMMENT ON FUNCTION employment_kpi.intervention_exit_curve_periods(text[], date[], date[], int, text, text) IS
'Batched intervention_exit_curve: intervention_exit_curve_periods(period_keys, from_dates, to_dates, max_week DEFAULT 156, type_code DEFAULT NULL, group_code DEFAULT NULL) returns, per period key, offer type and target group, the rows of intervention_exit_curve(type_code, group_code, from_date, to_date) with week <= max_week (durations are capped at max_week + 1, so the curve up to max_week is exactly that of intervention_exit_curve, which uses 156). NULL type_code or group_code = all. Period arrays as for intervention_effect_periods (22004 / 22023); max_week 1..520 (22023). Used by the BI layer (kpi_exit_curve).';

CREATE FUNCTION employment_kpi.intervention_exit_curve(
    type_code text, group_code text, from_date date DEFAULT NULL, to_date date DEFAULT NULL)
RETURNS TABLE (arm text, week int, surv float8, lower float8, upper float8, n_risk bigint)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
BEGIN
    IF intervention_exit_curve.type_code IS NULL OR intervention_exit_curve.group_code IS NULL THEN
        RAISE EXCEPTION 'type_code and group_code must not be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF from_date > to_date THEN
        RAISE EXCEPTION 'from_date % is after to_date %', to_char(from_date, 'YYYY-MM-DD'), to_char(to_date, 'YYYY-MM-DD')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    WITH pw AS MATERIALIZED (
        SELECT * FROM employment_kpi.effect_person_weeks(26, from_date, to_date,
                                                         intervention_exit_curve.group_code, 156)
    ), treated AS (
        SELECT * FROM pw p WHERE p.kind = 'T' AND p.type_code = intervention_exit_curve.type_code
    ), wt AS (
        SELECT t.week, t.band, t.prior, count(*) AS n1
          FROM treated t GROUP BY 1, 2, 3
    ), cmp AS (
        -- comparison observations weighted n1/n0 within their stratum
        SELECT p.dur, p.ev, p.n, p.n * w.n1::float8 / sum(p.n) OVER (PARTITION BY p.week, p.band, p.prior) AS wgt
          FROM pw p JOIN wt w ON w.week = p.week AND w.band = p.band AND w.prior = p.prior
         WHERE p.kind = 'C'
    ), cmp_t AS (
        SELECT c.dur, sum(c.wgt) FILTER (WHERE c.ev) AS d, sum(c.wgt) AS tot, sum(c.n) AS n
          FROM cmp c GROUP BY 1
    ), cmp_r AS (
        SELECT c.dur, coalesce(c.d, 0) AS d,
               sum(c.tot) OVER (ORDER BY c.dur DESC) AS r,
               sum(c.n) OVER (ORDER BY c.dur DESC) AS nr
          FROM cmp_t c
    ), cmp_s AS (
        SELECT c.dur, c.nr,
               exp(sum(ln(greatest(1 - c.d / c.r, 1e-300))) OVER (ORDER BY c.dur)) AS s,
               sqrt(sum(CASE WHEN c.r > c.d THEN c.d / (c.r * (c.r - c.d)) ELSE 0 END) OVER (ORDER BY c.dur)) AS se_log
          FROM cmp_r c WHERE c.d > 0
    ), z AS (
        SELECT employment_kpi.norm_quantile(0.975) AS z
    )
    SELECT 'participants'::text, k."time"::int, k.surv, k.lower, k.upper, k.n_risk
      FROM employment_kpi.km_curve((SELECT employment_kpi.survival_agg(t.dur, t.ev) FROM treated t)) k
     WHERE k.n_event > 0
    UNION ALL
    SELECT 'comparison', c.dur, c.s,
           greatest(c.s * exp(-z.z * c.se_log), 0), least(c.s * exp(z.z * c.se_log), 1), c.nr::bigint
      FROM cmp_s c, z
     ORDER BY 1 DESC, 2;
END
$fn$;

COMMENT ON FUNCTION employment_kpi.intervention_exit_curve(text, text, date, date) IS
'Kaplan-Meier curves of weeks from the start week to exit from public support, for the participants of type_code in group_code starting in [from_date, to_date] (arm participants: km_curve of survival_agg over the starts, censored at the data''s end or at moved/deceased) and for their matched comparison (arm comparison: the comparison citizen-weeks of the same strata, each weighted n1/n0 within its stratum so the curve is what would have happened to the participants without starting now; log-type 95% limits from Greenwood''s variance on the weights, which sum to the number of participants). One row per week with an exit: surv = S(week), lower/upper = 95% limits, n_risk = observations at risk (comparison: unweighted citizen-weeks). Weeks are capped at 156. NULL type_code or group_code raise 22004, from_date > to_date 22023.';
