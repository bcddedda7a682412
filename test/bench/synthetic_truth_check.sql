-- A plain-SQL reference check of synthetic_truth against a simple dynamic
-- matched comparison (Sianesi 2004), the design of the intervention-effect
-- estimator. Not part of the test suite (it takes about a minute
-- at 50,000 citizens); run it in a throwaway database:
--   scripts/sandbox.sh -v n=50000 -v seed=1 -f test/bench/synthetic_truth_check.sql
-- Strata: target group x ISO week x duration band (0-12, 13-25, 26-51,
-- 52-103, 104+ weeks of the support period) x prior participation in the
-- period. Treated: citizens starting an offer in the week (not already in
-- one); comparison: citizens on support in the week, neither in nor starting
-- an offer. Outcome: the support period ends with an exit to self-support
-- within H weeks (a transition to another public benefit, exit_reason
-- other_benefit, is not self-support: outcome 0, as in the truth).
-- ATT = mean over treated of (Y - stratum comparison rate); SE = sample
-- variance of those differences / n plus the comparison rates' binomial
-- variance. Prints, over the type x group x horizon cells with at least 300
-- participants: coverage of the 95% interval, the worst |z| and sd(z).
SELECT sum(rows) FROM employment_kpi.generate_synthetic(:n, $$2023-11-20$$, 156, :seed);
CREATE TEMP TABLE per AS
SELECT p.citizen_id, p.start_date, p.end_date, coalesce(p.end_date, '9999-12-31') AS e,
       p.is_exit AND p.last_exit_reason IS DISTINCT FROM 'other_benefit' AS is_exit
  FROM employment_kpi.support_period p;
CREATE TEMP TABLE cw AS
SELECT w::date AS w, s.citizen_id, s.group_code, p.start_date AS pstart, p.is_exit, p.end_date AS pend,
       ((w::date - p.start_date) / 7) AS dur
  FROM generate_series('2023-11-20'::date, '2026-11-09'::date, '7 days') w
  JOIN employment_kpi.support_spell s ON s.start_date <= w::date + 6 AND coalesce(s.end_date, '9999-12-31') >= w::date
  JOIN per p ON p.citizen_id = s.citizen_id AND s.start_date BETWEEN p.start_date AND p.e;
CREATE TEMP TABLE cw1 AS SELECT DISTINCT ON (citizen_id, w) * FROM cw ORDER BY citizen_id, w, group_code;
CREATE INDEX ON employment_kpi.intervention (citizen_id, start_date);
ANALYZE employment_kpi.intervention;
CREATE TEMP TABLE st AS
SELECT c.*, CASE WHEN dur < 13 THEN 0 WHEN dur < 26 THEN 1 WHEN dur < 52 THEN 2 WHEN dur < 104 THEN 3 ELSE 4 END AS band,
  EXISTS (SELECT 1 FROM employment_kpi.intervention i WHERE i.citizen_id=c.citizen_id AND i.start_date >= c.pstart AND i.start_date < c.w) AS prior,
  EXISTS (SELECT 1 FROM employment_kpi.intervention i WHERE i.citizen_id=c.citizen_id AND i.start_date < c.w AND i.end_date >= c.w) AS inside,
  (SELECT i.type_code FROM employment_kpi.intervention i WHERE i.citizen_id=c.citizen_id AND i.start_date BETWEEN c.w AND c.w+6 LIMIT 1) AS started
FROM cw1 c;
CREATE TEMP TABLE res AS
WITH h AS (SELECT unnest(ARRAY[13,26,52]) AS h),
x AS (SELECT st.*, h.h, (is_exit AND pend < w + 7*h.h)::int AS y FROM st, h WHERE NOT inside AND w + 7*h.h <= '2026-11-16'),
ctl AS (SELECT group_code, w, band, prior, h, avg(y) cy, count(*) nc FROM x WHERE started IS NULL GROUP BY 1,2,3,4,5),
tr AS (SELECT x.started, x.group_code, x.h, x.w, x.band, x.prior, x.y, ctl.cy, ctl.nc FROM x JOIN ctl USING (group_code, w, band, prior, h) WHERE x.started IS NOT NULL),
strat AS (SELECT started, group_code, h, w, band, prior, count(*) nt, max(cy) cy, max(nc) nc FROM tr GROUP BY 1,2,3,4,5,6),
v AS (SELECT started, group_code, h, sum(nt*nt*cy*(1-cy)/nc) vc FROM strat GROUP BY 1,2,3)
SELECT tr.started type_code, tr.group_code, tr.h, count(*) n, avg(y - cy) att,
       sqrt(var_samp(y - cy) / count(*) + max(v.vc) / count(*)^2) se
  FROM tr JOIN v USING (started, group_code, h) GROUP BY 1,2,3;
CREATE TEMP TABLE z AS SELECT r.*, t.true_att, (r.att - t.true_att)/r.se AS z
  FROM res r JOIN employment_kpi.synthetic_truth t ON t.type_code=r.type_code AND t.group_code=r.group_code AND t.horizon_weeks=r.h
 WHERE t.participants >= 300;
SELECT count(*) cells, round(avg((abs(z) <= 1.96)::int),3) coverage, round(max(abs(z))::numeric,2) worst, round(stddev(z)::numeric,2) sd_z, round(avg(z)::numeric,2) mean_z FROM z;
DROP INDEX employment_kpi.intervention_citizen_id_start_date_idx;
