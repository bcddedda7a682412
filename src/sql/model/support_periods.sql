-------------------------------------------------------------------------------
-- Support periods
-------------------------------------------------------------------------------

-- A period starts at a citizen's first spell and at every spell starting more
-- than exit_grace_days after the previous spell's (inclusive) end date.  The
-- window functions are partitioned by citizen_id only, so the computation
-- runs per citizen (and pushes down to the shards of a distributed table).
-- Not STRICT, so that the planner can inline it; a NULL as_of yields no rows.
CREATE OR REPLACE FUNCTION employment_kpi.support_periods(as_of date)
RETURNS TABLE (
    citizen_id        text,
    period_no         int,
    start_date        date,
    end_date          date,
    first_group_code  text,
    last_group_code   text,
    spells            int,
    last_exit_reason  text,
    is_exit           boolean
)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    WITH spell AS (
        SELECT s.citizen_id, s.start_date, s.group_code,
               CASE WHEN s.end_date > as_of THEN NULL ELSE s.end_date END AS end_date,
               CASE WHEN s.end_date > as_of THEN NULL ELSE s.exit_reason END AS exit_reason
          FROM employment_kpi.support_spell AS s
         WHERE s.start_date <= as_of
    ), flagged AS (
        SELECT sp.*,
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
    SELECT n.citizen_id,
           n.period_no,
           pg_catalog.min(n.start_date),
           CASE WHEN pg_catalog.bool_or(n.end_date IS NULL) THEN NULL ELSE pg_catalog.max(n.end_date) END,
           (pg_catalog.array_agg(n.group_code ORDER BY n.start_date))[1],
           (pg_catalog.array_agg(n.group_code ORDER BY n.start_date DESC))[1],
           pg_catalog.count(*)::int,
           (pg_catalog.array_agg(n.exit_reason ORDER BY n.start_date DESC))[1],
           NOT pg_catalog.bool_or(n.end_date IS NULL)
             AND (pg_catalog.array_agg(n.exit_reason ORDER BY n.start_date DESC))[1]
                 IS DISTINCT FROM 'moved'
             AND (pg_catalog.array_agg(n.exit_reason ORDER BY n.start_date DESC))[1]
                 IS DISTINCT FROM 'deceased'
      FROM numbered AS n
     GROUP BY n.citizen_id, n.period_no
$$;

COMMENT ON FUNCTION employment_kpi.support_periods(date) IS
'Support periods as known at as_of: spells starting after as_of are ignored and an end date after as_of counts as still ongoing (censored). A support period is the chain of a citizen''s spells (any group) where each next spell starts at most config.exit_grace_days after the previous one ended (next.start_date - prev.end_date <= exit_grace_days). is_exit (afgang til selvforsørgelse) is true when the period has ended and its last spell''s exit_reason is not moved or deceased (those are censored). Note that an end less than exit_grace_days before as_of may later be continued by a new spell. A NULL as_of returns no rows.';

CREATE VIEW employment_kpi.support_period AS
SELECT p.citizen_id, p.period_no, p.start_date, p.end_date, p.first_group_code,
       p.last_group_code, p.spells, p.last_exit_reason, p.is_exit
  FROM employment_kpi.support_periods('infinity'::date) AS p;

COMMENT ON VIEW employment_kpi.support_period IS
'Support periods (sammenhængende forløb på offentlig forsørgelse): one row per citizen and period, the chain of the citizen''s spells where each next spell starts at most config.exit_grace_days after the previous one ended. Equals support_periods(''infinity'').';
COMMENT ON COLUMN employment_kpi.support_period.citizen_id IS 'Pseudonymous citizen id.';
COMMENT ON COLUMN employment_kpi.support_period.period_no IS 'Number of the period within the citizen, 1 = first, in date order.';
COMMENT ON COLUMN employment_kpi.support_period.start_date IS 'First day of the period''s first spell.';
COMMENT ON COLUMN employment_kpi.support_period.end_date IS 'Last day of the period''s last spell (inclusive); NULL = ongoing.';
COMMENT ON COLUMN employment_kpi.support_period.first_group_code IS 'Target group of the first spell.';
COMMENT ON COLUMN employment_kpi.support_period.last_group_code IS 'Target group of the last spell.';
COMMENT ON COLUMN employment_kpi.support_period.spells IS 'Number of spells chained into the period.';
COMMENT ON COLUMN employment_kpi.support_period.last_exit_reason IS 'exit_reason of the last spell (NULL when ongoing or unknown).';
COMMENT ON COLUMN employment_kpi.support_period.is_exit IS 'True when the period ended with an exit from public support (afgang til selvforsørgelse): it has an end and the last spell did not end with moved or deceased (censored). An unknown (NULL) exit_reason of an ended period counts as an exit.';
