-- What the money buys: the citizen-week expansion of the spells with gross
-- and net benefit (benefit_weeks) and the output ratios per scope
-- (output_ratios: cost per full-time person, conversation, offer week,
-- exit).  Gross benefit of a spell-week = weekly_benefit_dkk x days on
-- support in that week (within the requested period) / 7; refund = gross x
-- the rate of the week's refund-week number; net = gross - refund, so net +
-- refund = gross exactly.  Money is numeric throughout, never rounded here.

-- The argument check of benefit_weeks and output_ratios.
CREATE OR REPLACE FUNCTION employment_kpi_internal.output_check_period(from_date date, to_date date)
RETURNS void
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    PERFORM employment_kpi_internal.require_arg(from_date IS NOT NULL AND to_date IS NOT NULL,
                                                'from_date and to_date must not be NULL');
    PERFORM employment_kpi_internal.require_date_range(from_date, 'from_date', to_date, 'to_date');
    PERFORM employment_kpi_internal.require_data_until(to_date, 'to_date', false);
END
$$;

COMMENT ON FUNCTION employment_kpi_internal.output_check_period(date, date) IS
'Internal argument check of benefit_weeks and output_ratios: from_date and to_date not NULL, within the data''s range and its margin and from_date <= to_date (require_date_range), to_date not after data_end(); raises invalid_parameter_value (22023).';

CREATE OR REPLACE FUNCTION employment_kpi.benefit_weeks(from_date date, to_date date)
RETURNS TABLE (
    citizen_id          text,
    source_id           text,
    group_code          text,
    week                date,
    day_from            date,
    day_to              date,
    days                int,
    weekly_benefit_dkk  numeric,
    refund_week         int,
    refund_rate         numeric,
    gross_dkk           numeric,
    refund_dkk          numeric,
    net_dkk             numeric
)
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
#variable_conflict use_column
BEGIN
    PERFORM employment_kpi_internal.output_check_period(from_date, to_date);
    RETURN QUERY
    WITH spell AS (
        SELECT s.citizen_id, s.source_id, s.group_code, s.weekly_benefit_dkk,
               GREATEST(s.start_date, from_date) AS d0,
               LEAST(COALESCE(s.end_date, to_date), to_date) AS d1
          FROM employment_kpi.support_spell AS s
         WHERE s.start_date OPERATOR(pg_catalog.<=) to_date
           AND (s.end_date IS NULL OR s.end_date OPERATOR(pg_catalog.>=) from_date)
    ), sw AS (
        SELECT sp.citizen_id, sp.source_id, sp.group_code, sp.weekly_benefit_dkk, wk.week,
               GREATEST(wk.week, sp.d0) AS day_from,
               LEAST(wk.week + 6, sp.d1) AS day_to
          FROM spell AS sp,
               employment_kpi_internal.week_series(employment_kpi.iso_monday(sp.d0),
                                                   employment_kpi.iso_monday(sp.d1)) AS wk(week)
    ), rw AS MATERIALIZED (
        -- once per citizen (a lateral plan would run the machine per spell)
        SELECT r.citizen_id, r.week, r.refund_week
          FROM employment_kpi_internal.citizen_refund_weeks(to_date) AS r
         WHERE r.week OPERATOR(pg_catalog.>=) from_date - 6
    ), st AS MATERIALIZED (
        -- no refund-week number can exceed the weeks since the first spell
        SELECT * FROM employment_kpi_internal.refund_staircase(
            (SELECT (to_date - pg_catalog.min(x.start_date)) / 7 + 2
               FROM employment_kpi.support_spell AS x))
    )
    SELECT sw.citizen_id, sw.source_id, sw.group_code, sw.week, sw.day_from, sw.day_to,
           sw.day_to - sw.day_from + 1,
           sw.weekly_benefit_dkk, rw.refund_week, st.refund_rate,
           g.gross, g.gross * st.refund_rate, g.gross - g.gross * st.refund_rate
      FROM sw
      JOIN rw ON rw.citizen_id OPERATOR(pg_catalog.=) sw.citizen_id AND rw.week OPERATOR(pg_catalog.=) sw.week
      JOIN st ON st.refund_week OPERATOR(pg_catalog.=) rw.refund_week
             AND st.valid_from OPERATOR(pg_catalog.<=) sw.week AND st.valid_until OPERATOR(pg_catalog.>) sw.week
      CROSS JOIN LATERAL (SELECT sw.weekly_benefit_dkk * (sw.day_to - sw.day_from + 1) / 7 AS gross) AS g;
END
$$;

COMMENT ON FUNCTION employment_kpi.benefit_weeks(date, date) IS
'Citizen-week expansion of support spells over the days from_date..to_date (inclusive): one row per spell and ISO week with at least one day of the spell inside the period. Columns: citizen_id, source_id, group_code = the spell; week = Monday of the ISO week; day_from, day_to = first and last day of the spell inside both the week and the period; days = day_to - day_from + 1 (1..7); weekly_benefit_dkk = the spell''s weekly benefit (NULL = unknown: the row then counts for full-time persons but carries no money); refund_week = the citizen''s refund-week number of the week (weeks with benefits since the last reset, all groups, full history up to to_date); refund_rate = the state refund share for that number in the staircase in force in that week; gross_dkk = weekly_benefit_dkk x days / 7 (gross benefit, bruttoydelse); refund_dkk = gross_dkk x refund_rate (statsrefusion); net_dkk = gross_dkk - refund_dkk (the municipality''s net cost; for a-dagpenge its co-financing, medfinansiering). Money is unrounded numeric; net_dkk + refund_dkk = gross_dkk exactly. from_date > to_date, NULL/infinite dates or a to_date after data_end() raise 22023.';

-------------------------------------------------------------------------------
-- Output ratios: what the money buys
-------------------------------------------------------------------------------

-- The offer part of output_ratios, on its own so that the BI refresh can
-- recompute the offers' cost shares of a month without the citizen-week
-- expansion (an offer's new end date changes its share of every month since
-- its start, and nothing else in those months).  LANGUAGE sql without
-- STRICT or SET, so the planner inlines it into output_ratios.
CREATE OR REPLACE FUNCTION employment_kpi_internal.output_offer_sums(from_date date, to_date date)
RETURNS TABLE (
    scope                  text,
    scope_code             text,
    intervention_cost_dkk  numeric,
    offer_weeks            bigint
)
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH iv AS (
        -- interventions touching the period; the cost is spread evenly over
        -- the intervention's days (an ongoing one over start..to_date)
        SELECT i.citizen_id, i.source_id, i.type_code, i.cost_dkk, i.start_date,
               COALESCE(i.end_date, GREATEST(output_offer_sums.to_date, i.start_date)) AS e,
               GREATEST(i.start_date, output_offer_sums.from_date) AS d0,
               LEAST(COALESCE(i.end_date, output_offer_sums.to_date), output_offer_sums.to_date) AS d1
          FROM employment_kpi.intervention AS i
         WHERE i.start_date OPERATOR(pg_catalog.<=) output_offer_sums.to_date
           AND (i.end_date IS NULL OR i.end_date OPERATOR(pg_catalog.>=) output_offer_sums.from_date)
    ), ivs AS (
        -- group: the spell in force on the intervention's first day in the
        -- period; team: the case assignment in force that day
        SELECT 'municipality'::text AS sc, 'all'::text AS code, v.* FROM iv AS v
        UNION ALL
        SELECT 'intervention_type', v.type_code, v.* FROM iv AS v
        UNION ALL
        SELECT DISTINCT 'group', s.group_code, v.*
          FROM iv AS v
          JOIN employment_kpi.support_spell AS s
            ON s.citizen_id OPERATOR(pg_catalog.=) v.citizen_id
           AND v.d0 OPERATOR(pg_catalog.>=) s.start_date
           AND (s.end_date IS NULL OR v.d0 OPERATOR(pg_catalog.<=) s.end_date)
        UNION ALL
        SELECT DISTINCT 'team', cw.team_id, v.*
          FROM iv AS v
          JOIN employment_kpi.case_assignment AS a
            ON a.citizen_id OPERATOR(pg_catalog.=) v.citizen_id
           AND v.d0 OPERATOR(pg_catalog.>=) a.start_date
           AND (a.end_date IS NULL OR v.d0 OPERATOR(pg_catalog.<=) a.end_date)
          JOIN employment_kpi.caseworker AS cw ON cw.caseworker_id OPERATOR(pg_catalog.=) a.caseworker_id
    ), iv_sum AS (
        SELECT v.sc, v.code,
               pg_catalog.sum(v.cost_dkk * (v.d1 - v.d0 + 1) / (v.e - v.start_date + 1)) AS cost
          FROM ivs AS v
         GROUP BY v.sc, v.code
    ), ow AS (
        -- offer weeks: distinct (citizen, ISO week) with an offer day in the period
        SELECT q.sc, q.code, pg_catalog.count(*) AS n
          FROM (SELECT DISTINCT v.sc, v.code, v.citizen_id, k.week
                  FROM ivs AS v,
                       employment_kpi_internal.week_series(employment_kpi.iso_monday(v.d0),
                                                           employment_kpi.iso_monday(v.d1)) AS k(week)) AS q
         GROUP BY q.sc, q.code
    )
    -- every (scope, code) with an offer row has at least one offer week
    SELECT c.sc, c.code, c.cost, o.n
      FROM iv_sum AS c
      JOIN ow AS o ON o.sc OPERATOR(pg_catalog.=) c.sc AND o.code OPERATOR(pg_catalog.=) c.code;
END
$$;

COMMENT ON FUNCTION employment_kpi_internal.output_offer_sums(date, date) IS
'Internal building block of output_ratios (and of the BI refresh of mv_output_month): the offer columns of output_ratios(from_date, to_date) for the scopes that have offers in the period. Columns: scope (municipality, intervention_type, group, team) and scope_code as in output_ratios; intervention_cost_dkk = the offers'' cost_dkk spread evenly over their days (start..end, an ongoing offer over start..to_date) summed over the days in the period; offer_weeks = distinct (citizen, ISO week) pairs with an offer day in the period (group: the spell in force on the offer''s first day in the period; team: the case assignment in force that day). Scopes without offers have no row (output_ratios shows 0). No argument checks (NULL dates give no rows); call output_ratios instead.';

-- The figures of one output_ratios row from its sums: the only place the
-- ratios and the NULLs of the offer-type rows are defined, shared by
-- output_ratios and the BI refresh of mv_output_month (which recomputes the
-- ratios of a month from its stored sums when only the offers' cost shares
-- changed), so the two cannot drift apart.
CREATE OR REPLACE FUNCTION employment_kpi_internal.output_ratio_values(scope text, nweeks int, bweeks bigint,
                                                   ndays int, days numeric, gross numeric,
                                                   refund numeric, icost numeric, conv bigint, offw bigint,
                                                   nexits bigint, ntrans bigint)
RETURNS TABLE (
    fulltime_persons float8, fulltime_persons_days float8, gross_benefit_dkk numeric,
    net_benefit_dkk numeric, refund_dkk numeric, intervention_cost_dkk numeric, conversations bigint,
    offer_weeks bigint, exits bigint, transitions bigint, cost_per_fulltime_person numeric,
    cost_per_conversation numeric, cost_per_offer_week numeric, cost_per_exit numeric)
LANGUAGE sql IMMUTABLE PARALLEL SAFE ROWS 1 AS $$
    SELECT CASE WHEN NOT t.is_type AND t.nweeks > 0 THEN t.bweeks::float8 / t.nweeks END,
           CASE WHEN NOT t.is_type THEN t.days::float8 / t.ndays END,
           CASE WHEN NOT t.is_type THEN t.gross END,
           CASE WHEN NOT t.is_type THEN t.gross - t.refund END,
           CASE WHEN NOT t.is_type THEN t.refund END,
           t.icost,
           CASE WHEN NOT t.is_type THEN t.conv END,
           t.offw,
           CASE WHEN NOT t.is_type THEN t.nexits END,
           CASE WHEN NOT t.is_type THEN t.ntrans END,
           CASE WHEN NOT t.is_type AND t.bweeks > 0 THEN (t.gross - t.refund + t.icost) * t.nweeks / t.bweeks END,
           CASE WHEN NOT t.is_type AND t.conv > 0 THEN (t.gross - t.refund + t.icost) / t.conv END,
           CASE WHEN t.offw > 0 THEN t.icost / t.offw END,
           CASE WHEN NOT t.is_type AND t.nexits > 0 THEN (t.gross - t.refund + t.icost) / t.nexits END
      FROM (SELECT output_ratio_values.scope OPERATOR(pg_catalog.=) 'intervention_type' AS is_type,
                   output_ratio_values.nweeks, output_ratio_values.bweeks,
                   output_ratio_values.ndays, output_ratio_values.days, output_ratio_values.gross,
                   output_ratio_values.refund, output_ratio_values.icost, output_ratio_values.conv,
                   output_ratio_values.offw, output_ratio_values.nexits, output_ratio_values.ntrans) AS t
$$;

COMMENT ON FUNCTION employment_kpi_internal.output_ratio_values(text, int, bigint, int, numeric, numeric, numeric, numeric, bigint, bigint, bigint, bigint) IS
'Internal: the figures of one output_ratios row (its columns fulltime_persons .. cost_per_exit, one row) from the scope and the period''s sums: nweeks = weeks in the period (period_weeks), bweeks = benefit weeks, ndays = days in the period, days = days on support, gross and refund = benefit money, icost = offer cost, conv = conversations, offw = offer weeks, nexits = exits, ntrans = transitions (0 where there are none). fulltime_persons = bweeks / nweeks; fulltime_persons_days = days / ndays; net = gross - refund; cost_per_fulltime_person = (net + icost) x nweeks / bweeks, cost_per_conversation = (net + icost) / conv, cost_per_offer_week = icost / offw, cost_per_exit = (net + icost) / nexits, each NULL when its denominator is 0; for scope intervention_type everything but icost, offw and cost_per_offer_week is NULL. The single definition shared by output_ratios and the BI refresh of mv_output_month.';

CREATE OR REPLACE FUNCTION employment_kpi.output_ratios(from_date date, to_date date)
RETURNS TABLE (
    scope                     text,
    scope_code                text,
    fulltime_persons          float8,
    fulltime_persons_days     float8,
    gross_benefit_dkk         numeric,
    net_benefit_dkk           numeric,
    refund_dkk                numeric,
    intervention_cost_dkk     numeric,
    conversations             bigint,
    offer_weeks               bigint,
    exits                     bigint,
    transitions               bigint,
    cost_per_fulltime_person  numeric,
    cost_per_conversation     numeric,
    cost_per_offer_week       numeric,
    cost_per_exit             numeric
)
LANGUAGE plpgsql STABLE PARALLEL SAFE
-- JIT compiles the large per-scope plan for longer than it runs (measured
-- in docs/performance.md: twice as fast without it)
SET jit = off
AS $$
DECLARE
    ndays             int;
    nweeks            int;
    overlaps_possible boolean;
BEGIN
    PERFORM employment_kpi_internal.output_check_period(from_date, to_date);
    ndays := to_date - from_date + 1;
    nweeks := (SELECT pg_catalog.count(*) FROM employment_kpi_internal.period_weeks(from_date, to_date));
    overlaps_possible := NOT EXISTS (
        SELECT 1 FROM pg_catalog.pg_constraint AS k
         WHERE k.conrelid OPERATOR(pg_catalog.=) 'employment_kpi.support_spell'::pg_catalog.regclass
           AND k.conname OPERATOR(pg_catalog.=) 'support_spell_no_overlap'
           AND k.contype OPERATOR(pg_catalog.=) 'x' AND k.convalidated);
    RETURN QUERY
    WITH bw AS (
        SELECT u.citizen_id, u.group_code, u.week, u.day_from, u.day_to, u.days,
               u.weekly_benefit_dkk, u.refund_rate
          FROM employment_kpi.benefit_weeks(from_date, to_date) AS u
    ), asg AS (
        -- case assignments touching the period, with the caseworker's team
        SELECT a.citizen_id, cw.team_id, pg_catalog.daterange(a.start_date, a.end_date, '[]') AS r
          FROM employment_kpi.case_assignment AS a
          JOIN employment_kpi.caseworker AS cw ON cw.caseworker_id OPERATOR(pg_catalog.=) a.caseworker_id
         WHERE a.start_date OPERATOR(pg_catalog.<=) to_date
           AND (a.end_date IS NULL OR a.end_date OPERATOR(pg_catalog.>=) from_date)
    ), cover AS (
        -- days each team held the citizen's case: overlapping assignments to
        -- the same team merged into disjoint ranges
        SELECT q.citizen_id, q.team_id, pg_catalog.lower(q.r) AS c0, pg_catalog.upper(q.r) AS c1
          FROM (SELECT g.citizen_id, g.team_id, pg_catalog.unnest(pg_catalog.range_agg(g.r)) AS r
                  FROM asg AS g
                 GROUP BY g.citizen_id, g.team_id) AS q
    ), ben AS (
        -- benefit days per scope, with the days as a bit mask of the ISO
        -- week (bit 0 = Monday): a citizen counts in every group whose
        -- benefit it received and in every team holding its case those days
        SELECT 'municipality'::text AS sc, 'all'::text AS code, b.citizen_id AS cid, b.week,
               b.days, (1 << (b.day_to - b.week + 1)) - (1 << (b.day_from - b.week)) AS mask,
               b.weekly_benefit_dkk * b.days AS wd, b.weekly_benefit_dkk * b.days * b.refund_rate AS wdr
          FROM bw AS b
        UNION ALL
        SELECT 'group', b.group_code, b.citizen_id, b.week,
               b.days, (1 << (b.day_to - b.week + 1)) - (1 << (b.day_from - b.week)),
               b.weekly_benefit_dkk * b.days, b.weekly_benefit_dkk * b.days * b.refund_rate
          FROM bw AS b
        UNION ALL
        SELECT 'team', t.team_id, t.citizen_id, t.week,
               t.d1 - t.d0 + 1, (1 << (t.d1 - t.week + 1)) - (1 << (t.d0 - t.week)),
               t.weekly_benefit_dkk * (t.d1 - t.d0 + 1), t.weekly_benefit_dkk * (t.d1 - t.d0 + 1) * t.refund_rate
          FROM (SELECT c.team_id, b.citizen_id, b.week, b.weekly_benefit_dkk, b.refund_rate,
                       GREATEST(b.day_from, c.c0) AS d0,
                       LEAST(b.day_to, c.c1 - 1) AS d1
                  FROM bw AS b
                  JOIN cover AS c
                    ON c.citizen_id OPERATOR(pg_catalog.=) b.citizen_id
                   AND (c.c0 IS NULL OR c.c0 OPERATOR(pg_catalog.<=) b.day_to)
                   AND (c.c1 IS NULL OR c.c1 OPERATOR(pg_catalog.>) b.day_from)) AS t
    ), ben_sum AS (
        -- Without overlapping spells (the model's exclusion constraint
        -- support_spell_no_overlap guarantees it) the days simply add up;
        -- otherwise OR-ing the masks per citizen and week counts each day once.
        SELECT y.sc, y.code,
               CASE WHEN overlaps_possible
                    THEN (SELECT pg_catalog.sum(u.d)
                            FROM (SELECT pg_catalog.bit_count(pg_catalog.bit_or(z.mask)::bit(7)) AS d
                                    FROM ben AS z
                                   WHERE z.sc OPERATOR(pg_catalog.=) y.sc AND z.code OPERATOR(pg_catalog.=) y.code
                                   GROUP BY z.cid, z.week) AS u)
                    ELSE pg_catalog.sum(y.days) END AS days,
               pg_catalog.sum(y.wd) / 7 AS gross,
               pg_catalog.sum(y.wdr) / 7 AS refund
          FROM ben AS y
         GROUP BY y.sc, y.code
    ), bwk AS (
        -- benefit weeks (Jobindsats's full-time persons): each citizen, group
        -- and ISO week of the period (period_weeks) with at least one day of
        -- the group's benefit in the week
        SELECT DISTINCT s.citizen_id, s.group_code, w.week
          FROM employment_kpi.support_spell AS s,
               employment_kpi_internal.week_series(
                   GREATEST(employment_kpi.iso_monday(s.start_date), employment_kpi.iso_monday(from_date + 3)),
                   LEAST(employment_kpi.iso_monday(coalesce(s.end_date, 'infinity')),
                         employment_kpi.iso_monday(to_date - 3))) AS w(week)
         WHERE s.start_date OPERATOR(pg_catalog.<=) employment_kpi.iso_monday(to_date - 3) + 6
           AND (s.end_date IS NULL OR s.end_date OPERATOR(pg_catalog.>=) employment_kpi.iso_monday(from_date + 3))
    ), bwk_sum AS (
        -- summed across benefits: the municipality is the sum of the groups;
        -- a team counts the weeks in which it held the case on some day
        SELECT q.sc, q.code, pg_catalog.count(*) AS n
          FROM (SELECT 'municipality'::text AS sc, 'all'::text AS code FROM bwk AS b
                UNION ALL
                SELECT 'group', b.group_code FROM bwk AS b
                UNION ALL
                SELECT 'team', t.team_id FROM (
                    SELECT DISTINCT g.team_id, b.citizen_id, b.group_code, b.week
                      FROM bwk AS b
                      JOIN asg AS g ON g.citizen_id OPERATOR(pg_catalog.=) b.citizen_id
                       AND g.r OPERATOR(pg_catalog.&&) pg_catalog.daterange(b.week, b.week + 6, '[]')) AS t) AS q
         GROUP BY q.sc, q.code
    ), cv AS (
        SELECT c.citizen_id, c.source_id, c.held_on
          FROM employment_kpi.conversation AS c
         WHERE c.status OPERATOR(pg_catalog.=) 'held'
           AND c.held_on BETWEEN from_date AND to_date
    ), cv_sum AS (
        SELECT q.sc, q.code, pg_catalog.count(*) AS n
          FROM (SELECT 'municipality'::text AS sc, 'all'::text AS code, c.citizen_id, c.source_id FROM cv AS c
                UNION ALL
                SELECT DISTINCT 'group', s.group_code, c.citizen_id, c.source_id
                  FROM cv AS c
                  JOIN employment_kpi.support_spell AS s
                    ON s.citizen_id OPERATOR(pg_catalog.=) c.citizen_id
                   AND c.held_on OPERATOR(pg_catalog.>=) s.start_date
                   AND (s.end_date IS NULL OR c.held_on OPERATOR(pg_catalog.<=) s.end_date)
                UNION ALL
                SELECT DISTINCT 'team', g.team_id, c.citizen_id, c.source_id
                  FROM cv AS c
                  JOIN asg AS g ON g.citizen_id OPERATOR(pg_catalog.=) c.citizen_id AND g.r OPERATOR(pg_catalog.@>) c.held_on) AS q
         GROUP BY q.sc, q.code
    ), ex AS (
        -- support periods ending in the period with an exit or a transition
        SELECT p.citizen_id, p.period_no, p.end_date, p.last_group_code, p.is_exit
          FROM employment_kpi.support_periods('infinity'::date) AS p
         WHERE (p.is_exit OR p.is_transition) AND p.end_date BETWEEN from_date AND to_date
    ), ex_sum AS (
        SELECT q.sc, q.code, pg_catalog.count(*) FILTER (WHERE q.is_exit) AS n,
               pg_catalog.count(*) FILTER (WHERE NOT q.is_exit) AS ntrans
          FROM (SELECT 'municipality'::text AS sc, 'all'::text AS code, x.citizen_id, x.period_no, x.is_exit FROM ex AS x
                UNION ALL
                SELECT 'group', x.last_group_code, x.citizen_id, x.period_no, x.is_exit FROM ex AS x
                UNION ALL
                SELECT DISTINCT 'team', g.team_id, x.citizen_id, x.period_no, x.is_exit
                  FROM ex AS x
                  JOIN asg AS g ON g.citizen_id OPERATOR(pg_catalog.=) x.citizen_id AND g.r OPERATOR(pg_catalog.@>) x.end_date) AS q
         GROUP BY q.sc, q.code
    ), scopes AS (
        SELECT 'municipality'::text AS sc, 'all'::text AS code, 1 AS ord
        -- (a group that comes into force after the period, e.g. a 2027
        -- group in a 2026 period, has no row)
        UNION ALL SELECT 'group', cg.group_code, 2 FROM employment_kpi.citizen_group AS cg
                   WHERE cg.valid_from IS NULL OR cg.valid_from OPERATOR(pg_catalog.<=) to_date
        UNION ALL SELECT 'intervention_type', it.type_code, 3 FROM employment_kpi.intervention_type AS it
        UNION ALL SELECT 'team', t.team_id, 4 FROM employment_kpi.team AS t
    ), m AS (
        SELECT s.sc, s.code, s.ord,
               COALESCE(ws.n, 0) AS bweeks,
               COALESCE(bs.days, 0) AS days,
               COALESCE(bs.gross, 0) AS gross,
               COALESCE(bs.refund, 0) AS refund,
               COALESCE(vs.intervention_cost_dkk, 0) AS icost,
               COALESCE(cs.n, 0) AS conv,
               COALESCE(vs.offer_weeks, 0) AS offw,
               COALESCE(xs.n, 0) AS exits,
               COALESCE(xs.ntrans, 0) AS transitions
          FROM scopes AS s
          LEFT JOIN bwk_sum AS ws ON ws.sc OPERATOR(pg_catalog.=) s.sc AND ws.code OPERATOR(pg_catalog.=) s.code
          LEFT JOIN ben_sum AS bs ON bs.sc OPERATOR(pg_catalog.=) s.sc AND bs.code OPERATOR(pg_catalog.=) s.code
          LEFT JOIN employment_kpi_internal.output_offer_sums(from_date, to_date) AS vs
            ON vs.scope OPERATOR(pg_catalog.=) s.sc AND vs.scope_code OPERATOR(pg_catalog.=) s.code
          LEFT JOIN cv_sum AS cs ON cs.sc OPERATOR(pg_catalog.=) s.sc AND cs.code OPERATOR(pg_catalog.=) s.code
          LEFT JOIN ex_sum AS xs ON xs.sc OPERATOR(pg_catalog.=) s.sc AND xs.code OPERATOR(pg_catalog.=) s.code
    )
    -- the figures and ratios: output_ratio_values, shared with the BI refresh
    SELECT m.sc, m.code, r.*
      FROM m
     CROSS JOIN LATERAL employment_kpi_internal.output_ratio_values(m.sc, nweeks, m.bweeks, ndays, m.days, m.gross,
                                                           m.refund, m.icost, m.conv, m.offw, m.exits,
                                                           m.transitions) AS r
     ORDER BY m.ord, m.code;
END
$$;

COMMENT ON FUNCTION employment_kpi.output_ratios(date, date) IS
'What the money buys in the days from_date..to_date (inclusive), one row per scope: scope = ''municipality'' (scope_code ''all''), ''group'' (every citizen_group.group_code but those valid only after to_date), ''intervention_type'' (every intervention_type.type_code) and ''team'' (every team.team_id). A citizen counts in a group for the days it received that group''s benefit and in a team for the days its case was assigned (case_assignment) to a caseworker of the team; the municipality counts each citizen once per day. Columns: fulltime_persons = full-time persons as Jobindsats counts them (fuldtidspersoner, measure info MM14): benefit weeks / weeks in the period, where the period''s weeks are the ISO weeks whose Thursday lies in it and a benefit week is a (citizen, group, week) with at least one day of the group''s benefit in the week; summed across benefits (the municipality row is the sum of the group rows, a citizen on two benefits in one week counts twice; a team counts the benefit weeks in which it held the case on some day); NULL when the period holds no Thursday; fulltime_persons_days = days on support in the period / days in the period (per group and team each citizen''s days, in the total the union of its days); gross_benefit_dkk = sum over citizen-weeks of weekly_benefit_dkk x days on support in the week and period / 7; refund_dkk = the state refund on it by each week''s refund-week number (refund staircase, reset rule in config); net_benefit_dkk = gross - refund, the municipality''s net cost (for a-dagpenge its co-financing); intervention_cost_dkk = offers'' cost_dkk spread evenly over their days (start..end, an ongoing offer over start..to_date) and summed over the days in the period (group: the spell in force on the offer''s first day in the period; team: the assignment in force that day); conversations = held conversations (status held) in the period (group/team: the spell/assignment in force that day); offer_weeks = distinct (citizen, ISO week) pairs with at least one offer day in the period; exits = support periods (support_period, exit_grace_days) ending in the period with an exit to self-support (afgang til selvforsørgelse, period_outcome = exit: job, education, other or unknown) (group: the period''s last group; team: the assignment in force on its last day); transitions = those ending with a transition to another public benefit (other_benefit), counted the same way and never in exits; cost_per_fulltime_person = (net_benefit_dkk + intervention_cost_dkk) / fulltime_persons, i.e. the period''s net municipal cost per full-time person (not annualised); cost_per_conversation = (net_benefit_dkk + intervention_cost_dkk) / conversations; cost_per_offer_week = intervention_cost_dkk / offer_weeks (the price of a week of active offer); cost_per_exit = (net_benefit_dkk + intervention_cost_dkk) / exits. Every ratio is NULL when its denominator is 0 (the offer columns come from output_offer_sums, the figures and ratios from output_ratio_values, which the BI refresh of mv_output_month uses too). For scope intervention_type the benefit columns, both full-time person counts, conversations, exits, transitions and the ratios built on them are NULL: benefits, conversations and exits belong to citizens, not to offer types. Activity on days without support counts only in the municipality, type and team rows. Money is unrounded numeric and net + refund = gross. NULL or infinite dates, from_date > to_date and a to_date after data_end() raise 22023.';
