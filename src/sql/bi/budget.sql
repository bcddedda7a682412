-- The BI layer over budget and output, per calendar month from January of
-- the first budgeted year (or the first booking) to the month of
-- data_end(): mv_budget_month (budget_status at each month end, and at the
-- data's end in the last month) and mv_output_month (output_ratios per
-- month), behind kpi_budget_month and kpi_output_month.  A refresh
-- recomputes the months from the earliest change on; in mv_output_month the
-- earlier months whose offers only changed their cost shares (an offer's
-- new end date) get just the offer columns updated.

CREATE OR REPLACE FUNCTION employment_kpi_internal.bi_budget_first_month()
RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT LEAST((SELECT pg_catalog.make_date(pg_catalog.min(b.fiscal_year), 1, 1) FROM employment_kpi.budget b),
                 (SELECT pg_catalog.date_trunc('month', pg_catalog.min(e.booked_on))::date FROM employment_kpi.expense e))
$$;

COMMENT ON FUNCTION employment_kpi_internal.bi_budget_first_month() IS
'Internal: the first month of mv_budget_month and mv_output_month: January of the first budgeted year or the month of the first booking, whichever is earlier; NULL without budgets and bookings.';

-- Kind output: an offer whose end date changed (source intervention_span,
-- recorded at the offer's start) changes, in the months before the earliest
-- change of every other source, only the offers' cost shares: the offer's
-- days in those months, its group and team (fixed by its first day in the
-- month) stay the same, only its total days changed.  Those months are
-- updated in place from output_offer_sums with the ratios recomputed from
-- the stored sums by output_ratio_values (the same functions output_ratios
-- uses); the months from the earliest other change on are recomputed.
SELECT employment_kpi_internal.declare_refresh_function('bi_refresh_budget', $body$
DECLARE
    v_output boolean := mv_name = 'mv_output_month';
    v_from   date := from_date;
    v_span   date;
    v_upto   date;
    v_first  date;
    v_month  date;
    v_to     date;
    v_mode   text;
BEGIN
    IF v_output AND from_date <> '-infinity' THEN
        -- the offers whose end date changed, and the earliest change of the
        -- other sources (from_date is the earlier of the two)
        SELECT pg_catalog.date_trunc('month', pg_catalog.min(p.changed_from)::timestamp)::date INTO v_span
          FROM employment_kpi_internal.bi_pending p
         WHERE p.mv_name = bi_refresh_budget.mv_name AND p.source = 'intervention_span';
        SELECT employment_kpi_internal.bi_pending_from(r.mv_name, pg_catalog.array_remove(r.sources, 'intervention_span'),
                                                       r.last_day, bi_refresh_budget.last_day)
          INTO v_from
          FROM employment_kpi_internal.bi_relation r WHERE r.mv_name = bi_refresh_budget.mv_name;
    END IF;
    IF v_from IS NULL AND v_span IS NULL THEN
        RETURN 'unchanged';
    ELSIF v_from IS NOT NULL THEN
        v_from := employment_kpi_internal.bi_clear_from(mv_name, 'month', 'month', v_from, concurrent);
    END IF;
    v_first := employment_kpi_internal.bi_budget_first_month();
    -- Offer cost shares only: the months from v_span up to, not including,
    -- v_from (through last_day's month when nothing else changed), where
    -- they exist.  v_upto is exclusive: a day after the last such month's start.
    v_upto := LEAST(v_from, pg_catalog.date_trunc('month', last_day::timestamp)::date + 1);
    IF v_span IS NOT NULL THEN
        v_span := GREATEST(v_span, v_first);   -- (NULL v_first: no months at all)
    END IF;
    IF v_span IS NOT NULL AND v_span < v_upto AND v_first IS NOT NULL AND last_day IS NOT NULL THEN
        FOR v_month IN SELECT g::date FROM pg_catalog.generate_series(v_span::timestamp,
                                  (v_upto - 1)::timestamp, interval '1 month') g LOOP
            v_to := LEAST((v_month + interval '1 month')::date - 1, last_day);
            UPDATE employment_kpi_internal.mv_output_month m
               SET intervention_cost_dkk = r.intervention_cost_dkk, offer_weeks = r.offer_weeks,
                   cost_per_fulltime_person = r.cost_per_fulltime_person,
                   cost_per_conversation = r.cost_per_conversation,
                   cost_per_offer_week = r.cost_per_offer_week, cost_per_exit = r.cost_per_exit
              FROM employment_kpi_internal.mv_output_month k
              LEFT JOIN employment_kpi_internal.output_offer_sums(v_month, v_to) s
                ON s.scope = k.scope AND coalesce(s.scope_code, '') = k.scope_code
             CROSS JOIN (SELECT pg_catalog.count(*)::int AS n
                           FROM employment_kpi_internal.period_weeks(v_month, v_to)) nw
             CROSS JOIN LATERAL employment_kpi_internal.output_ratio_values(
                       k.scope, nw.n,
                       -- benefit weeks and days on support: the stored
                       -- full-time persons (bweeks / nweeks, days / ndays)
                       -- exactly inverted (counts < 2^50)
                       pg_catalog.round(coalesce(k.fulltime_persons, 0) * nw.n)::bigint,
                       v_to - v_month + 1,
                       pg_catalog.round(coalesce(k.fulltime_persons_days, 0) * (v_to - v_month + 1))::numeric,
                       coalesce(k.gross_benefit_dkk, 0), coalesce(k.refund_dkk, 0),
                       coalesce(s.intervention_cost_dkk, 0), coalesce(k.conversations, 0),
                       coalesce(s.offer_weeks, 0), coalesce(k.exits, 0), coalesce(k.transitions, 0)) r
             WHERE k.month = v_month
               AND m.month = k.month AND m.scope = k.scope AND m.scope_code = k.scope_code
               AND (m.intervention_cost_dkk, m.offer_weeks, m.cost_per_fulltime_person, m.cost_per_conversation,
                    m.cost_per_offer_week, m.cost_per_exit)
                   IS DISTINCT FROM
                   (r.intervention_cost_dkk, r.offer_weeks, r.cost_per_fulltime_person, r.cost_per_conversation,
                    r.cost_per_offer_week, r.cost_per_exit);
        END LOOP;
    END IF;
    IF v_from IS NULL THEN
        RETURN CASE WHEN v_span < v_upto AND v_first IS NOT NULL
                    THEN 'incremental, offer costs from ' || employment_kpi.month_label(v_span)
                    ELSE 'unchanged' END;
    END IF;
    -- (GREATEST ignores NULL: no budgets and bookings must mean no months)
    IF v_first IS NOT NULL THEN
        v_first := GREATEST(v_first, v_from);
    END IF;
    IF v_first IS NOT NULL AND last_day IS NOT NULL THEN
        FOR v_month IN SELECT g::date FROM pg_catalog.generate_series(v_first::timestamp,
                                  pg_catalog.date_trunc('month', last_day::timestamp), interval '1 month') g LOOP
            v_to := LEAST((v_month + interval '1 month')::date - 1, last_day);
            IF NOT v_output THEN
                INSERT INTO employment_kpi_internal.mv_budget_month
                SELECT v_month, v_to, s.area, s.kind,
                       s.budget_dkk, s.ytd_budget_dkk, s.ytd_actual_dkk, s.ytd_variance_dkk, s.forecast_dkk,
                       s.projected_variance_dkk, s.overrun_risk, s.forecast_through, s.forecast_basis
                  FROM employment_kpi.budget_status(pg_catalog.date_part('year', v_month)::int, v_to) s;
            ELSE
                INSERT INTO employment_kpi_internal.mv_output_month
                SELECT v_month, v_to, o.scope,
                       coalesce(o.scope_code, ''), o.fulltime_persons, o.gross_benefit_dkk, o.net_benefit_dkk,
                       o.refund_dkk, o.intervention_cost_dkk, o.conversations, o.offer_weeks, o.exits,
                       o.cost_per_fulltime_person, o.cost_per_conversation, o.cost_per_offer_week, o.cost_per_exit,
                       o.fulltime_persons_days, o.transitions
                  FROM employment_kpi.output_ratios(v_month, v_to) o;
            END IF;
        END LOOP;
    END IF;
    v_mode := employment_kpi_internal.bi_mode('month', v_from);
    IF v_span < v_upto AND v_first IS NOT NULL THEN
        v_mode := v_mode || ', offer costs from ' || employment_kpi.month_label(v_span);
    END IF;
    RETURN v_mode;
END
$body$,
'Refresh function of mv_budget_month (bookings and budgets) and mv_output_month (spells, offers, conversations, assignments, bookings, teams, refund staircase, settings): deletes and recomputes the months from the month of from_date on (a booking also changes later months'' year-to-date figures and next year''s forecast pattern; a spell change the refund weeks after it). mv_output_month: an offer''s new end date also changes every month since the offer''s start, because its cost is spread over its days (source intervention_span, recorded at the start); in the months from there up to the earliest change of every other source only the offers'' cost shares change, so those months get intervention_cost_dkk, offer_weeks and the four cost_per_* columns updated in place (output_offer_sums, ratios from the stored sums by output_ratio_values, as output_ratios computes them). Returns the mode: full; incremental from YYYY-MM; with '', offer costs from YYYY-MM'' when months were updated in place; or ''incremental, offer costs from YYYY-MM'' when nothing else changed.');

CREATE VIEW employment_kpi.kpi_budget_month WITH (security_barrier) AS
SELECT m.month, employment_kpi.month_label(m.month) AS month_label,
       pg_catalog.date_part('year', m.month)::int AS fiscal_year, m.as_of,
       (m.month = (SELECT pg_catalog.max(x.month) FROM employment_kpi_internal.mv_budget_month x)) AS is_latest,
       m.area, a.label AS area_label, m.kind, m.budget_dkk, m.ytd_budget_dkk, m.ytd_actual_dkk,
       m.ytd_variance_dkk, m.forecast_dkk, m.projected_variance_dkk, m.overrun_risk,
       m.forecast_through, m.forecast_basis
  FROM employment_kpi_internal.mv_budget_month m
  LEFT JOIN employment_kpi.budget_area a ON a.area = m.area
 WHERE (SELECT employment_kpi.is_reader());

COMMENT ON VIEW employment_kpi.kpi_budget_month IS
'Budget versus spending (budgetopfølgning) per budget area and a total row, at the end of every month and, in the latest month, at the latest as-of date: budget_status(fiscal year, as_of). Money in DKK as numeric. Rows: readers, leaders and analysts.';
SELECT employment_kpi_internal.comment_columns('employment_kpi.kpi_budget_month', $c$
month: First day of the month (måned).
month_label: Month label for chart axes, e.g. 2026-11.
fiscal_year: Fiscal year (regnskabsår = calendar year).
as_of: Date the status is computed at (opgørelsesdato): the month's last day, or the last day of the data in the latest month.
is_latest: True on the rows of the latest month (the current status).
area: Budget area (budgetområde); total for the sum of all areas.
area_label: Readable name of the budget area; NULL on the total row.
kind: What the area pays for: benefit (forsørgelse), intervention (tilbud), administration, other.
budget_dkk: Adopted annual budget (vedtaget budget) in DKK.
ytd_budget_dkk: Budget for the year to date (periodiseret budget) in DKK: the monthly profile where one exists, else the annual budget spread by days.
ytd_actual_dkk: Actual spending booked in the year to date (forbrug år til dato) in DKK.
ytd_variance_dkk: Actual minus budget for the year to date (afvigelse) in DKK; positive = overspending.
forecast_dkk: Forecast for the year (forventet regnskab) in DKK: the bookings of the complete months (up to forecast_through) divided by the share of the year's spending expected in those months (forecast_basis); NULL before the first month of the year is complete.
projected_variance_dkk: Forecast minus budget (forventet afvigelse) in DKK.
overrun_risk: Risk of overrun (risiko for overskridelse): ok when the projected variance is below 50,000 DKK (it shows as +0.0 million or less), else high when it exceeds 2% of the budget, else watch.
forecast_through: Last day of the last complete month the forecast is computed from (bookings after it wait for their month to end); NULL without forecast.
forecast_basis: Where the expected share of the year's spending comes from: profile (the monthly budget profile), last_year (last year's bookings in the same months), days (the months' share of the year's days); NULL on the total row.
$c$);

-- Exits and transitions are persons: analysts see them true, everyone else
-- (readers, team leaders) with small-cell and complementary suppression per
-- month and measure.  The groups, the offer types and the teams are three
-- breakdowns of the one municipality total; a total hidden through one of
-- them needs a hidden cell in the others too, hence the second pass with
-- total_hidden (complementary_suppression, access/checks.sql).  Cost per
-- exit divided into the shown cost gives the exits back, so it goes with
-- them.  Money, full-time persons, conversations and offer weeks are not
-- counts of persons and are shown as they are.
CREATE VIEW employment_kpi.kpi_output_month WITH (security_barrier) AS
WITH k AS (
    SELECT employment_kpi.suppression_k() AS k, employment_kpi.is_analyst() AS analyst
), c AS (
    SELECT g.month, g.scope, pg_catalog.array_agg(g.scope_code ORDER BY g.scope_code) AS keys,
           pg_catalog.array_agg(g.exits ORDER BY g.scope_code) AS exits,
           pg_catalog.array_agg(g.transitions ORDER BY g.scope_code) AS transitions,
           t.exits AS t_exits, t.transitions AS t_transitions
      FROM employment_kpi_internal.mv_output_month g
      JOIN employment_kpi_internal.mv_output_month t ON t.month = g.month AND t.scope = 'municipality'
     WHERE g.scope <> 'municipality'
     GROUP BY g.month, g.scope, t.exits, t.transitions
), h1 AS (
    SELECT c.month,
           pg_catalog.bool_or('' = ANY (employment_kpi_internal.complementary_suppression(c.keys, c.exits, c.t_exits, k.k))) AS t_exits,
           pg_catalog.bool_or('' = ANY (employment_kpi_internal.complementary_suppression(c.keys, c.transitions, c.t_transitions, k.k))) AS t_transitions
      FROM c CROSS JOIN k
     WHERE NOT k.analyst
     GROUP BY c.month
), h AS (
    SELECT c.month, c.scope,
           employment_kpi_internal.complementary_suppression(c.keys, c.exits, c.t_exits, k.k, h1.t_exits) AS exits,
           employment_kpi_internal.complementary_suppression(c.keys, c.transitions, c.t_transitions, k.k, h1.t_transitions) AS transitions
      FROM c JOIN h1 ON h1.month = c.month CROSS JOIN k
), x AS (
    SELECT m.*,
           (NOT k.analyst AND employment_kpi.is_small_cell(m.exits, k.k))
           OR coalesce(CASE WHEN m.scope = 'municipality' THEN h1.t_exits ELSE m.scope_code = ANY (h.exits) END, false) AS h_exits,
           (NOT k.analyst AND employment_kpi.is_small_cell(m.transitions, k.k))
           OR coalesce(CASE WHEN m.scope = 'municipality' THEN h1.t_transitions ELSE m.scope_code = ANY (h.transitions) END, false) AS h_transitions
      FROM employment_kpi_internal.mv_output_month m
      CROSS JOIN k
      LEFT JOIN h1 ON h1.month = m.month
      LEFT JOIN h ON h.month = m.month AND h.scope = m.scope
)
SELECT m.month, employment_kpi.month_label(m.month) AS month_label, m.to_date, m.scope,
       NULLIF(m.scope_code, '') AS scope_code, m.fulltime_persons, m.fulltime_persons_days,
       m.gross_benefit_dkk, m.net_benefit_dkk,
       m.refund_dkk, m.intervention_cost_dkk, m.conversations, m.offer_weeks,
       CASE WHEN m.h_exits THEN NULL ELSE m.exits END AS exits,
       CASE WHEN m.h_transitions THEN NULL ELSE m.transitions END AS transitions,
       m.cost_per_fulltime_person, m.cost_per_conversation, m.cost_per_offer_week,
       CASE WHEN m.h_exits THEN NULL ELSE m.cost_per_exit END AS cost_per_exit,
       m.h_exits OR m.h_transitions AS suppressed
  FROM x m
 WHERE (SELECT employment_kpi.is_reader());

COMMENT ON VIEW employment_kpi.kpi_output_month IS
'What the money buys (output and unit costs) per month, for the municipality and per target group, offer type and team: output_ratios(month start, month end or the last day of the data). Money in DKK as numeric. Exits and transitions: analysts see the true counts; for everyone else 1 to config.suppression_k - 1 persons, and the cells that would give them back from the municipality row (complementary suppression over the groups, offer types and teams), are NULL with suppressed = true. Rows: readers, leaders and analysts.';
SELECT employment_kpi_internal.comment_like('employment_kpi.kpi_budget_month', 'employment_kpi.kpi_output_month',
       'month', 'month_label');
SELECT employment_kpi_internal.comment_like('employment_kpi_internal.mv_output_month', 'employment_kpi.kpi_output_month',
       'to_date');
SELECT employment_kpi_internal.comment_columns('employment_kpi.kpi_output_month', $c$
scope: municipality (hele kommunen), group (målgruppe), intervention_type (tilbudstype) or team.
scope_code: Code of the group, offer type or team; NULL on the municipality row.
fulltime_persons: Full-time persons (fuldtidspersoner) as Jobindsats counts them (MM14): benefit weeks / weeks of the month (the ISO weeks whose Thursday lies in it), summed across benefits (output_ratios).
fulltime_persons_days: Full-time persons counted in days: days on support in the month (to to_date) / its days.
gross_benefit_dkk: Gross benefit cost (bruttoudgift til ydelser) in DKK.
net_benefit_dkk: Net municipal benefit cost after the state refund (nettoudgift efter refusion) in DKK.
refund_dkk: State refund (refusion) on the refund staircase in DKK.
intervention_cost_dkk: Cost of active offers (udgift til tilbud) in DKK.
conversations: Conversations held (afholdte samtaler).
offer_weeks: Citizen-weeks in an active offer (tilbudsuger).
exits: Exits to self-support (afgange til selvforsørgelse; period_outcome = exit), not transitions to other public benefits. NULL when suppressed.
transitions: Transitions to another public benefit (overgange til anden offentlig forsørgelse; period_outcome = transition), never counted in exits. NULL when suppressed.
cost_per_fulltime_person: Cost per full-time person (pris pr. fuldtidsperson) in DKK; NULL when the denominator is 0.
cost_per_conversation: Cost per conversation (pris pr. samtale) in DKK; NULL when the denominator is 0.
cost_per_offer_week: Cost per offer week (pris pr. tilbudsuge) in DKK; NULL when the denominator is 0.
cost_per_exit: Cost per exit (pris pr. afgang) in DKK; NULL when the denominator is 0 or exits are hidden.
suppressed: True when exits or transitions are hidden from the session user (diskretioneret): 1 to config.suppression_k - 1 persons, or a cell that would give such a count back from the total (complementary suppression). Always false for analysts.
$c$);
