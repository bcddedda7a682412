-- Caseworker and team scorecards, the set logic (unsuppressed, no access
-- checks: access/scorecard.sql exposes them per role).
--
--   scorecard_check_weeks   the week-range check of the scorecard API
--   scorecard_raw           one row per caseworker and ISO week: caseload,
--                           conversations, offers, exits, timeliness windows,
--                           observed and expected counts over a rolling window
--   scorecard_cells         the reader-facing measures of a row, suppressed
--   scorecard_rows          the rows per caseworker, or per team and for the
--                           municipality, with funnel flags
--   scorecard_mix           the caseload mix per caseworker
--
-- The week grid is spell_weeks (support_periods.sql): a citizen has at most
-- one row per week, in the group of the spell owning it; the duration band
-- is duration_band.  A citizen is in caseworker c's caseload in week w when
-- on support in w and a case_assignment to c overlaps w; after a mid-week
-- reassignment the citizen is in both caseloads that week.

CREATE OR REPLACE FUNCTION employment_kpi_internal.scorecard_check_weeks(from_week date, to_week date, window_weeks int)
RETURNS void
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF from_week IS NULL OR to_week IS NULL OR window_weeks IS NULL THEN
        RAISE EXCEPTION 'from_week, to_week and window_weeks must not be NULL'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM employment_kpi_internal.require_date_range(from_week, 'from_week', to_week, 'to_week');
    IF employment_kpi.iso_monday(from_week) <> from_week OR employment_kpi.iso_monday(to_week) <> to_week THEN
        RAISE EXCEPTION 'from_week and to_week must be Mondays (ISO week keys), got % and %', from_week, to_week
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Use date_trunc(''week'', d)::date or employment_kpi.iso_monday(d).';
    END IF;
    IF window_weeks < 1 OR window_weeks > 104 THEN
        RAISE EXCEPTION 'window_weeks must be between 1 and 104, got %', window_weeks
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- no caseloads, zero exits or "within" flags for weeks without data
    PERFORM employment_kpi_internal.require_data_until(to_week, 'to_week', true);
END
$$;
COMMENT ON FUNCTION employment_kpi_internal.scorecard_check_weeks(date, date, int) IS
'Validates the week range of the scorecard functions: from_week and to_week not NULL, within the data''s range and its margin and from_week <= to_week (require_date_range), Mondays (no snapping: a non-Monday raises), to_week not after the week of data_end() (the week to date is allowed); window_weeks between 1 and 104. Raises invalid_parameter_value (22023).';

-------------------------------------------------------------------------------
-- The set logic: one row per caseworker and week, unsuppressed
-------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION employment_kpi_internal.scorecard_raw(from_week date, to_week date, window_weeks int)
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
    transitions         int,
    tl_counted          int,
    tl_met              int,
    pf_counted          int,
    pf_met              int,
    exits_window        int,
    exits_expected      float8,
    offer_weeks_window  int,
    offer_weeks_expected float8
)
LANGUAGE plpgsql STABLE PARALLEL SAFE
-- estimates of the week expansions stay rough, and JIT compilation of the
-- large plan costs more than the query (docs/performance.md: 1.4-1.9 times)
SET jit = off
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
WITH
prm AS (
    SELECT from_week AS f, to_week AS t, from_week - 7 * (window_weeks - 1) AS g0,
           -- the last day whose contact-rule windows are judged: a window
           -- ending after the data's end is not judged yet (in the week to
           -- date it would look missed or met on data that are not there);
           -- computed here once, not inside the windows' query
           LEAST(to_week + 6, coalesce(employment_kpi.data_end(), to_week + 6)) AS tl_to
),
-- spells of the citizens on support in the grid, with their support
-- periods (only those citizens are chained: period_spells' active filter)
spell AS (
    SELECT sp.citizen_id, sp.group_code, sp.start_date, sp.end_date, sp.next_start,
           sp.period_start, sp.period_end, sp.period_exit AS is_exit, sp.period_transition AS is_transition
      FROM employment_kpi_internal.period_spells('infinity', NULL, from_week - 7 * (window_weeks - 1),
                                                 to_week + 6) AS sp
     WHERE sp.start_date <= to_week + 6 AND (sp.end_date IS NULL OR sp.end_date >= from_week - 7 * (window_weeks - 1))
),
-- citizen-weeks on support: group, duration band, exit in the week
cw AS (
    SELECT sp.citizen_id, k.week AS week, sp.group_code,
           employment_kpi.duration_band((k.week - employment_kpi.iso_monday(sp.period_start)) / 7) AS band,
           (sp.is_exit AND sp.period_end BETWEEN k.week AND k.week + 6) AS is_exit,
           (sp.is_transition AND sp.period_end BETWEEN k.week AND k.week + 6) AS is_transition
      FROM spell AS sp
     CROSS JOIN prm
     CROSS JOIN LATERAL employment_kpi_internal.spell_weeks(sp.start_date, sp.end_date, sp.next_start,
                                                            prm.g0, prm.t) AS k(week)
),
-- citizen-weeks in an offer, and offers started per citizen-week
iw AS (
    SELECT i.citizen_id, k.week AS week,
           pg_catalog.count(*) FILTER (WHERE employment_kpi.iso_monday(i.start_date) = k.week)::int AS started
      FROM employment_kpi.intervention AS i
     CROSS JOIN prm
     CROSS JOIN LATERAL employment_kpi_internal.week_series(
           greatest(employment_kpi.iso_monday(i.start_date), prm.g0),
           employment_kpi.iso_monday(least(i.end_date, prm.t))) AS k(week)
     WHERE i.start_date <= prm.t + 6
       AND (i.end_date IS NULL OR i.end_date >= prm.g0)
     GROUP BY i.citizen_id, k.week
),
grid AS MATERIALIZED (
    SELECT cw.citizen_id, cw.week, cw.group_code, cw.band, cw.is_exit, cw.is_transition,
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
     CROSS JOIN LATERAL employment_kpi_internal.week_series(
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
     CROSS JOIN LATERAL employment_kpi_internal.week_series(greatest(m.week, prm.f),
                                                   least(m.week + 7 * (window_weeks - 1), prm.t)) AS wk(week)
     GROUP BY wk.week, m.group_code, m.band
),
-- caseworker x week x stratum
cstrat AS (
    SELECT c.caseworker_id, c.week, c.group_code, c.band, pg_catalog.count(*) AS n,
           pg_catalog.count(*) FILTER (WHERE c.is_exit) AS ex,
           pg_catalog.count(*) FILTER (WHERE c.is_transition) AS tr,
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
     CROSS JOIN LATERAL employment_kpi_internal.week_series(greatest(cs.week, prm.f),
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
           pg_catalog.sum(cs.ex)::int AS exits,
           pg_catalog.sum(cs.tr)::int AS transitions
      FROM cstrat AS cs, prm
     WHERE cs.week >= prm.f
     GROUP BY cs.caseworker_id, cs.week
),
-- timeliness: the contact-rule windows ending in a report week
-- (timeliness_windows, kpi/timeliness.sql), counted for the caseworkers
-- holding the citizen that week: per-citizen rules (tl_*) and portfolio
-- rules (pf_*, the caseworker's contribution to the municipality's share;
-- the law judges the share for the municipality, portfolio_compliance).
-- MATERIALIZED: the windows are found once, before the join with the
-- assignment weeks.
tl AS MATERIALIZED (
    SELECT w.citizen_id, employment_kpi.iso_monday(w.last_day) AS week, w.coverage_pct, w.met
      FROM prm, employment_kpi_internal.timeliness_windows(prm.f, prm.tl_to) AS w
),
tlc AS (
    SELECT aw.caseworker_id, tl.week,
           pg_catalog.count(*) FILTER (WHERE tl.coverage_pct IS NULL)::int AS tl_counted,
           pg_catalog.count(*) FILTER (WHERE tl.coverage_pct IS NULL AND tl.met)::int AS tl_met,
           pg_catalog.count(*) FILTER (WHERE tl.coverage_pct IS NOT NULL)::int AS pf_counted,
           pg_catalog.count(*) FILTER (WHERE tl.coverage_pct IS NOT NULL AND tl.met)::int AS pf_met
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
       coalesce(w.in_offer, 0), coalesce(w.offers_started, 0), coalesce(w.exits, 0), coalesce(w.transitions, 0),
       coalesce(t.tl_counted, 0), coalesce(t.tl_met, 0), coalesce(t.pf_counted, 0), coalesce(t.pf_met, 0),
       coalesce(o.exits_window, 0), coalesce(o.exits_expected, 0),
       coalesce(o.offer_weeks_window, 0), coalesce(o.offer_weeks_expected, 0)
  FROM keys AS k
  JOIN employment_kpi.caseworker AS cwk ON cwk.caseworker_id = k.caseworker_id
  LEFT JOIN weekly AS w ON w.caseworker_id = k.caseworker_id AND w.week = k.week
  LEFT JOIN conv AS c ON c.caseworker_id = k.caseworker_id AND c.week = k.week
  LEFT JOIN tlc AS t ON t.caseworker_id = k.caseworker_id AND t.week = k.week
  LEFT JOIN oe AS o ON o.caseworker_id = k.caseworker_id AND o.week = k.week;
END
$$;
COMMENT ON FUNCTION employment_kpi_internal.scorecard_raw(date, date, int) IS
'Internal (EXECUTE revoked from PUBLIC; called by the SECURITY DEFINER scorecard functions): one row per caseworker and ISO week in [from_week, to_week] with a caseload or a conversation, UNSUPPRESSED: weekly counts (exits to self-support and transitions to another public benefit apart, as period_outcome defines them), contact-rule windows ending in the week of the citizens in the caseload that week (tl_*: per-citizen rules, pf_*: portfolio rules; counted and met), and the rolling-window observed and expected exits and in-offer citizen-weeks (window_weeks weeks ending in the week). Arguments are not validated here.';

-------------------------------------------------------------------------------
-- Presentation: measures, flags and small-cell suppression of one row
-------------------------------------------------------------------------------

-- A count of citizens between 1 and k - 1 is suppressed (NULL); so is every
-- rate derived from a suppressed count.  Flags are computed on the true
-- values (a flag does not reveal a count).
CREATE OR REPLACE FUNCTION employment_kpi_internal.scorecard_cells(
    k int, caseload int, in_offer int, offers_started int, exits int, transitions int,
    tl_counted int, tl_met int, pf_counted int, pf_met int,
    exits_window int, exits_expected float8, offer_weeks_window int, offer_weeks_expected float8,
    exits_tau2 float8, activation_tau2 float8, with_flags boolean,
    OUT s_caseload int, OUT s_in_offer int, OUT activation_rate float8, OUT s_offers_started int,
    OUT s_exits int, OUT s_transitions int, OUT exits_per_100 float8, OUT timeliness float8, OUT portfolio_share float8,
    OUT exits_oe float8, OUT exits_flag text, OUT activation_oe float8, OUT activation_flag text,
    OUT suppressed boolean)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN x.sup_cl THEN NULL ELSE caseload END,
           CASE WHEN x.sup_io THEN NULL ELSE in_offer END,
           CASE WHEN caseload = 0 OR x.sup_cl OR x.sup_io THEN NULL
                ELSE in_offer::float8 / caseload END,
           CASE WHEN x.sup_st THEN NULL ELSE offers_started END,
           CASE WHEN x.sup_ex THEN NULL ELSE exits END,
           CASE WHEN x.sup_tr THEN NULL ELSE transitions END,
           CASE WHEN caseload = 0 OR x.sup_cl OR x.sup_ex THEN NULL
                ELSE 100.0 * exits / caseload END,
           CASE WHEN tl_counted = 0 OR x.sup_tl THEN NULL
                ELSE tl_met::float8 / tl_counted END,
           CASE WHEN pf_counted = 0 OR x.sup_pf THEN NULL
                ELSE pf_met::float8 / pf_counted END,
           CASE WHEN exits_expected > 0 AND NOT x.sup_oe
                THEN exits_window / exits_expected END,
           CASE WHEN with_flags THEN employment_kpi.funnel_flag(exits_window, exits_expected, exits_tau2) END,
           CASE WHEN offer_weeks_expected > 0
                THEN offer_weeks_window / offer_weeks_expected END,
           CASE WHEN with_flags THEN employment_kpi.funnel_flag(offer_weeks_window, offer_weeks_expected, activation_tau2) END,
           x.sup_cl OR x.sup_io OR x.sup_st OR x.sup_ex OR x.sup_tr OR x.sup_tl OR x.sup_pf OR x.sup_oe
      FROM (SELECT caseload BETWEEN 1 AND k - 1 AS sup_cl,
                   in_offer BETWEEN 1 AND k - 1 AS sup_io,
                   offers_started BETWEEN 1 AND k - 1 AS sup_st,
                   exits BETWEEN 1 AND k - 1 AS sup_ex,
                   transitions BETWEEN 1 AND k - 1 AS sup_tr,
                   tl_counted BETWEEN 1 AND k - 1 AS sup_tl,
                   pf_counted BETWEEN 1 AND k - 1 AS sup_pf,
                   exits_expected > 0 AND exits_window BETWEEN 1 AND k - 1 AS sup_oe) AS x
$$;
COMMENT ON FUNCTION employment_kpi_internal.scorecard_cells(int, int, int, int, int, int, int, int, int, int, int, float8, int, float8, float8, float8, boolean) IS
'Internal: the reader-facing measures of one scorecard row with small-cell suppression (diskretionering) at k = config.suppression_k: counts of citizens (caseload, in_offer, offers_started, exits, transitions, counted windows of per-citizen and of portfolio contact rules, observed exits in the rolling window) between 1 and k - 1 become NULL, as does every rate derived from them; suppressed says whether anything was nulled. timeliness = met / counted windows of per-citizen rules; portfolio_share = met / counted windows of portfolio rules (a contribution, not judged against the rule''s coverage). Flags use the true values.';

-- The scorecard rows with flags: per caseworker, or (by_team) per team
-- and for the municipality, the sums of the teams' caseworker rows.  The
-- over-dispersion of the funnel flags is estimated across all caseworkers
-- (or all teams) of the week, whoever asks, so everyone sees the same
-- flags; the municipality row has none.
CREATE OR REPLACE FUNCTION employment_kpi_internal.scorecard_rows(from_week date, to_week date, window_weeks int,
                                                                  by_team boolean)
RETURNS TABLE (
    week date, level text, team_id text, caseworker_id text, caseworkers int, caseload int, conversations_held int,
    no_shows int, in_offer int, activation_rate float8, offers_started int, exits int, transitions int,
    exits_per_100 float8, timeliness float8, portfolio_share float8, exits_expected float8, exits_oe float8,
    exits_flag text, activation_oe float8, activation_flag text, exits_tau2 float8,
    activation_expected float8, activation_tau2 float8, suppressed boolean)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH r AS MATERIALIZED (
        SELECT * FROM employment_kpi_internal.scorecard_raw(from_week, to_week, window_weeks)
    ), v AS (
        SELECT r.week, 'caseworker'::text AS level, r.team_id, r.caseworker_id, NULL::int AS caseworkers,
               r.caseload, r.conversations_held, r.no_shows, r.in_offer, r.offers_started, r.exits, r.transitions,
               r.tl_counted, r.tl_met, r.pf_counted, r.pf_met,
               r.exits_window, r.exits_expected, r.offer_weeks_window, r.offer_weeks_expected
          FROM r
         WHERE NOT by_team
        UNION ALL
        SELECT r.week, CASE WHEN r.team_id IS NULL THEN 'municipality' ELSE 'team' END, r.team_id, NULL,
               pg_catalog.count(*)::int,
               pg_catalog.sum(r.caseload)::int, pg_catalog.sum(r.conversations_held)::int,
               pg_catalog.sum(r.no_shows)::int, pg_catalog.sum(r.in_offer)::int,
               pg_catalog.sum(r.offers_started)::int, pg_catalog.sum(r.exits)::int, pg_catalog.sum(r.transitions)::int,
               pg_catalog.sum(r.tl_counted)::int, pg_catalog.sum(r.tl_met)::int,
               pg_catalog.sum(r.pf_counted)::int, pg_catalog.sum(r.pf_met)::int,
               pg_catalog.sum(r.exits_window)::int, employment_kpi.fsum(r.exits_expected),
               pg_catalog.sum(r.offer_weeks_window)::int, employment_kpi.fsum(r.offer_weeks_expected)
          FROM r
         WHERE by_team
         GROUP BY GROUPING SETS ((r.week, r.team_id), (r.week))
    ), od AS (
        SELECT v.week,
               coalesce(employment_kpi.funnel_tau2(v.exits_window, v.exits_expected), 0) AS ex_tau2,
               coalesce(employment_kpi.funnel_tau2(v.offer_weeks_window, v.offer_weeks_expected), 0) AS act_tau2
          FROM v WHERE v.level <> 'municipality' GROUP BY v.week
    )
    SELECT v.week, v.level, v.team_id, v.caseworker_id, v.caseworkers, c.s_caseload, v.conversations_held, v.no_shows,
           c.s_in_offer, c.activation_rate, c.s_offers_started, c.s_exits, c.s_transitions, c.exits_per_100,
           c.timeliness, c.portfolio_share,
           CASE WHEN v.exits_expected > 0 THEN v.exits_expected END, c.exits_oe, c.exits_flag,
           c.activation_oe, c.activation_flag,
           CASE WHEN v.level <> 'municipality' THEN od.ex_tau2 END,
           CASE WHEN v.offer_weeks_expected > 0 THEN v.offer_weeks_expected END,
           CASE WHEN v.level <> 'municipality' THEN od.act_tau2 END,
           c.suppressed
      FROM v
      JOIN od ON od.week = v.week
     CROSS JOIN (SELECT employment_kpi.suppression_k() AS suppression_k) AS cfg
     -- caseworker rows go only to those who may see the cases (analysts and
     -- the team's leader: caseworker_teams, kpi_caseworker_week), so they
     -- are not suppressed (k = 0); team and municipality rows are
     CROSS JOIN LATERAL employment_kpi_internal.scorecard_cells(
           CASE WHEN v.level = 'caseworker' THEN 0 ELSE cfg.suppression_k END, v.caseload, v.in_offer, v.offers_started, v.exits, v.transitions,
           v.tl_counted, v.tl_met, v.pf_counted, v.pf_met,
           v.exits_window, v.exits_expected, v.offer_weeks_window, v.offer_weeks_expected,
           od.ex_tau2, od.act_tau2, v.level <> 'municipality') AS c
$$;
COMMENT ON FUNCTION employment_kpi_internal.scorecard_rows(date, date, int, boolean) IS
'Internal (EXECUTE revoked from PUBLIC): the scorecard rows without the access check, with funnel flags, the caseworker rows with their true counts (only analysts and team leaders get them), the team and municipality rows with small cells suppressed: per caseworker (level caseworker), or with by_team per team (level team, caseworkers = its caseworker rows) and for the municipality (level municipality, team_id NULL, no flags), the sums of the caseworker rows. The over-dispersion is estimated across the caseworkers, or the teams, of the week.';

CREATE OR REPLACE FUNCTION employment_kpi_internal.scorecard_mix(from_week date, to_week date)
RETURNS TABLE (caseworker_id text, group_code text, citizen_weeks bigint)
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH prm AS (SELECT from_week AS f, to_week AS t),
    spell AS (
        SELECT s.citizen_id, s.group_code, s.start_date, s.end_date,
               pg_catalog.lead(s.start_date) OVER (PARTITION BY s.citizen_id ORDER BY s.start_date) AS next_start
          FROM employment_kpi.support_spell AS s
    ), cw AS (
        SELECT sp.citizen_id, k.week AS week, sp.group_code
          FROM spell AS sp
         CROSS JOIN prm
         CROSS JOIN LATERAL employment_kpi_internal.spell_weeks(sp.start_date, sp.end_date, sp.next_start,
                                                                prm.f, prm.t) AS k(week)
         WHERE sp.start_date <= prm.t + 6 AND (sp.end_date IS NULL OR sp.end_date >= prm.f)
    ), aw AS (
        SELECT DISTINCT a.citizen_id, a.caseworker_id, k.week AS week
          FROM employment_kpi.case_assignment AS a
         CROSS JOIN prm
         CROSS JOIN LATERAL employment_kpi_internal.week_series(
               greatest(employment_kpi.iso_monday(a.start_date), prm.f),
               employment_kpi.iso_monday(least(a.end_date, prm.t))) AS k(week)
         WHERE a.start_date <= prm.t + 6 AND (a.end_date IS NULL OR a.end_date >= prm.f)
    )
    SELECT aw.caseworker_id, cw.group_code, pg_catalog.count(*)
      FROM aw JOIN cw ON cw.citizen_id = aw.citizen_id AND cw.week = aw.week
     GROUP BY aw.caseworker_id, cw.group_code;
END
$$;
COMMENT ON FUNCTION employment_kpi_internal.scorecard_mix(date, date) IS
'Internal (EXECUTE revoked from PUBLIC): caseload mix, the number of caseload citizen-weeks per caseworker and target group in ISO weeks from_week..to_week (a spell of a later group owns a week it shares with an earlier spell).';
