-- ---------------------------------------------------------------------------
-- 70_scorecard.sql: caseworker and team scorecards (issue 5).
--
--   * funnel statistics: funnel_tau2 (aggregate, src/funnel.c),
--     funnel_limits, funnel_flag
--   * internal set logic: scorecard_raw (one row per caseworker and ISO
--     week, unsuppressed; the contact-rule windows of timeliness are set
--     logic there too, a join of spells and rules with a correlated count
--     of held conversations), scorecard_mix (caseload mix per caseworker),
--     scorecard_access (who is calling), scorecard_check_weeks,
--     week_series (src/weeks.c), iso_monday
--   * the API: caseworker_week, team_week, caseworker_conversations,
--     peer_sparring - SECURITY DEFINER, checking the caller themselves
--   * grants: grant_reader, grant_leader, grant_analyst
--
-- Nothing here creates a role at install time.  Everything that reads
-- citizen-level data has EXECUTE revoked from PUBLIC.
--
-- Week grid.  Weeks are ISO weeks keyed by their Monday.  A citizen is on
-- public support in week w when one of their spells overlaps [w, w + 6].
-- When two spells of one support period touch the same week (a change of
-- target group mid-week), the later spell owns the week, so each citizen
-- has at most one row per week (with that spell's target group).  The
-- duration band is counted from the Monday of the week the support period
-- began: band 0 = weeks 0-12, 1 = 13-25, 2 = 26-51, 3 = 52-103, 4 = 104+.
-- A citizen is in caseworker c's caseload in w when on support in w and a
-- case_assignment to c overlaps w; after a mid-week reassignment the
-- citizen is in both caseloads that week.
-- ---------------------------------------------------------------------------

-------------------------------------------------------------------------------
-- Funnel statistics
-------------------------------------------------------------------------------

CREATE FUNCTION employment_kpi.funnel_tau2_accum(state float8[], observed float8, expected float8)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ekpi_funnel_tau2_accum'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.funnel_tau2_accum(float8[], float8, float8) IS
'Transition function of funnel_tau2: appends the z-score log(O/E)*sqrt(E) and weight E of one unit to the state (a float8[]: version, n, capacity, then (z, w) pairs). Units with expected = 0 are skipped; negative, NaN or infinite counts raise invalid_parameter_value (22023).';

CREATE FUNCTION employment_kpi.funnel_tau2_combine(a float8[], b float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ekpi_funnel_tau2_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.funnel_tau2_combine(float8[], float8[]) IS
'Combine function of funnel_tau2 (parallel and distributed aggregation): the units of both states. Malformed states raise invalid_parameter_value (22023).';

CREATE FUNCTION employment_kpi.funnel_tau2_final(state float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'ekpi_funnel_tau2_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.funnel_tau2_final(float8[]) IS
'Final function of funnel_tau2: Spiegelhalter (2005) additive random-effects variance tau2 = max(0, (n phi - (n - 1)) / (sum w - sum w^2 / sum w)) with phi the mean square of the z-scores winsorised at 10% in each tail; NULL with fewer than two units.';

CREATE AGGREGATE employment_kpi.funnel_tau2(observed float8, expected float8) (
    SFUNC = employment_kpi.funnel_tau2_accum,
    STYPE = float8[],
    INITCOND = '{1,0,0}',
    COMBINEFUNC = employment_kpi.funnel_tau2_combine,
    FINALFUNC = employment_kpi.funnel_tau2_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE employment_kpi.funnel_tau2(float8, float8) IS
'Over-dispersion (overspredning) of indirectly standardised ratios O/E across units (caseworkers, teams), Spiegelhalter (2005), Stat Med 24:1185-1202: z = log(O/E) sqrt(E) (half an event when O = 0), winsorised at 10% in each tail, phi = mean(z^2), tau2 = max(0, (n phi - (n - 1)) / (sum E - sum E^2 / sum E)). Units with E = 0 are ignored; NULL with fewer than two units. Use tau2 > 0 to widen funnel limits (funnel_limits).';

CREATE FUNCTION employment_kpi.funnel_limits(expected float8, tau2 float8, conf float8)
RETURNS TABLE (low float8, high float8)
LANGUAGE sql IMMUTABLE PARALLEL SAFE ROWS 1
AS $$
    -- invalid expected / conf are reported by poisson_funnel (22023); the
    -- guards keep constant folding from failing first with another error
    SELECT CASE WHEN tau2 > 0 THEN pg_catalog.exp(-w.half) ELSE f.low END,
           CASE WHEN tau2 > 0 THEN pg_catalog.exp(w.half) ELSE f.high END
      FROM employment_kpi.poisson_funnel(expected, conf) AS f,
           LATERAL (SELECT CASE WHEN expected > 0 AND conf > 0 AND conf < 1 AND tau2 > 0
                                THEN employment_kpi.norm_quantile(1 - (1 - conf) / 2)
                                     * pg_catalog.sqrt(1 / expected + tau2) END AS half) AS w
$$;
COMMENT ON FUNCTION employment_kpi.funnel_limits(float8, float8, float8) IS
'Funnel-plot control limits for O/E at expected count E and level conf: the exact Poisson limits of poisson_funnel(expected, conf) when tau2 is NULL or 0, and the over-dispersed limits exp(+-z sqrt(1/E + tau2)) around 1, z = norm_quantile(1 - (1 - conf)/2), when tau2 > 0 (Spiegelhalter 2005). One row; no row when expected or conf is NULL; expected <= 0 or conf outside (0, 1) raise invalid_parameter_value (22023).';

CREATE FUNCTION employment_kpi.funnel_flag(observed float8, expected float8, tau2 float8)
RETURNS text
AS 'MODULE_PATHNAME', 'ekpi_funnel_flag'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.funnel_flag(float8, float8, float8) IS
'Funnel-plot flag of an observed count O against its expected count E, with over-dispersion tau2 (NULL or 0 = none): above / below when O/E lies outside the 99.8% limits ("alarm", about 3 SD), watch when outside the 95% limits only ("alert", about 2 SD), within otherwise; NULL when O or E is NULL or E <= 0. Limits as funnel_limits (computed in C, src/funnel.c). O = 0 lies below any continuous lower limit, so it is judged by the exact Poisson probability instead: below when exp(-E) < 0.001, watch when exp(-E) < 0.025, else within. Negative, NaN or infinite observed, NaN or infinite expected, negative or non-finite tau2 and expected > 1e11 raise invalid_parameter_value (22023).';

-------------------------------------------------------------------------------
-- Internal helpers
-------------------------------------------------------------------------------

-- 1900-01-01 was a Monday; integer arithmetic is much cheaper than
-- date_trunc on millions of rows.
CREATE FUNCTION employment_kpi.iso_monday(d date)
RETURNS date
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT d - ((((d - DATE '1900-01-01') % 7) + 7) % 7) $$;
COMMENT ON FUNCTION employment_kpi.iso_monday(date) IS
'The Monday of the ISO week (uge) holding date d: the key of week-level facts.';

CREATE FUNCTION employment_kpi.week_series(lo date, hi date)
RETURNS SETOF date
AS 'MODULE_PATHNAME', 'ekpi_week_series'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 13;
COMMENT ON FUNCTION employment_kpi.week_series(date, date) IS
'The dates lo, lo + 7, lo + 14, ... up to hi (none when lo > hi): expands a spell into its ISO weeks when lo is a Monday. Like generate_series, but declared ROWS 13 so that plans expanding one row per spell are estimated sensibly. Infinite bounds raise invalid_parameter_value (22023).';

CREATE FUNCTION employment_kpi.scorecard_check_weeks(from_week date, to_week date, window_weeks int)
RETURNS void
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF from_week IS NULL OR to_week IS NULL OR window_weeks IS NULL THEN
        RAISE EXCEPTION 'from_week, to_week and window_weeks must not be NULL'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT isfinite(from_week) OR NOT isfinite(to_week) THEN
        RAISE EXCEPTION 'from_week and to_week must be finite dates'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF employment_kpi.iso_monday(from_week) <> from_week OR employment_kpi.iso_monday(to_week) <> to_week THEN
        RAISE EXCEPTION 'from_week and to_week must be Mondays (ISO week keys), got % and %', from_week, to_week
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Use date_trunc(''week'', d)::date or employment_kpi.iso_monday(d).';
    END IF;
    IF from_week > to_week THEN
        RAISE EXCEPTION 'from_week % is after to_week %', from_week, to_week
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF to_week - from_week > 7 * 1043 THEN
        RAISE EXCEPTION 'at most 1044 weeks (20 years) at a time'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF window_weeks < 1 OR window_weeks > 104 THEN
        RAISE EXCEPTION 'window_weeks must be between 1 and 104, got %', window_weeks
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
END
$$;
COMMENT ON FUNCTION employment_kpi.scorecard_check_weeks(date, date, int) IS
'Validates the week range of the scorecard functions: from_week and to_week not NULL, finite, Mondays (no snapping: a non-Monday raises), from_week <= to_week, at most 1044 weeks; window_weeks between 1 and 104. Raises invalid_parameter_value (22023).';

-- Who is calling.  Inside a SECURITY DEFINER function current_user is the
-- owner, so rights are taken from session_user (the role that logged in or
-- was set by SET SESSION AUTHORIZATION); membership is checked with
-- pg_has_role(..., 'MEMBER'), so a login role holding a leader role counts.
CREATE FUNCTION employment_kpi.scorecard_access(OUT is_analyst boolean, OUT leader_teams text[])
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT (SELECT r.rolsuper FROM pg_catalog.pg_roles AS r WHERE r.rolname = session_user)
           OR (EXISTS (SELECT 1 FROM pg_catalog.pg_roles AS r WHERE r.rolname = 'employment_kpi_analyst')
               AND pg_catalog.pg_has_role(session_user, 'employment_kpi_analyst', 'MEMBER')),
           coalesce((SELECT pg_catalog.array_agg(t.team_id ORDER BY t.team_id)
                       FROM employment_kpi.team AS t
                       JOIN pg_catalog.pg_roles AS r ON r.rolname = t.leader_role
                      WHERE pg_catalog.pg_has_role(session_user, r.oid, 'MEMBER')),
                    '{}')
$$;
COMMENT ON FUNCTION employment_kpi.scorecard_access() IS
'Internal: the rights of session_user in the scorecards: is_analyst (superuser or member of employment_kpi_analyst) and leader_teams (teams whose leader_role session_user is a member of).';

-------------------------------------------------------------------------------
-- The set logic: one row per caseworker and week, unsuppressed
-------------------------------------------------------------------------------

CREATE FUNCTION employment_kpi.scorecard_raw(from_week date, to_week date, window_weeks int)
RETURNS TABLE (
    week                date,
    team_id             text,
    caseworker_id       text,
    caseload            int,
    conversations_held  int,
    no_shows            int,
    cancelled           int,
    in_offer            int,
    offers_started      int,
    exits               int,
    tl_counted          int,
    tl_met              int,
    pf_counted          int,
    pf_met              int,
    pf_coverage_sum     numeric,
    exits_window        int,
    exits_expected      float8,
    offer_weeks_window  int,
    offer_weeks_expected float8
)
LANGUAGE sql STABLE PARALLEL SAFE
-- estimates of the week expansions stay rough, and JIT compilation of the
-- large plan costs more than the query
SET jit = off
AS $$
WITH
prm AS (
    SELECT from_week AS f, to_week AS t, from_week - 7 * (window_weeks - 1) AS g0,
           DATE '1900-01-01' AS d0
),
-- Support periods of the citizens with a spell in the grid only.  This is
-- the chaining of the support_period view (a spell starting more than
-- config.exit_grace_days after the previous one's end starts a new period;
-- the period is an exit when it has ended and its last spell did not end
-- with moved or deceased), restricted to those citizens: the view would
-- chain every citizen the municipality ever had.  sql/70_scorecard.sql
-- checks it against the view.
rel AS (
    SELECT DISTINCT s.citizen_id
      FROM employment_kpi.support_spell AS s, prm
     WHERE s.start_date <= prm.t + 6 AND (s.end_date IS NULL OR s.end_date >= prm.g0)
),
chained AS (
    SELECT s.citizen_id, s.group_code, s.start_date, s.end_date, s.exit_reason,
           CASE WHEN pg_catalog.lag(s.end_date) OVER w IS NULL
                  OR s.start_date - pg_catalog.lag(s.end_date) OVER w
                     > (SELECT c.exit_grace_days FROM employment_kpi.config AS c)
                THEN 1 ELSE 0 END AS starts_period
      FROM employment_kpi.support_spell AS s
     WHERE s.citizen_id IN (SELECT rel.citizen_id FROM rel)
    WINDOW w AS (PARTITION BY s.citizen_id ORDER BY s.start_date)
),
numbered AS (
    SELECT c.*, pg_catalog.sum(c.starts_period) OVER (PARTITION BY c.citizen_id ORDER BY c.start_date) AS period_no
      FROM chained AS c
),
spell_all AS (
    SELECT n.citizen_id, n.group_code, n.start_date, n.end_date,
           pg_catalog.min(n.start_date) OVER p AS period_start,
           CASE WHEN pg_catalog.bool_or(n.end_date IS NULL) OVER p THEN NULL
                ELSE pg_catalog.max(n.end_date) OVER p END AS period_end,
           NOT pg_catalog.bool_or(n.end_date IS NULL) OVER p
             AND pg_catalog.last_value(n.exit_reason) OVER p IS DISTINCT FROM 'moved'
             AND pg_catalog.last_value(n.exit_reason) OVER p IS DISTINCT FROM 'deceased' AS is_exit,
           pg_catalog.lead(n.start_date) OVER (PARTITION BY n.citizen_id, n.period_no ORDER BY n.start_date) AS next_start
      FROM numbered AS n
    WINDOW p AS (PARTITION BY n.citizen_id, n.period_no ORDER BY n.start_date
                 ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
),
-- spells in the grid with their support period (the weeks each spell owns
-- are expanded below)
spell AS (
    SELECT sa.* FROM spell_all AS sa, prm
     WHERE sa.start_date <= prm.t + 6 AND (sa.end_date IS NULL OR sa.end_date >= prm.g0)
),
-- citizen-weeks on support: group, duration band, exit in the week
cw AS (
    SELECT sp.citizen_id, k.week AS week, sp.group_code,
           CASE WHEN k.week - employment_kpi.iso_monday(sp.period_start) < 7 * 13 THEN 0
                WHEN k.week - employment_kpi.iso_monday(sp.period_start) < 7 * 26 THEN 1
                WHEN k.week - employment_kpi.iso_monday(sp.period_start) < 7 * 52 THEN 2
                WHEN k.week - employment_kpi.iso_monday(sp.period_start) < 7 * 104 THEN 3
                ELSE 4 END AS band,
           (sp.is_exit AND sp.period_end BETWEEN k.week AND k.week + 6) AS is_exit
      FROM spell AS sp
     CROSS JOIN prm
     CROSS JOIN LATERAL employment_kpi.week_series(
           greatest(employment_kpi.iso_monday(sp.start_date), prm.g0),
           least(employment_kpi.iso_monday(least(sp.end_date, prm.t)),
                            employment_kpi.iso_monday(sp.next_start) - 7,
                            prm.t)) AS k(week)
),
-- citizen-weeks in an offer, and offers started per citizen-week
iw AS (
    SELECT i.citizen_id, k.week AS week,
           pg_catalog.count(*) FILTER (WHERE employment_kpi.iso_monday(i.start_date) = k.week)::int AS started
      FROM employment_kpi.intervention AS i
     CROSS JOIN prm
     CROSS JOIN LATERAL employment_kpi.week_series(
           greatest(employment_kpi.iso_monday(i.start_date), prm.g0),
           employment_kpi.iso_monday(least(i.end_date, prm.t))) AS k(week)
     WHERE i.start_date <= prm.t + 6
       AND (i.end_date IS NULL OR i.end_date >= prm.g0)
     GROUP BY i.citizen_id, k.week
),
grid AS MATERIALIZED (
    SELECT cw.citizen_id, cw.week, cw.group_code, cw.band, cw.is_exit,
           iw.citizen_id IS NOT NULL AS in_offer, coalesce(iw.started, 0) AS started
      FROM cw
      LEFT JOIN iw ON iw.citizen_id = cw.citizen_id AND iw.week = cw.week
),
-- caseworker-weeks of each assignment; a week already covered by an
-- earlier assignment of the same citizen to the same caseworker is skipped
assign AS (
    SELECT a.citizen_id, a.caseworker_id, a.start_date, a.end_date,
           pg_catalog.max(coalesce(a.end_date, prm.t + 7)) OVER (
               PARTITION BY a.citizen_id, a.caseworker_id ORDER BY a.start_date, a.source_id
               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end
      FROM employment_kpi.case_assignment AS a
     CROSS JOIN prm
     WHERE a.start_date <= prm.t + 6
       AND (a.end_date IS NULL OR a.end_date >= prm.g0)
),
aw AS (
    SELECT a.citizen_id, a.caseworker_id, k.week AS week
      FROM assign AS a
     CROSS JOIN prm
     CROSS JOIN LATERAL employment_kpi.week_series(
           greatest(employment_kpi.iso_monday(a.start_date), prm.g0,
                               employment_kpi.iso_monday(a.prev_end) + 7),
           employment_kpi.iso_monday(least(a.end_date, prm.t))) AS k(week)
),
caseload AS (
    SELECT aw.caseworker_id, g.*
      FROM aw
      JOIN grid AS g ON g.citizen_id = aw.citizen_id AND g.week = aw.week
),
-- municipality-wide rates per report week and stratum over the window
mstrat AS (
    SELECT g.week, g.group_code, g.band, pg_catalog.count(*) AS n,
           pg_catalog.count(*) FILTER (WHERE g.is_exit) AS ex,
           pg_catalog.count(*) FILTER (WHERE g.in_offer) AS io
      FROM grid AS g
     GROUP BY g.week, g.group_code, g.band
),
mrate AS (
    SELECT wk.week, m.group_code, m.band,
           pg_catalog.sum(m.ex)::float8 / pg_catalog.sum(m.n)::float8 AS p_exit,
           pg_catalog.sum(m.io)::float8 / pg_catalog.sum(m.n)::float8 AS p_offer
      FROM mstrat AS m
     CROSS JOIN prm
     -- each week's counts enter the windows of the window_weeks weeks from it
     CROSS JOIN LATERAL employment_kpi.week_series(greatest(m.week, prm.f),
                                                   least(m.week + 7 * (window_weeks - 1), prm.t)) AS wk(week)
     GROUP BY wk.week, m.group_code, m.band
),
-- caseworker x week x stratum
cstrat AS (
    SELECT c.caseworker_id, c.week, c.group_code, c.band, pg_catalog.count(*) AS n,
           pg_catalog.count(*) FILTER (WHERE c.is_exit) AS ex,
           pg_catalog.count(*) FILTER (WHERE c.in_offer) AS io,
           pg_catalog.sum(c.started) AS st
      FROM caseload AS c
     GROUP BY c.caseworker_id, c.week, c.group_code, c.band
),
-- caseworker x report week x stratum: the counts of the rolling window
-- ending in the report week (each week's counts enter the windows of the
-- window_weeks weeks from it), so that the join with the municipality's
-- rates below is one equality join on (week, group, band)
cwin AS (
    SELECT wk.week, cs.caseworker_id, cs.group_code, cs.band,
           pg_catalog.sum(cs.n) AS n, pg_catalog.sum(cs.ex) AS ex, pg_catalog.sum(cs.io) AS io
      FROM cstrat AS cs
     CROSS JOIN prm
     CROSS JOIN LATERAL employment_kpi.week_series(greatest(cs.week, prm.f),
                                                   least(cs.week + 7 * (window_weeks - 1), prm.t)) AS wk(week)
     GROUP BY wk.week, cs.caseworker_id, cs.group_code, cs.band
),
-- observed and expected over the rolling window ending in each report week;
-- fsum, not sum: the expected counts must not depend on the order rows
-- arrive in (the plan, the requested week range), so that the BI layer can
-- recompute recent weeks and get what a full rebuild gets, bit for bit
oe AS (
    SELECT c.week, c.caseworker_id,
           pg_catalog.sum(c.ex)::int AS exits_window,
           employment_kpi.fsum(c.n * mr.p_exit) AS exits_expected,
           pg_catalog.sum(c.io)::int AS offer_weeks_window,
           employment_kpi.fsum(c.n * mr.p_offer) AS offer_weeks_expected
      FROM cwin AS c
      JOIN mrate AS mr ON mr.week = c.week AND mr.group_code = c.group_code AND mr.band = c.band
     GROUP BY c.week, c.caseworker_id
),
weekly AS (
    SELECT cs.caseworker_id, cs.week,
           pg_catalog.sum(cs.n)::int AS caseload,
           pg_catalog.sum(cs.io)::int AS in_offer,
           pg_catalog.sum(cs.st)::int AS offers_started,
           pg_catalog.sum(cs.ex)::int AS exits
      FROM cstrat AS cs, prm
     WHERE cs.week >= prm.f
     GROUP BY cs.caseworker_id, cs.week
),
-- timeliness: contact-rule windows ending in a report week; the rule is the
-- one in force on the window's last day for the group of the spell the
-- citizen is on that day
tl AS (
    SELECT sp.citizen_id, employment_kpi.iso_monday(x.last_day) AS week,
           r.coverage_pct,
           (SELECT pg_catalog.count(*)
              FROM employment_kpi.conversation AS c
             WHERE c.citizen_id = sp.citizen_id AND c.status = 'held'
               AND c.held_on BETWEEN sp.period_start + 7 * r.window_from_week AND x.last_day)
             >= r.min_conversations AS met
      FROM spell AS sp
      JOIN employment_kpi.contact_rule AS r ON r.group_code = sp.group_code
     CROSS JOIN LATERAL (SELECT sp.period_start + 7 * r.window_to_week - 1 AS last_day) AS x
     CROSS JOIN prm
     WHERE x.last_day BETWEEN sp.start_date AND coalesce(sp.end_date, x.last_day)
       AND x.last_day BETWEEN r.effective_from AND coalesce(r.effective_to, x.last_day)
       AND x.last_day BETWEEN prm.f AND prm.t + 6
),
tlc AS (
    SELECT aw.caseworker_id, tl.week,
           pg_catalog.count(*)::int AS tl_counted,
           pg_catalog.count(*) FILTER (WHERE tl.met)::int AS tl_met,
           pg_catalog.count(*) FILTER (WHERE tl.coverage_pct IS NOT NULL)::int AS pf_counted,
           pg_catalog.count(*) FILTER (WHERE tl.coverage_pct IS NOT NULL AND tl.met)::int AS pf_met,
           pg_catalog.sum(tl.coverage_pct) AS pf_coverage_sum
      FROM tl
      JOIN aw ON aw.citizen_id = tl.citizen_id AND aw.week = tl.week
     GROUP BY aw.caseworker_id, tl.week
),
conv AS (
    SELECT c.caseworker_id, employment_kpi.iso_monday(c.held_on) AS week,
           pg_catalog.count(*) FILTER (WHERE c.status = 'held')::int AS held,
           pg_catalog.count(*) FILTER (WHERE c.status = 'no_show')::int AS no_show,
           pg_catalog.count(*) FILTER (WHERE c.status = 'cancelled')::int AS cancelled
      FROM employment_kpi.conversation AS c, prm
     WHERE c.held_on BETWEEN prm.f AND prm.t + 6
     GROUP BY c.caseworker_id, employment_kpi.iso_monday(c.held_on)
),
keys AS (
    SELECT w.caseworker_id, w.week FROM weekly AS w
    UNION
    SELECT c.caseworker_id, c.week FROM conv AS c
)
SELECT k.week, cwk.team_id, k.caseworker_id,
       coalesce(w.caseload, 0), coalesce(c.held, 0), coalesce(c.no_show, 0), coalesce(c.cancelled, 0),
       coalesce(w.in_offer, 0), coalesce(w.offers_started, 0), coalesce(w.exits, 0),
       coalesce(t.tl_counted, 0), coalesce(t.tl_met, 0), coalesce(t.pf_counted, 0), coalesce(t.pf_met, 0),
       coalesce(t.pf_coverage_sum, 0),
       coalesce(o.exits_window, 0), coalesce(o.exits_expected, 0),
       coalesce(o.offer_weeks_window, 0), coalesce(o.offer_weeks_expected, 0)
  FROM keys AS k
  JOIN employment_kpi.caseworker AS cwk ON cwk.caseworker_id = k.caseworker_id
  LEFT JOIN weekly AS w ON w.caseworker_id = k.caseworker_id AND w.week = k.week
  LEFT JOIN conv AS c ON c.caseworker_id = k.caseworker_id AND c.week = k.week
  LEFT JOIN tlc AS t ON t.caseworker_id = k.caseworker_id AND t.week = k.week
  LEFT JOIN oe AS o ON o.caseworker_id = k.caseworker_id AND o.week = k.week
$$;
COMMENT ON FUNCTION employment_kpi.scorecard_raw(date, date, int) IS
'Internal (EXECUTE revoked from PUBLIC; called by the SECURITY DEFINER scorecard functions): one row per caseworker and ISO week in [from_week, to_week] with a caseload or a conversation, UNSUPPRESSED: weekly counts, timeliness windows ending in the week (tl_*: all rules, pf_*: portfolio rules, pf_coverage_sum = sum of coverage_pct over the counted portfolio windows), and the rolling-window observed and expected exits and in-offer citizen-weeks (window_weeks weeks ending in the week). Arguments are not validated here.';

-------------------------------------------------------------------------------
-- Presentation: measures, flags and small-cell suppression of one row
-------------------------------------------------------------------------------

-- A count of citizens between 1 and k - 1 is suppressed (NULL); so is every
-- rate derived from a suppressed count.  Flags are computed on the true
-- values (a flag does not reveal a count).
CREATE FUNCTION employment_kpi.scorecard_cells(
    k int, caseload int, in_offer int, offers_started int, exits int,
    tl_counted int, tl_met int, pf_counted int, pf_met int, pf_coverage_sum numeric,
    exits_window int, exits_expected float8, offer_weeks_window int, offer_weeks_expected float8,
    exits_tau2 float8, activation_tau2 float8, with_flags boolean,
    OUT s_caseload int, OUT s_in_offer int, OUT activation_rate float8, OUT s_offers_started int,
    OUT s_exits int, OUT exits_per_100 float8, OUT timeliness float8, OUT timeliness_target_met boolean,
    OUT exits_oe float8, OUT exits_flag text, OUT activation_oe float8, OUT activation_flag text,
    OUT suppressed boolean)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE WHEN x.sup_cl THEN NULL ELSE caseload END,
           CASE WHEN x.sup_io THEN NULL ELSE in_offer END,
           CASE WHEN caseload = 0 OR x.sup_cl OR x.sup_io THEN NULL
                ELSE in_offer::float8 / caseload END,
           CASE WHEN x.sup_st THEN NULL ELSE offers_started END,
           CASE WHEN x.sup_ex THEN NULL ELSE exits END,
           CASE WHEN caseload = 0 OR x.sup_cl OR x.sup_ex THEN NULL
                ELSE 100.0 * exits / caseload END,
           CASE WHEN tl_counted = 0 OR x.sup_tl THEN NULL
                ELSE tl_met::float8 / tl_counted END,
           CASE WHEN pf_counted = 0 OR x.sup_pf THEN NULL
                ELSE pf_met * 100.0 >= pf_coverage_sum END,
           CASE WHEN exits_expected > 0 AND NOT x.sup_oe
                THEN exits_window / exits_expected END,
           CASE WHEN with_flags THEN employment_kpi.funnel_flag(exits_window, exits_expected, exits_tau2) END,
           CASE WHEN offer_weeks_expected > 0
                THEN offer_weeks_window / offer_weeks_expected END,
           CASE WHEN with_flags THEN employment_kpi.funnel_flag(offer_weeks_window, offer_weeks_expected, activation_tau2) END,
           x.sup_cl OR x.sup_io OR x.sup_st OR x.sup_ex OR x.sup_tl OR x.sup_pf OR x.sup_oe
      FROM (SELECT caseload BETWEEN 1 AND k - 1 AS sup_cl,
                   in_offer BETWEEN 1 AND k - 1 AS sup_io,
                   offers_started BETWEEN 1 AND k - 1 AS sup_st,
                   exits BETWEEN 1 AND k - 1 AS sup_ex,
                   tl_counted BETWEEN 1 AND k - 1 AS sup_tl,
                   pf_counted BETWEEN 1 AND k - 1 AS sup_pf,
                   exits_expected > 0 AND exits_window BETWEEN 1 AND k - 1 AS sup_oe) AS x
$$;
COMMENT ON FUNCTION employment_kpi.scorecard_cells(int, int, int, int, int, int, int, int, int, numeric, int, float8, int, float8, float8, float8, boolean) IS
'Internal: the reader-facing measures of one scorecard row with small-cell suppression (diskretionering) at k = config.suppression_k: counts of citizens (caseload, in_offer, offers_started, exits, counted timeliness windows, observed exits in the rolling window) between 1 and k - 1 become NULL, as does every rate derived from them; suppressed says whether anything was nulled. Flags use the true values.';

-- Rows of all caseworkers with flags; the over-dispersion is estimated
-- across all caseworkers of the week, whoever asks, so everyone sees the
-- same flags.
CREATE FUNCTION employment_kpi.scorecard_caseworker_rows(from_week date, to_week date, window_weeks int)
RETURNS TABLE (
    week date, team_id text, caseworker_id text, caseload int, conversations_held int, no_shows int,
    in_offer int, activation_rate float8, offers_started int, exits int, exits_per_100 float8,
    timeliness float8, timeliness_target_met boolean, exits_expected float8, exits_oe float8,
    exits_flag text, activation_oe float8, activation_flag text, exits_tau2 float8,
    activation_expected float8, activation_tau2 float8, suppressed boolean)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    WITH r AS MATERIALIZED (
        SELECT * FROM employment_kpi.scorecard_raw(from_week, to_week, window_weeks)
    ), od AS (
        SELECT r.week,
               coalesce(employment_kpi.funnel_tau2(r.exits_window, r.exits_expected), 0) AS ex_tau2,
               coalesce(employment_kpi.funnel_tau2(r.offer_weeks_window, r.offer_weeks_expected), 0) AS act_tau2
          FROM r GROUP BY r.week
    )
    SELECT r.week, r.team_id, r.caseworker_id, c.s_caseload, r.conversations_held, r.no_shows,
           c.s_in_offer, c.activation_rate, c.s_offers_started, c.s_exits, c.exits_per_100,
           c.timeliness, c.timeliness_target_met,
           CASE WHEN r.exits_expected > 0 THEN r.exits_expected END, c.exits_oe, c.exits_flag,
           c.activation_oe, c.activation_flag, od.ex_tau2,
           CASE WHEN r.offer_weeks_expected > 0 THEN r.offer_weeks_expected END, od.act_tau2,
           c.suppressed
      FROM r
      JOIN od ON od.week = r.week
     CROSS JOIN (SELECT cf.suppression_k FROM employment_kpi.config AS cf) AS cfg
     CROSS JOIN LATERAL employment_kpi.scorecard_cells(
           cfg.suppression_k, r.caseload, r.in_offer, r.offers_started, r.exits,
           r.tl_counted, r.tl_met, r.pf_counted, r.pf_met, r.pf_coverage_sum,
           r.exits_window, r.exits_expected, r.offer_weeks_window, r.offer_weeks_expected,
           od.ex_tau2, od.act_tau2, true) AS c
$$;
COMMENT ON FUNCTION employment_kpi.scorecard_caseworker_rows(date, date, int) IS
'Internal (EXECUTE revoked from PUBLIC): caseworker_week for every caseworker, without the access check; suppressed as a reader sees it.';

-------------------------------------------------------------------------------
-- The API
-------------------------------------------------------------------------------

CREATE FUNCTION employment_kpi.caseworker_week(from_week date, to_week date, window_weeks int DEFAULT 13)
RETURNS TABLE (
    week date, team_id text, caseworker_id text, caseload int, conversations_held int, no_shows int,
    in_offer int, activation_rate float8, offers_started int, exits int, exits_per_100 float8,
    timeliness float8, timeliness_target_met boolean, exits_expected float8, exits_oe float8,
    exits_flag text, activation_oe float8, activation_flag text, exits_tau2 float8,
    activation_expected float8, activation_tau2 float8, suppressed boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    acc record;
BEGIN
    PERFORM employment_kpi.scorecard_check_weeks(from_week, to_week, window_weeks);
    acc := employment_kpi.scorecard_access();
    IF NOT acc.is_analyst AND pg_catalog.cardinality(acc.leader_teams) = 0 THEN
        RAISE EXCEPTION 'permission denied for caseworker scorecards'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = format('Role %s is neither a member of employment_kpi_analyst nor the leader_role of a team.', session_user),
                  HINT = 'The installing superuser runs employment_kpi.grant_analyst(role) or grant_leader(role, team_id).';
    END IF;
    RETURN QUERY
        SELECT r.*
          FROM employment_kpi.scorecard_caseworker_rows(from_week, to_week, window_weeks) AS r
         WHERE acc.is_analyst OR r.team_id = ANY (acc.leader_teams)
         ORDER BY r.week, r.team_id, r.caseworker_id;
END
$$;
COMMENT ON FUNCTION employment_kpi.caseworker_week(date, date, int) IS
'Caseworker scorecard (sagsbehandlerscorecard) per ISO week (Monday keys from_week..to_week, both Mondays, else 22023): caseload, conversations, activation, offers started, exits, timeliness (rettidighed) and mix-adjusted O/E with funnel flags over a rolling window of window_weeks (default 13). Analysts (employment_kpi_analyst) see every caseworker; a team leader (member of a team''s leader_role) sees the caseworkers of their own team(s); anyone else gets insufficient_privilege (42501). Rights are those of session_user. Small cells are suppressed (NULL, suppressed = true). No citizen ids. See README.md (section "Caseworker and team scorecards") for the definitions.';

CREATE FUNCTION employment_kpi.team_week(from_week date, to_week date, window_weeks int DEFAULT 13)
RETURNS TABLE (
    week date, level text, team_id text, caseworkers int, caseload int, conversations_held int, no_shows int,
    in_offer int, activation_rate float8, offers_started int, exits int, exits_per_100 float8,
    timeliness float8, timeliness_target_met boolean, exits_expected float8, exits_oe float8,
    exits_flag text, activation_oe float8, activation_flag text, exits_tau2 float8,
    activation_expected float8, activation_tau2 float8, suppressed boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    acc record;
BEGIN
    PERFORM employment_kpi.scorecard_check_weeks(from_week, to_week, window_weeks);
    acc := employment_kpi.scorecard_access();
    IF NOT acc.is_analyst AND pg_catalog.cardinality(acc.leader_teams) = 0
       AND NOT (EXISTS (SELECT 1 FROM pg_catalog.pg_roles AS ro WHERE ro.rolname = 'employment_kpi_reader')
                AND pg_catalog.pg_has_role(session_user, 'employment_kpi_reader', 'MEMBER')) THEN
        RAISE EXCEPTION 'permission denied for team scorecards'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = format('Role %s is not a member of employment_kpi_reader.', session_user),
                  HINT = 'The installing superuser runs employment_kpi.grant_reader(role).';
    END IF;
    RETURN QUERY
    WITH r AS MATERIALIZED (
        SELECT * FROM employment_kpi.scorecard_raw(from_week, to_week, window_weeks)
    ), u AS (
        SELECT r.week, 'team'::text AS level, r.team_id, pg_catalog.count(*)::int AS caseworkers,
               pg_catalog.sum(r.caseload)::int AS caseload,
               pg_catalog.sum(r.conversations_held)::int AS conversations_held,
               pg_catalog.sum(r.no_shows)::int AS no_shows,
               pg_catalog.sum(r.in_offer)::int AS in_offer,
               pg_catalog.sum(r.offers_started)::int AS offers_started,
               pg_catalog.sum(r.exits)::int AS exits,
               pg_catalog.sum(r.tl_counted)::int AS tl_counted, pg_catalog.sum(r.tl_met)::int AS tl_met,
               pg_catalog.sum(r.pf_counted)::int AS pf_counted, pg_catalog.sum(r.pf_met)::int AS pf_met,
               pg_catalog.sum(r.pf_coverage_sum) AS pf_coverage_sum,
               pg_catalog.sum(r.exits_window)::int AS exits_window,
               employment_kpi.fsum(r.exits_expected) AS exits_expected,
               pg_catalog.sum(r.offer_weeks_window)::int AS offer_weeks_window,
               employment_kpi.fsum(r.offer_weeks_expected) AS offer_weeks_expected
          FROM r
         GROUP BY GROUPING SETS ((r.week, r.team_id), (r.week))
    ), v AS (
        SELECT u.week, CASE WHEN u.team_id IS NULL THEN 'municipality' ELSE 'team' END AS level,
               u.team_id, u.caseworkers, u.caseload, u.conversations_held, u.no_shows, u.in_offer,
               u.offers_started, u.exits, u.tl_counted, u.tl_met, u.pf_counted, u.pf_met,
               u.pf_coverage_sum, u.exits_window, u.exits_expected, u.offer_weeks_window,
               u.offer_weeks_expected
          FROM u
    ), od AS (
        SELECT v.week,
               coalesce(employment_kpi.funnel_tau2(v.exits_window, v.exits_expected), 0) AS ex_tau2,
               coalesce(employment_kpi.funnel_tau2(v.offer_weeks_window, v.offer_weeks_expected), 0) AS act_tau2
          FROM v WHERE v.level = 'team' GROUP BY v.week
    )
    SELECT v.week, v.level, v.team_id, v.caseworkers, c.s_caseload, v.conversations_held, v.no_shows,
           c.s_in_offer, c.activation_rate, c.s_offers_started, c.s_exits, c.exits_per_100,
           c.timeliness, c.timeliness_target_met,
           CASE WHEN v.exits_expected > 0 THEN v.exits_expected END, c.exits_oe, c.exits_flag,
           c.activation_oe, c.activation_flag,
           CASE WHEN v.level = 'team' THEN od.ex_tau2 END,
           CASE WHEN v.offer_weeks_expected > 0 THEN v.offer_weeks_expected END,
           CASE WHEN v.level = 'team' THEN od.act_tau2 END,
           c.suppressed
      FROM v
      JOIN od ON od.week = v.week
     CROSS JOIN (SELECT cf.suppression_k FROM employment_kpi.config AS cf) AS cfg
     CROSS JOIN LATERAL employment_kpi.scorecard_cells(
           cfg.suppression_k, v.caseload, v.in_offer, v.offers_started, v.exits,
           v.tl_counted, v.tl_met, v.pf_counted, v.pf_met, v.pf_coverage_sum,
           v.exits_window, v.exits_expected, v.offer_weeks_window, v.offer_weeks_expected,
           od.ex_tau2, od.act_tau2, v.level = 'team') AS c
     ORDER BY v.week, v.level DESC, v.team_id;
END
$$;
COMMENT ON FUNCTION employment_kpi.team_week(date, date, int) IS
'Team scorecard per ISO week: one row per team (level = ''team'') and one for the whole municipality (level = ''municipality'', team_id NULL), each the sum of its caseworkers'' rows of caseworker_week (a citizen reassigned mid-week counts in both caseloads), with the same measures, mix-adjusted O/E and funnel flags among teams (over-dispersion estimated across the teams of the week; the municipality row has no flags). Visible to members of employment_kpi_reader, team leaders and analysts; others get insufficient_privilege (42501). Small cells suppressed.';

CREATE FUNCTION employment_kpi.caseworker_conversations(from_week date, to_week date)
RETURNS TABLE (week date, team_id text, caseworker_id text, kind text, held int, no_shows int, cancelled int)
LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    acc record;
BEGIN
    PERFORM employment_kpi.scorecard_check_weeks(from_week, to_week, 1);
    acc := employment_kpi.scorecard_access();
    IF NOT acc.is_analyst AND pg_catalog.cardinality(acc.leader_teams) = 0 THEN
        RAISE EXCEPTION 'permission denied for caseworker scorecards'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = format('Role %s is neither a member of employment_kpi_analyst nor the leader_role of a team.', session_user),
                  HINT = 'The installing superuser runs employment_kpi.grant_analyst(role) or grant_leader(role, team_id).';
    END IF;
    RETURN QUERY
        SELECT employment_kpi.iso_monday(c.held_on), cw.team_id, c.caseworker_id, c.kind,
               pg_catalog.count(*) FILTER (WHERE c.status = 'held')::int,
               pg_catalog.count(*) FILTER (WHERE c.status = 'no_show')::int,
               pg_catalog.count(*) FILTER (WHERE c.status = 'cancelled')::int
          FROM employment_kpi.conversation AS c
          JOIN employment_kpi.caseworker AS cw ON cw.caseworker_id = c.caseworker_id
         WHERE c.held_on BETWEEN from_week AND to_week + 6
           AND (acc.is_analyst OR cw.team_id = ANY (acc.leader_teams))
         GROUP BY 1, 2, 3, 4
         ORDER BY 1, 2, 3, 4;
END
$$;
COMMENT ON FUNCTION employment_kpi.caseworker_conversations(date, date) IS
'Conversations (samtaler) per caseworker, ISO week and kind: held (afholdt), no_shows (udeblevet), cancelled (aflyst). Counts of conversations, not of citizens, so not suppressed. Same access rules as caseworker_week (analysts: all; team leaders: own team; others 42501); weeks validated as there.';

-- Caseload mix: citizen-weeks per caseworker and target group in a range of
-- weeks (same week grid as scorecard_raw).
CREATE FUNCTION employment_kpi.scorecard_mix(from_week date, to_week date)
RETURNS TABLE (caseworker_id text, group_code text, citizen_weeks bigint)
LANGUAGE sql STABLE PARALLEL SAFE
SET jit = off
AS $$
    WITH prm AS (SELECT from_week AS f, to_week AS t, DATE '1900-01-01' AS d0),
    spell AS (
        SELECT s.citizen_id, s.group_code, s.start_date, s.end_date,
               pg_catalog.lead(s.start_date) OVER (PARTITION BY s.citizen_id ORDER BY s.start_date) AS next_start
          FROM employment_kpi.support_spell AS s
    ), cw AS (
        SELECT sp.citizen_id, k.week AS week, sp.group_code
          FROM spell AS sp
         CROSS JOIN prm
         CROSS JOIN LATERAL employment_kpi.week_series(
               greatest(employment_kpi.iso_monday(sp.start_date), prm.f),
               least(employment_kpi.iso_monday(least(sp.end_date, prm.t)),
                                employment_kpi.iso_monday(sp.next_start) - 7, prm.t)) AS k(week)
         WHERE sp.start_date <= prm.t + 6 AND (sp.end_date IS NULL OR sp.end_date >= prm.f)
    ), aw AS (
        SELECT DISTINCT a.citizen_id, a.caseworker_id, k.week AS week
          FROM employment_kpi.case_assignment AS a
         CROSS JOIN prm
         CROSS JOIN LATERAL employment_kpi.week_series(
               greatest(employment_kpi.iso_monday(a.start_date), prm.f),
               employment_kpi.iso_monday(least(a.end_date, prm.t))) AS k(week)
         WHERE a.start_date <= prm.t + 6 AND (a.end_date IS NULL OR a.end_date >= prm.f)
    )
    SELECT aw.caseworker_id, cw.group_code, pg_catalog.count(*)
      FROM aw JOIN cw ON cw.citizen_id = aw.citizen_id AND cw.week = aw.week
     GROUP BY aw.caseworker_id, cw.group_code
$$;
COMMENT ON FUNCTION employment_kpi.scorecard_mix(date, date) IS
'Internal (EXECUTE revoked from PUBLIC): caseload mix, the number of caseload citizen-weeks per caseworker and target group in ISO weeks from_week..to_week (a spell of a later group owns a week it shares with an earlier spell).';

CREATE FUNCTION employment_kpi.peer_sparring(caseworker_id text, metric text DEFAULT 'activation_rate',
                                             weeks int DEFAULT 13, max_peers int DEFAULT 3,
                                             to_week date DEFAULT NULL)
RETURNS TABLE (peer_caseworker_id text, peer_team_id text, peer_value float8, own_value float8,
               caseload_similarity float8)
LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    acc record;
    own_team text;
    last_week date := coalesce(to_week, employment_kpi.iso_monday(current_date) - 7);
    first_week date;
    k int;
    valid text[] := ARRAY['activation_rate', 'exits_per_100', 'timeliness', 'exits_oe', 'activation_oe'];
BEGIN
    IF metric IS NULL OR NOT metric = ANY (valid) THEN
        RAISE EXCEPTION 'unknown metric %', coalesce(quote_literal(metric), 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Valid metrics: ' || array_to_string(valid, ', ') || '.';
    END IF;
    IF weeks IS NULL OR weeks < 1 OR weeks > 104 THEN
        RAISE EXCEPTION 'weeks must be between 1 and 104, got %', weeks USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF max_peers IS NULL OR max_peers < 1 THEN
        RAISE EXCEPTION 'max_peers must be at least 1, got %', max_peers USING ERRCODE = 'invalid_parameter_value';
    END IF;
    first_week := last_week - 7 * (weeks - 1);
    PERFORM employment_kpi.scorecard_check_weeks(first_week, last_week, weeks);
    acc := employment_kpi.scorecard_access();
    IF NOT acc.is_analyst AND pg_catalog.cardinality(acc.leader_teams) = 0 THEN
        RAISE EXCEPTION 'permission denied for caseworker scorecards'
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'The installing superuser runs employment_kpi.grant_analyst(role) or grant_leader(role, team_id).';
    END IF;
    SELECT c.team_id INTO own_team FROM employment_kpi.caseworker AS c WHERE c.caseworker_id = peer_sparring.caseworker_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown caseworker %', coalesce(quote_literal(peer_sparring.caseworker_id), 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT acc.is_analyst AND NOT own_team = ANY (acc.leader_teams) THEN
        RAISE EXCEPTION 'permission denied for caseworker % of another team', peer_sparring.caseworker_id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT cf.suppression_k INTO k FROM employment_kpi.config AS cf;

    RETURN QUERY
    WITH r AS MATERIALIZED (
        SELECT * FROM employment_kpi.scorecard_raw(first_week, last_week, weeks)
    ), agg AS (
        -- rates over the weeks; O/E over the rolling window ending in the last week
        SELECT r.caseworker_id, pg_catalog.min(r.team_id) AS team_id,
               pg_catalog.sum(r.caseload) AS cl, pg_catalog.sum(r.in_offer) AS io,
               pg_catalog.sum(r.exits) AS ex, pg_catalog.sum(r.tl_counted) AS tc, pg_catalog.sum(r.tl_met) AS tm,
               pg_catalog.sum(r.exits_window) FILTER (WHERE r.week = last_week) AS eo,
               employment_kpi.fsum(r.exits_expected) FILTER (WHERE r.week = last_week) AS ee,
               pg_catalog.sum(r.offer_weeks_window) FILTER (WHERE r.week = last_week) AS ao,
               employment_kpi.fsum(r.offer_weeks_expected) FILTER (WHERE r.week = last_week) AS ae
          FROM r GROUP BY r.caseworker_id
    ), val AS (
        -- value and a lower 95% limit ("clearly better" = the peer's lower
        -- limit is above our value): Wilson for shares, exact Poisson for O/E
        SELECT a.caseworker_id, a.team_id, a.cl, a.tc,
               CASE metric
                 WHEN 'activation_rate' THEN CASE WHEN a.cl > 0 THEN a.io::float8 / a.cl END
                 WHEN 'exits_per_100' THEN CASE WHEN a.cl > 0 THEN 100.0 * a.ex / a.cl END
                 WHEN 'timeliness' THEN CASE WHEN a.tc > 0 THEN a.tm::float8 / a.tc END
                 WHEN 'exits_oe' THEN CASE WHEN a.ee > 0 THEN a.eo / a.ee END
                 ELSE CASE WHEN a.ae > 0 THEN a.ao / a.ae END END AS value,
               CASE metric
                 WHEN 'activation_rate' THEN employment_kpi.wilson_low(a.io, a.cl)
                 WHEN 'exits_per_100' THEN 100.0 * employment_kpi.wilson_low(a.ex, a.cl)
                 WHEN 'timeliness' THEN employment_kpi.wilson_low(a.tm, a.tc)
                 WHEN 'exits_oe' THEN CASE WHEN a.ee > 0 AND a.eo > 0
                     THEN employment_kpi.chisq_quantile(0.025, 2.0 * a.eo) / (2.0 * a.ee) WHEN a.ee > 0 THEN 0 END
                 ELSE CASE WHEN a.ae > 0 AND a.ao > 0
                     THEN employment_kpi.chisq_quantile(0.025, 2.0 * a.ao) / (2.0 * a.ae) WHEN a.ae > 0 THEN 0 END
               END AS low
          FROM agg AS a
    ), mix AS (
        SELECT m.caseworker_id, m.group_code,
               m.citizen_weeks::float8 / pg_catalog.sum(m.citizen_weeks) OVER (PARTITION BY m.caseworker_id) AS share
          FROM employment_kpi.scorecard_mix(first_week, last_week) AS m
    ), grp AS (
        SELECT DISTINCT m.group_code FROM mix AS m
    ), peer AS (
        SELECT DISTINCT m.caseworker_id FROM mix AS m WHERE m.caseworker_id <> peer_sparring.caseworker_id
    ), sim AS (
        -- 1 - total variation distance between the two group mixes
        SELECT pr.caseworker_id,
               1.0 - 0.5 * pg_catalog.sum(pg_catalog.abs(coalesce(o.share, 0) - coalesce(p.share, 0))) AS similarity
          FROM peer AS pr
         CROSS JOIN grp AS g
          LEFT JOIN mix AS o ON o.caseworker_id = peer_sparring.caseworker_id AND o.group_code = g.group_code
          LEFT JOIN mix AS p ON p.caseworker_id = pr.caseworker_id AND p.group_code = g.group_code
         GROUP BY pr.caseworker_id
    ), own AS (
        SELECT v.value, v.cl >= k * weeks AND (metric <> 'timeliness' OR v.tc >= k) AS shown
          FROM val AS v WHERE v.caseworker_id = peer_sparring.caseworker_id
    )
    SELECT v.caseworker_id, v.team_id, v.value, CASE WHEN own.shown THEN own.value END, s.similarity
      FROM val AS v
      JOIN sim AS s ON s.caseworker_id = v.caseworker_id
     CROSS JOIN own
     WHERE (acc.is_analyst OR v.team_id = ANY (acc.leader_teams))
       AND v.cl >= k * weeks
       AND (metric <> 'timeliness' OR v.tc >= k)
       AND v.low > own.value
     ORDER BY s.similarity DESC, v.value DESC, v.caseworker_id
     LIMIT max_peers;
END
$$;
COMMENT ON FUNCTION employment_kpi.peer_sparring(text, text, int, int, date) IS
'Sparring partners (sparringspartnere) for a caseworker: up to max_peers colleagues whose caseload mix (share of caseload citizen-weeks per target group over the weeks weeks ending in to_week; NULL = the last complete ISO week) is most similar (caseload_similarity = 1 - half the sum of absolute differences of the shares, 1 = identical) and whose metric is clearly better: the peer''s lower 95% limit (Wilson for activation_rate, exits_per_100, timeliness; exact Poisson for exits_oe, activation_oe over the rolling window of weeks weeks) lies above the caseworker''s own value. Metrics: activation_rate, exits_per_100, timeliness, exits_oe, activation_oe (others raise 22023 listing them). Peers with an average caseload below config.suppression_k are left out; own_value is NULL when the caseworker''s own cell is that small. Analysts: any caseworker and peers from every team; team leaders: caseworkers of their own team and peers from their own team(s); others 42501.';

-------------------------------------------------------------------------------
-- Grants (run by the installing superuser; no role is created at install)
-------------------------------------------------------------------------------

CREATE FUNCTION employment_kpi.grant_reader(role_name name)
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF role_name IS NULL OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles AS r WHERE r.rolname = role_name) THEN
        RAISE EXCEPTION 'role % does not exist', coalesce(quote_ident(role_name), 'NULL')
            USING ERRCODE = 'undefined_object';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles AS r WHERE r.rolname = 'employment_kpi_reader') THEN
        CREATE ROLE employment_kpi_reader NOLOGIN;
        COMMENT ON ROLE employment_kpi_reader IS 'employment_kpi: may call the scorecard functions (team and municipality totals; caseworker rows need a team leader role or employment_kpi_analyst).';
    END IF;
    GRANT USAGE ON SCHEMA employment_kpi TO employment_kpi_reader;
    GRANT EXECUTE ON FUNCTION employment_kpi.caseworker_week(date, date, int),
                              employment_kpi.team_week(date, date, int),
                              employment_kpi.caseworker_conversations(date, date),
                              employment_kpi.peer_sparring(text, text, int, int, date)
          TO employment_kpi_reader;
    IF role_name <> 'employment_kpi_reader'
       AND NOT pg_catalog.pg_has_role(role_name, 'employment_kpi_reader', 'MEMBER') THEN
        EXECUTE format('GRANT employment_kpi_reader TO %I', role_name);
    END IF;
    -- and the BI views (src/sql/90_bi.sql, created later in the install script)
    PERFORM employment_kpi.grant_bi_views();
END
$$;
COMMENT ON FUNCTION employment_kpi.grant_reader(name) IS
'Makes role_name a scorecard reader: creates the NOLOGIN group role employment_kpi_reader on first use, grants it USAGE on the schema, EXECUTE on caseworker_week, team_week, caseworker_conversations and peer_sparring and SELECT on every kpi_* BI view (grant_bi_views()), and grants it to role_name. A reader sees team_week; caseworker rows need grant_leader or grant_analyst. Run by the installing superuser (or a role with CREATEROLE that owns the functions); unknown role: undefined_object (42704).';

CREATE FUNCTION employment_kpi.grant_leader(role_name name, team_id text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM employment_kpi.grant_reader(role_name);
    IF team_id IS NOT NULL THEN
        UPDATE employment_kpi.team AS t SET leader_role = role_name WHERE t.team_id = grant_leader.team_id;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'unknown team %', quote_literal(team_id)
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    END IF;
END
$$;
COMMENT ON FUNCTION employment_kpi.grant_leader(name, text) IS
'Makes role_name a team leader (teamleder): grant_reader(role_name) and, when team_id is given, sets that team''s leader_role to role_name. A role that is (a member of) a team''s leader_role sees the caseworker rows of that team. Unknown team: invalid_parameter_value (22023).';

CREATE FUNCTION employment_kpi.grant_analyst(role_name name)
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM employment_kpi.grant_reader(role_name);
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles AS r WHERE r.rolname = 'employment_kpi_analyst') THEN
        CREATE ROLE employment_kpi_analyst NOLOGIN;
        COMMENT ON ROLE employment_kpi_analyst IS 'employment_kpi: sees the caseworker scorecards of every team.';
        GRANT employment_kpi_reader TO employment_kpi_analyst;
    END IF;
    IF role_name <> 'employment_kpi_analyst'
       AND NOT pg_catalog.pg_has_role(role_name, 'employment_kpi_analyst', 'MEMBER') THEN
        EXECUTE format('GRANT employment_kpi_analyst TO %I', role_name);
    END IF;
    PERFORM employment_kpi.grant_bi_views();
END
$$;
COMMENT ON FUNCTION employment_kpi.grant_analyst(name) IS
'Makes role_name an analyst: grant_reader(role_name), creates the NOLOGIN group role employment_kpi_analyst on first use (a member of employment_kpi_reader), grants the kpi_* BI views to it (grant_bi_views()) and grants it to role_name. Analysts see every caseworker''s rows. Run by the installing superuser.';

-- Everything that reads citizen-level data, and the grant helpers, is not
-- for PUBLIC.
REVOKE EXECUTE ON FUNCTION employment_kpi.scorecard_raw(date, date, int),
                           employment_kpi.scorecard_caseworker_rows(date, date, int),
                           employment_kpi.scorecard_mix(date, date),
                           employment_kpi.scorecard_access(),
                           employment_kpi.caseworker_week(date, date, int),
                           employment_kpi.team_week(date, date, int),
                           employment_kpi.caseworker_conversations(date, date),
                           employment_kpi.peer_sparring(text, text, int, int, date),
                           employment_kpi.grant_reader(name),
                           employment_kpi.grant_leader(name, text),
                           employment_kpi.grant_analyst(name)
       FROM PUBLIC;
