-- A support period is the chain of a citizen's spells (any group) in which
-- each spell starts at most config.exit_grace_days after the previous one
-- ended.  How it ends is period_outcome's one definition: an exit to
-- self-support, a transition to another public benefit, or censored.  This
-- is the one place that says so: period_spells gives every spell with its
-- period, support_periods the periods, and every KPI uses one of the two.

-- How a support period ends, from whether it has ended and the exit_reason
-- of its last spell (Jobindsats: a move to another public benefit is not
-- self-support; domain notes in docs/data-model.md):
--   exit        afgang til selvforsørgelse: job, education, other (no
--               further public support known) or unknown (NULL)
--   transition  overgang til anden offentlig forsørgelse: other_benefit
--               (førtidspension, efterløn, fleksjob, ...): never a success
--   censored    moved or deceased: what would have followed is unknown
-- and NULL while the period is ongoing.
CREATE OR REPLACE FUNCTION employment_kpi.period_outcome(ended boolean, last_exit_reason text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN NOT ended OR ended IS NULL THEN NULL
                WHEN last_exit_reason IN ('moved', 'deceased') THEN 'censored'
                WHEN last_exit_reason = 'other_benefit' THEN 'transition'
                ELSE 'exit' END
$$;

COMMENT ON FUNCTION employment_kpi.period_outcome(boolean, text) IS
'How a support period ends (the one definition every KPI uses): NULL while it is ongoing (ended false or NULL); else from the exit_reason of its last spell: ''exit'' (afgang til selvforsørgelse: job, education, other or unknown NULL), ''transition'' (overgang til anden offentlig forsørgelse: other_benefit, e.g. førtidspension, efterløn, fleksjob; never counted as an exit) or ''censored'' (moved, deceased). Jobindsats does not count a move to another public benefit as self-support.';

-- The window functions are partitioned by citizen_id, so the work runs per
-- citizen (and a filter on citizen_id is pushed below them).  Not STRICT
-- and without SET, so that the planner inlines them into the callers.
CREATE OR REPLACE FUNCTION employment_kpi_internal.period_spells(
    as_of date, citizens text[], active_from date, active_to date)
RETURNS TABLE (
    citizen_id          text,
    source_id           text,
    group_code          text,
    start_date          date,
    end_date            date,
    exit_reason         text,
    weekly_benefit_dkk  numeric,
    next_start          date,
    period_no           int,
    period_start        date,
    period_end          date,
    period_exit         boolean,
    period_transition   boolean
)
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH spell AS (
        SELECT s.citizen_id, s.source_id, s.group_code, s.start_date, s.weekly_benefit_dkk,
               CASE WHEN s.end_date > as_of THEN NULL ELSE s.end_date END AS end_date,
               CASE WHEN s.end_date > as_of THEN NULL ELSE s.exit_reason END AS exit_reason
          FROM employment_kpi.support_spell AS s
         WHERE s.start_date <= as_of
           AND (citizens IS NULL OR s.citizen_id = ANY (citizens))
           AND (active_from IS NULL
                OR s.citizen_id IN (SELECT a.citizen_id FROM employment_kpi.support_spell AS a
                                     WHERE a.start_date <= active_to
                                       AND (a.end_date IS NULL OR a.end_date >= active_from)))
    ), flagged AS (
        SELECT sp.*,
               pg_catalog.lead(sp.start_date) OVER w AS next_start,
               CASE WHEN pg_catalog.lag(sp.end_date) OVER w IS NULL
                      OR sp.start_date - pg_catalog.lag(sp.end_date) OVER w
                         > (SELECT c.exit_grace_days FROM employment_kpi.config AS c)
                    THEN 1 ELSE 0 END AS starts_period
          FROM spell AS sp
        WINDOW w AS (PARTITION BY sp.citizen_id ORDER BY sp.start_date)
    ), numbered AS (
        SELECT f.*,
               pg_catalog.sum(f.starts_period) OVER (PARTITION BY f.citizen_id ORDER BY f.start_date)::int AS period_no
          FROM flagged AS f
    )
    SELECT o.citizen_id, o.source_id, o.group_code, o.start_date, o.end_date, o.exit_reason,
           o.weekly_benefit_dkk, o.next_start, o.period_no, o.period_start, o.period_end,
           coalesce(o.outcome = 'exit', false), coalesce(o.outcome = 'transition', false)
      FROM (SELECT n.*,
                   pg_catalog.min(n.start_date) OVER p AS period_start,
                   CASE WHEN pg_catalog.bool_or(n.end_date IS NULL) OVER p THEN NULL
                        ELSE pg_catalog.max(n.end_date) OVER p END AS period_end,
                   employment_kpi.period_outcome(NOT pg_catalog.bool_or(n.end_date IS NULL) OVER p,
                                                 pg_catalog.last_value(n.exit_reason) OVER p) AS outcome
              FROM numbered AS n
            WINDOW p AS (PARTITION BY n.citizen_id, n.period_no ORDER BY n.start_date
                         ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)) AS o;
END
$$;

COMMENT ON FUNCTION employment_kpi_internal.period_spells(date, text[], date, date) IS
'Internal: every spell with its support period, as known at as_of (spells starting later are ignored, an end after as_of counts as ongoing). Filters: citizens (NULL = all) and, when active_from is not NULL, only citizens with a spell overlapping [active_from, active_to]. Columns: the spell (end_date and exit_reason NULL when ongoing at as_of), next_start = the start of the citizen''s next spell, period_no, period_start, period_end (NULL = ongoing), period_exit and period_transition (the period ended with an exit to self-support / a transition to another public benefit, as period_outcome defines them). The definition of a support period (see support_periods).';

-- The weeks a spell owns: the ISO weeks from its start to its end (NULL =
-- still running: up to last_week), except that a week shared with the next
-- spell belongs to the next spell (a change of benefit mid-week counts under
-- the new benefit, so a citizen has one row per week), clipped to
-- [first_week, last_week].  The week grid of the scorecards and the effects.
CREATE OR REPLACE FUNCTION employment_kpi_internal.spell_weeks(
    start_date date, end_date date, next_start date, first_week date, last_week date)
RETURNS SETOF date
LANGUAGE sql IMMUTABLE PARALLEL SAFE ROWS 13 AS $$
    SELECT * FROM employment_kpi_internal.week_series(
        GREATEST(employment_kpi.iso_monday(start_date), first_week),
        LEAST(employment_kpi.iso_monday(end_date), employment_kpi.iso_monday(next_start) - 7, last_week))
$$;

COMMENT ON FUNCTION employment_kpi_internal.spell_weeks(date, date, date, date, date) IS
'Internal: the Mondays of the ISO weeks a spell owns, from the week of start_date to the week of end_date (NULL = to last_week), without the week of next_start (a week shared with the next spell belongs to it), clipped to [first_week, last_week]; first_week and the result''s last week must be finite.';

-- The periods of period_spells, for all citizens or some (the BI refresh
-- recomputes the citizens whose spells changed).  Not STRICT, so that the
-- planner can inline it; a NULL as_of yields no rows.
CREATE OR REPLACE FUNCTION employment_kpi.support_periods(as_of date, citizens text[] DEFAULT NULL)
RETURNS TABLE (
    citizen_id        text,
    period_no         int,
    start_date        date,
    end_date          date,
    first_group_code  text,
    last_group_code   text,
    spells            int,
    last_exit_reason  text,
    is_exit           boolean,
    is_transition     boolean
)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT p.citizen_id, p.period_no, p.period_start, p.period_end,
           (pg_catalog.array_agg(p.group_code ORDER BY p.start_date))[1],
           (pg_catalog.array_agg(p.group_code ORDER BY p.start_date DESC))[1],
           pg_catalog.count(*)::int,
           (pg_catalog.array_agg(p.exit_reason ORDER BY p.start_date DESC))[1],
           p.period_exit, p.period_transition
      FROM employment_kpi_internal.period_spells(as_of, citizens, NULL, NULL) AS p
     GROUP BY p.citizen_id, p.period_no, p.period_start, p.period_end, p.period_exit, p.period_transition
$$;

COMMENT ON FUNCTION employment_kpi.support_periods(date, text[]) IS
'Support periods as known at as_of, of the citizens (NULL = all): spells starting after as_of are ignored and an end date after as_of counts as still ongoing (censored). A support period is the chain of a citizen''s spells (any group) where each next spell starts at most config.exit_grace_days after the previous one ended (next.start_date - prev.end_date <= exit_grace_days). is_exit (afgang til selvforsørgelse) and is_transition (overgang til anden offentlig forsørgelse) say how the period ended, as period_outcome defines it: an exit when its last spell ended with job, education, other or an unknown reason; a transition when it ended with other_benefit (never an exit); neither when ongoing or censored (moved, deceased). Note that an end less than exit_grace_days before as_of may later be continued by a new spell. A NULL as_of returns no rows.';

CREATE VIEW employment_kpi.support_period AS
SELECT p.citizen_id, p.period_no, p.start_date, p.end_date, p.first_group_code,
       p.last_group_code, p.spells, p.last_exit_reason, p.is_exit, p.is_transition
  FROM employment_kpi.support_periods('infinity'::date) AS p;

COMMENT ON VIEW employment_kpi.support_period IS
'Support periods (sammenhængende forløb på offentlig forsørgelse): one row per citizen and period, the chain of the citizen''s spells where each next spell starts at most config.exit_grace_days after the previous one ended. Equals support_periods(''infinity'').';
SELECT employment_kpi_internal.comment_columns('employment_kpi.support_period', $c$
citizen_id: Pseudonymous citizen id.
period_no: Number of the period within the citizen, 1 = first, in date order.
start_date: First day of the period's first spell.
end_date: Last day of the period's last spell (inclusive); NULL = ongoing.
first_group_code: Target group of the first spell.
last_group_code: Target group of the last spell.
spells: Number of spells chained into the period.
last_exit_reason: exit_reason of the last spell (NULL when ongoing or unknown).
is_exit: True when the period ended with an exit to self-support (afgang til selvforsørgelse, period_outcome = exit): it has an end and the last spell ended with job, education, other or an unknown (NULL) reason. A move to another public benefit (other_benefit) is a transition, not an exit; moved and deceased are censored.
is_transition: True when the period ended with a transition to another public benefit (overgang til anden offentlig forsørgelse, period_outcome = transition): the last spell ended with other_benefit (førtidspension, efterløn, fleksjob, ...). Never counted as an exit.
$c$);
