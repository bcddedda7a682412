-- The weekly relations per target group: mv_support_period (support periods
-- as of the data's end, per citizen) and mv_group_week behind the view
-- kpi_group_week.

SELECT employment_kpi_internal.declare_refresh_function('bi_refresh_support_period', $body$
DECLARE
    v_old       date;
    v_citizens  text[];
BEGIN
    IF from_date = '-infinity' THEN
        PERFORM employment_kpi_internal.bi_clear_from(mv_name, 'start_date', 'week', from_date, concurrent);
        INSERT INTO employment_kpi_internal.mv_support_period
        SELECT p.citizen_id, p.period_no, p.start_date, p.end_date, p.first_group_code, p.last_group_code, p.is_exit, p.is_transition
          FROM employment_kpi.support_periods(last_day, NULL) p;
        RETURN 'full';
    END IF;
    SELECT r.last_day INTO v_old FROM employment_kpi_internal.bi_relation r
     WHERE r.mv_name = bi_refresh_support_period.mv_name;
    SELECT pg_catalog.array_agg(DISTINCT x.citizen_id) INTO v_citizens
      FROM (SELECT pg_catalog.unnest(employment_kpi_internal.bi_pending_citizens(mv_name, '{support_spell}')) AS citizen_id
            UNION ALL
            SELECT s.citizen_id FROM employment_kpi.support_spell s
             WHERE v_old <> last_day
               AND (s.start_date > LEAST(v_old, last_day) OR s.end_date > LEAST(v_old, last_day))) x;
    IF v_citizens IS NULL THEN
        RETURN 'unchanged';
    END IF;
    DELETE FROM employment_kpi_internal.mv_support_period m WHERE m.citizen_id = ANY (v_citizens);
    INSERT INTO employment_kpi_internal.mv_support_period
    SELECT p.citizen_id, p.period_no, p.start_date, p.end_date, p.first_group_code, p.last_group_code, p.is_exit, p.is_transition
      FROM employment_kpi.support_periods(last_day, v_citizens) p;
    RETURN 'incremental';
END
$body$,
'Refresh function of mv_support_period: everything when from_date is -infinity, else the citizens whose spells changed and, when the data''s end moved, the citizens with spells after the earlier end.');

CREATE OR REPLACE FUNCTION employment_kpi_internal.bi_group_week_compute(from_week date, last_day date)
RETURNS SETOF employment_kpi_internal.mv_group_week
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH sp AS (
        -- spells clipped to last_day, each with the start of its support period
        SELECT s.citizen_id, s.group_code, s.start_date AS d0,
               LEAST(coalesce(s.end_date, last_day), last_day) AS d1, p.start_date AS pstart
          FROM employment_kpi.support_spell s
          JOIN employment_kpi_internal.mv_support_period p
            ON p.citizen_id = s.citizen_id AND p.start_date <= s.start_date
           AND (p.end_date IS NULL OR p.end_date >= s.start_date)
         WHERE s.start_date <= last_day AND (s.end_date IS NULL OR s.end_date >= from_week)
    ), cgw AS (
        -- citizen x group x week: days on support, the (latest) period start
        SELECT sp.citizen_id, sp.group_code, w.week,
               pg_catalog.sum(LEAST(sp.d1, w.week + 6) - GREATEST(sp.d0, w.week) + 1) AS days,
               pg_catalog.max(sp.pstart) AS pstart
          FROM sp
         CROSS JOIN LATERAL (
               SELECT GREATEST(employment_kpi.iso_monday(sp.d0), from_week) + 7 * k AS week
                 FROM pg_catalog.generate_series(0, (employment_kpi.iso_monday(sp.d1)
                                                     - GREATEST(employment_kpi.iso_monday(sp.d0), from_week)) / 7) AS k) w
         GROUP BY sp.citizen_id, sp.group_code, w.week
    ), iw AS (
        -- citizen x week with an active offer
        SELECT DISTINCT i.citizen_id, w.week
          FROM employment_kpi.intervention i
         CROSS JOIN LATERAL (
               SELECT GREATEST(employment_kpi.iso_monday(i.start_date), from_week) + 7 * k AS week
                 FROM pg_catalog.generate_series(0, (employment_kpi.iso_monday(LEAST(coalesce(i.end_date, last_day), last_day))
                                                     - GREATEST(employment_kpi.iso_monday(i.start_date), from_week)) / 7) AS k) w
         WHERE i.start_date <= last_day AND (i.end_date IS NULL OR i.end_date >= from_week)
    ), cw AS (
        SELECT c.citizen_id, c.group_code, c.week, c.days,
               (c.week - employment_kpi.iso_monday(c.pstart)) / 7 + 1 AS weeks_on,
               (iw.citizen_id IS NOT NULL) AS in_offer
          FROM cgw c LEFT JOIN iw ON iw.citizen_id = c.citizen_id AND iw.week = c.week
    ), ct AS (
        -- citizen x week over all groups (the municipality counts each citizen once)
        SELECT cw.citizen_id, cw.week, pg_catalog.sum(cw.days) AS days,
               pg_catalog.count(*) AS groups,
               pg_catalog.min(cw.weeks_on) AS weeks_on_min,
               pg_catalog.bool_or(cw.in_offer) AS in_offer
          FROM cw GROUP BY cw.citizen_id, cw.week
    ), stock AS (
        SELECT cw.group_code, cw.week, pg_catalog.count(*) AS citizens, pg_catalog.sum(cw.days) AS days,
               pg_catalog.count(*) AS benefit_weeks,
               pg_catalog.count(*) FILTER (WHERE cw.in_offer) AS in_offer,
               pg_catalog.percentile_cont(0.5) WITHIN GROUP (ORDER BY cw.weeks_on) AS median_weeks
          FROM cw GROUP BY cw.group_code, cw.week
        UNION ALL
        -- the latest period's duration when a citizen had two periods in one
        -- week; benefit weeks summed over the groups (not de-duplicated)
        SELECT '', ct.week, pg_catalog.count(*), pg_catalog.sum(ct.days), pg_catalog.sum(ct.groups),
               pg_catalog.count(*) FILTER (WHERE ct.in_offer),
               pg_catalog.percentile_cont(0.5) WITHIN GROUP (ORDER BY ct.weeks_on_min)
          FROM ct GROUP BY ct.week
    ), flow AS (
        SELECT x.group_code, x.week, pg_catalog.sum(x.inflow) AS inflow, pg_catalog.sum(x.exits) AS exits,
               pg_catalog.sum(x.transitions) AS transitions
          FROM (SELECT g.code AS group_code, employment_kpi.iso_monday(p.start_date) AS week, 1 AS inflow,
                       0 AS exits, 0 AS transitions
                  FROM employment_kpi_internal.mv_support_period p
                 CROSS JOIN LATERAL (VALUES (p.first_group_code), ('')) g(code)
                 WHERE p.start_date >= from_week AND p.start_date <= last_day
                UNION ALL
                SELECT g.code, employment_kpi.iso_monday(p.end_date), 0, p.is_exit::int, p.is_transition::int
                  FROM employment_kpi_internal.mv_support_period p
                 CROSS JOIN LATERAL (VALUES (p.last_group_code), ('')) g(code)
                 WHERE (p.is_exit OR p.is_transition) AND p.end_date >= from_week AND p.end_date <= last_day) x
         GROUP BY x.group_code, x.week
    )
    SELECT s.group_code, s.week,
           (LEAST(s.week + 6, last_day) - s.week + 1)::int,
           s.citizens, s.days::bigint,
           coalesce(f.inflow, 0)::bigint, coalesce(f.exits, 0)::bigint,
           s.in_offer, s.median_weeks, coalesce(f.transitions, 0)::bigint, s.benefit_weeks::bigint
      FROM stock s
      LEFT JOIN flow f ON f.group_code = s.group_code AND f.week = s.week;
END
$$;

COMMENT ON FUNCTION employment_kpi_internal.bi_group_week_compute(date, date) IS
'Internal: the rows of mv_group_week for the ISO weeks from from_week (a Monday; -infinity = all) to the week of last_day, computed from support_spell, intervention and mv_support_period (which must be current). Rows exist for (group, week) cells with at least one citizen on support.';

SELECT employment_kpi_internal.declare_refresh_function('bi_refresh_group_week', $body$
DECLARE
    v_from  date := employment_kpi_internal.bi_clear_from(mv_name, 'week', 'week', from_date, concurrent);
BEGIN
    -- (from the week of the data's start: earlier weeks hold only the
    -- citizens whose spells run on into the data window)
    INSERT INTO employment_kpi_internal.mv_group_week
    SELECT * FROM employment_kpi_internal.bi_group_week_compute(
               GREATEST(v_from, employment_kpi.iso_monday(employment_kpi.data_start())), last_day);
    RETURN employment_kpi_internal.bi_mode('week', v_from);
END
$body$,
'Refresh function of mv_group_week (after mv_support_period): deletes and recomputes the weeks from the ISO week of from_date on, not before the week of data_start().');

-------------------------------------------------------------------------------
-- kpi_group_week: what readers see
-------------------------------------------------------------------------------

-- Analysts see the true counts; everyone else (readers, team leaders) the
-- counts with small-cell and complementary suppression, per week and
-- measure over the target groups under the municipality
-- (complementary_suppression, access/checks.sql).  The citizens on support
-- of the groups add up to the municipality's full-time persons (benefit
-- weeks), so that sum is their total; a group's full-time persons equal its
-- citizens and are hidden with them.
CREATE VIEW employment_kpi.kpi_group_week WITH (security_barrier) AS
WITH k AS (
    SELECT employment_kpi.suppression_k() AS k, employment_kpi.is_analyst() AS analyst
), h AS (
    SELECT c.week,
           employment_kpi_internal.complementary_suppression(c.keys, c.citizens, t.benefit_weeks, k.k,
                                                             employment_kpi.is_small_cell(t.citizens_on_support, k.k)) AS citizens,
           employment_kpi_internal.complementary_suppression(c.keys, c.inflow, t.inflow, k.k) AS inflow,
           employment_kpi_internal.complementary_suppression(c.keys, c.exits, t.exits, k.k) AS exits,
           employment_kpi_internal.complementary_suppression(c.keys, c.transitions, t.transitions, k.k) AS transitions,
           employment_kpi_internal.complementary_suppression(c.keys, c.in_offer, t.in_offer, k.k) AS in_offer
      FROM (SELECT g.week, pg_catalog.array_agg(g.group_code ORDER BY g.group_code) AS keys,
                   pg_catalog.array_agg(g.citizens_on_support ORDER BY g.group_code) AS citizens,
                   pg_catalog.array_agg(g.inflow ORDER BY g.group_code) AS inflow,
                   pg_catalog.array_agg(g.exits ORDER BY g.group_code) AS exits,
                   pg_catalog.array_agg(g.transitions ORDER BY g.group_code) AS transitions,
                   pg_catalog.array_agg(g.in_offer ORDER BY g.group_code) AS in_offer
              FROM employment_kpi_internal.mv_group_week g
             WHERE g.group_code <> ''
             GROUP BY g.week) c
      JOIN employment_kpi_internal.mv_group_week t ON t.week = c.week AND t.group_code = ''
     CROSS JOIN k
     WHERE NOT k.analyst
), x AS (
    -- hidden from the session user, per row and measure (NULL = shown)
    SELECT m.*,
           coalesce(m.group_code = ANY (h.citizens), false) AS h_citizens,
           coalesce(m.group_code = ANY (h.inflow), false) AS h_inflow,
           coalesce(m.group_code = ANY (h.exits), false) AS h_exits,
           coalesce(m.group_code = ANY (h.transitions), false) AS h_transitions,
           coalesce(m.group_code = ANY (h.in_offer), false) AS h_in_offer
      FROM employment_kpi_internal.mv_group_week m
      LEFT JOIN h ON h.week = m.week
)
SELECT m.week,
       employment_kpi.week_label(m.week) AS week_label,
       pg_catalog.date_part('isoyear', m.week)::int AS iso_year,
       pg_catalog.date_part('week', m.week)::int AS iso_week,
       m.days_in_week,
       m.days_in_week < 7 AS partial,
       CASE WHEN m.group_code = '' THEN 'municipality' ELSE 'group' END AS scope,
       NULLIF(m.group_code, '') AS group_code,
       CASE WHEN m.group_code = '' THEN 'All target groups' ELSE coalesce(g.label, m.group_code) END AS group_label,
       CASE WHEN m.group_code = '' THEN 'Alle målgrupper' ELSE coalesce(g.label_da, m.group_code) END AS group_label_da,
       CASE WHEN m.h_citizens THEN NULL ELSE m.citizens_on_support END AS citizens_on_support,
       CASE WHEN m.h_citizens THEN NULL ELSE m.benefit_weeks::double precision END AS fulltime_persons,
       CASE WHEN m.h_citizens THEN NULL
            ELSE m.support_days::double precision / m.days_in_week END AS fulltime_persons_days,
       CASE WHEN m.h_inflow THEN NULL ELSE m.inflow END AS inflow,
       CASE WHEN m.h_exits THEN NULL ELSE m.exits END AS exits,
       CASE WHEN m.h_transitions THEN NULL ELSE m.transitions END AS transitions,
       CASE WHEN m.h_in_offer THEN NULL ELSE m.in_offer END AS in_offer,
       CASE WHEN m.h_citizens OR m.h_in_offer OR m.citizens_on_support = 0 THEN NULL
            ELSE m.in_offer::double precision / m.citizens_on_support END AS activation_rate,
       CASE WHEN m.h_citizens THEN NULL ELSE m.median_weeks_on_support END AS median_weeks_on_support,
       (m.h_citizens OR m.h_inflow OR m.h_exits OR m.h_transitions OR m.h_in_offer) AS suppressed,
       rg.reporting_group AS reporting_group_code
  FROM x m
  LEFT JOIN employment_kpi.citizen_group g ON g.group_code = m.group_code
  -- the dated mapping to the groups of 2027 in its set form: computed once
  -- per query, not once per row (the municipality row, group '', has none)
  LEFT JOIN employment_kpi.reporting_groups() rg
    ON rg.group_code = m.group_code AND m.week >= rg.valid_from AND m.week < rg.valid_until
 WHERE (SELECT employment_kpi.is_reader());

COMMENT ON VIEW employment_kpi.kpi_group_week IS
'Per target group (målgruppe) and ISO week, and for the whole municipality: citizens on public support, full-time persons, inflow, exits to self-support, transitions to other public benefits, citizens in an active offer, activation rate and median duration. From mv_group_week (refresh() keeps it current; refresh_log tells when). Weeks run to the week of data_end(); that week is partial while it is not over. Rows are visible to employment_kpi_reader and employment_kpi_analyst. Analysts see the true counts; for everyone else small cells (1 to config.suppression_k - 1 persons), and the groups'' cells that would give them back from the municipality row (complementary suppression), are NULL with suppressed = true. Borgere på offentlig forsørgelse pr. målgruppe og uge.';
SELECT employment_kpi_internal.comment_columns('employment_kpi.kpi_group_week', $c$
week: Monday of the ISO week (uge).
week_label: ISO week label for chart axes, e.g. 2026-W48 (ugenummer).
iso_year: ISO year of the week (the year its Thursday falls in).
iso_week: ISO week number 1..53 (ugenummer).
days_in_week: Days of the week covered by the data: 7, or fewer in the week of data_end() when it is not over yet (week to date).
partial: True for the week of data_end() while it is not over (days_in_week < 7): its counts are the week to date, not comparable with whole weeks.
scope: group = one target group; municipality = all groups, each citizen counted once (hele kommunen).
group_code: Target group code (målgruppe); NULL on municipality rows.
group_label: English name of the target group; All target groups on municipality rows.
group_label_da: Danish name of the target group (målgruppe); Alle målgrupper on municipality rows.
citizens_on_support: Citizens on public support (borgere på offentlig forsørgelse): with a spell of the group overlapping the week. A citizen on two groups' benefits in one week counts in both, once in the municipality row. NULL when suppressed.
fulltime_persons: Full-time persons (fuldtidspersoner) as Jobindsats counts them (measure info MM14): weeks with the benefit in the period / weeks in the period, a week counting when the benefit was received at least one day of it; for one week the number of (citizen, group) benefit weeks. Summed across benefits: the municipality row is the sum of the group rows (a citizen on two groups' benefits in one week counts twice; Jobindsats does not de-duplicate). NULL when citizens_on_support is suppressed.
fulltime_persons_days: Full-time persons counted in days: days on support in the week / days_in_week (the municipality counts each citizen-day once). Lower than fulltime_persons when citizens start or end mid-week. NULL when citizens_on_support is suppressed.
inflow: Inflow (tilgang): support periods starting in the week, counted under their first target group. NULL when suppressed.
exits: Exits to self-support (afgange til selvforsørgelse): support periods ending in the week whose last spell ended with job, education, other or an unknown reason (period_outcome = exit), counted under their last target group. A move to another public benefit is a transition, not an exit; moved and deceased are neither. NULL when suppressed.
transitions: Transitions to another public benefit (overgange til anden offentlig forsørgelse, e.g. førtidspension, efterløn, fleksjob): support periods ending in the week with exit_reason other_benefit (period_outcome = transition), counted under their last target group. Never a success and never counted in exits. NULL when suppressed.
in_offer: Citizens on support in the week with an active offer (aktivt tilbud) overlapping it. NULL when suppressed.
activation_rate: Activation rate (aktiveringsgrad): in_offer / citizens_on_support, 0..1. NULL when either count is suppressed.
median_weeks_on_support: Median duration (varighed) of the citizens on support in the week: ISO weeks since their support period started, the start week counting as 1. NULL when citizens_on_support is suppressed.
reporting_group_code: The target group the row is reported under in its week (reporting_group(group_code, week), from reporting_groups(), following citizen_group_map): the group itself until its mapping starts, e.g. from 1 January 2027 the group of the 2027 reform. Sum the group rows by it (full-time persons, inflow, exits, transitions) for a series across the reform; citizens_on_support summed so counts a citizen on two merged groups' benefits twice. NULL on municipality rows.
suppressed: True when at least one count of the row is hidden from the session user (diskretioneret, shown as NULL): 1 to config.suppression_k - 1 persons, or a cell that would give such a count back from the total (complementary suppression). Always false for analysts.
$c$);
