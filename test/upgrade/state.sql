-- The state of a database with employment_kpi, one line per item: every
-- table of the extension (rows hashed in a fixed order), every kpi_* view,
-- and the results of the public functions on the synthetic data.
-- test/upgrade/upgrade.sh compares an updated install with a fresh one.
-- :'what' = tables | outputs.
\set QUIET on
CREATE FUNCTION pg_temp.hash_of(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE h text; n bigint;
BEGIN
    EXECUTE format('SELECT count(*), md5(coalesce(string_agg(x::text, ''|'' ORDER BY x::text), '''')) FROM (%s) x', q)
       INTO n, h;
    RETURN n || ' rows ' || h;
END $$;

-- Tables: refresh_log holds wall-clock times of each refresh, and bi_change /
-- bi_pending only changes not yet refreshed (both empty after a refresh).
SELECT c.relnamespace::regnamespace || '.' || c.relname || ': '
       || pg_temp.hash_of(format('SELECT * FROM %s', c.oid::regclass)) AS line
  FROM pg_catalog.pg_class c
 WHERE c.relnamespace::regnamespace::text IN ('employment_kpi', 'employment_kpi_internal')
   AND c.relkind IN ('r', 'm')
   AND c.relname NOT IN ('refresh_log')
   AND :'what' = 'tables'
 ORDER BY 1;

-- Views: kpi_refresh_status without the wall-clock time of each refresh.
SELECT c.relname || ': ' || pg_temp.hash_of(format('SELECT * FROM %s', c.oid::regclass)) AS line
  FROM pg_catalog.pg_class c
 WHERE c.relnamespace = 'employment_kpi'::regnamespace AND c.relkind = 'v'
   AND c.relname <> 'kpi_refresh_status'
   AND :'what' = 'outputs'
UNION ALL
SELECT 'kpi_refresh_status: ' || pg_temp.hash_of('SELECT relation, kpi_view, status, data_end, rows, pending_changes, last_attempt_ok FROM employment_kpi.kpi_refresh_status')
 WHERE :'what' = 'outputs'
 ORDER BY 1;

SELECT q.name || ': ' || pg_temp.hash_of(q.sql) AS line
  FROM (VALUES
    ('support_periods',       $q$SELECT * FROM employment_kpi.support_periods('2024-06-30')$q$),
    ('intervention_effect',   $q$SELECT * FROM employment_kpi.intervention_effect(26)$q$),
    ('intervention_effect_13',$q$SELECT * FROM employment_kpi.intervention_effect(13, '2023-07-01', '2024-06-30')$q$),
    ('exit_curve',            $q$SELECT * FROM employment_kpi.intervention_exit_curve('virksomhedspraktik', 'kontanthjaelp_jobparat')$q$),
    ('caseworker_week',       $q$SELECT * FROM employment_kpi.caseworker_week('2024-03-04', '2024-05-27')$q$),
    ('team_week',             $q$SELECT * FROM employment_kpi.team_week('2024-03-04', '2024-05-27')$q$),
    ('conversations',         $q$SELECT * FROM employment_kpi.caseworker_conversations('2024-03-04', '2024-05-27')$q$),
    ('peer_sparring',         $q$SELECT * FROM employment_kpi.peer_sparring((SELECT min(caseworker_id) FROM employment_kpi.caseworker), 'activation_rate', 26, 3, '2024-05-27')$q$),
    ('refund_weeks',          $q$SELECT * FROM employment_kpi.refund_weeks('2024-05-29')$q$),
    ('benefit_weeks',         $q$SELECT * FROM employment_kpi.benefit_weeks('2024-04-01', '2024-04-30')$q$),
    ('budget_status',         $q$SELECT * FROM employment_kpi.budget_status(2024, '2024-09-15')$q$),
    ('output_ratios',         $q$SELECT * FROM employment_kpi.output_ratios('2024-01-01', '2024-06-30')$q$),
    ('weekly_report',         $q$SELECT * FROM employment_kpi.weekly_report('2024-05-27')$q$)
  ) AS q(name, sql)
 WHERE :'what' = 'outputs'
 ORDER BY 1;
