-- Tests src/sql/kpi/timeliness.sql (contact_windows); also kpi/scorecard.sql (tl_*, pf_*) and access/scorecard.sql.
-- Timeliness (rettidighed): contact_windows, the per-period window walk in C
-- (src/timeliness.c), on hand-computed periods; its use in scorecard_raw on
-- a small fixture; every error path with its SQLSTATE; and contact_windows
-- and scorecard_raw's tl_* / pf_* columns on a synthetic municipality
-- against frozen reference results (test/fixtures/timeliness/).
SET extra_float_digits = 0;
SET datestyle = 'ISO, YMD';

-- The seeded rules as one array (ordered by rule_id, as scorecard_raw
-- passes them).  Rule change on 2026-07-01: lab31_* end 2026-06-30, l1750_*
-- start 2026-07-01.
CREATE TEMP TABLE seeded AS
SELECT pg_catalog.array_agg(ROW(r.rule_id, r.group_code, r.effective_from, r.effective_to, r.window_from_week,
                                r.window_to_week, r.min_conversations, r.coverage_pct)::employment_kpi.contact_window_rule
                            ORDER BY r.rule_id) AS rules
FROM employment_kpi.contact_rule AS r;

-- Errors are shown with their SQLSTATE.
\i test/lib/err.sql

-------------------------------------------------------------------------------
-- Hand-computed windows with the seeded rules
-------------------------------------------------------------------------------

-- (a) kontanthjaelp_jobparat from Wed 2026-06-24, open (NULL end); held on
--     06-24 (first day of the first-week window), 06-30 (its last day), 07-01.
--     lab31_kh_jobparat_first [0,1): 06-24 .. 06-30, old rule in force on
--       06-30 -> held 2 (both boundary days count, 07-01 does not) >= 1: met
--     lab31_kh_jobparat_4in6m [0,26): ends 06-24 + 181 = 12-22, rule ended
--       06-30 -> no row
--     l1750_kh_jobparat_first [0,26): 06-24 .. 12-22 -> held 3 >= 1: met
--     l1750_kh_jobparat_portfolio [0,26): held 3 < 4: not met, coverage 75
SELECT w.* FROM seeded,
  employment_kpi.contact_windows('2026-06-24', '{2026-06-24}', '{NULL}', '{kontanthjaelp_jobparat}',
                                 '{2026-06-24,2026-06-30,2026-07-01}', seeded.rules, '2026-01-01', '2027-06-30') AS w;

-- (b) the same one day later, from Thu 2026-06-25: the first-week window
--     ends Wed 07-01, when the old rule is no longer in force and the new
--     rules have no first-week window -> no first-week row; the 26-week
--     windows end 12-23.  held_dates NULL (a citizen without conversations)
--     = none held: l1750 first 0 < 1 and portfolio 0 < 4, both not met.
SELECT w.* FROM seeded,
  employment_kpi.contact_windows('2026-06-25', '{2026-06-25}', '{NULL}', '{kontanthjaelp_jobparat}',
                                 NULL, seeded.rules, '2026-01-01', '2027-06-30') AS w;

-- (c) 26-week windows ending on either side of the change: from 2025-12-31
--     the window ends Tue 06-30 (old 4-in-6-months rule), from 2026-01-01 it
--     ends Wed 07-01 (new rules).  Held on 12-31, 01-06, 03-01, 06-30, 07-01.
--     From 2025-12-31: lab31 first [12-31, 01-06] held 2: met;
--       lab31 4in6m [12-31, 06-30] held 4 >= 4: met.
--     From 2026-01-01: lab31 first [01-01, 01-07] held 1 (01-06): met;
--       l1750 first [01-01, 07-01] held 4 (01-06, 03-01, 06-30, 07-01): met;
--       l1750 portfolio held 4 >= 4: met.
SELECT p.ps, w.rule_id, w.first_day, w.last_day, w.held, w.required, w.met, w.coverage_pct
FROM seeded, (VALUES (DATE '2025-12-31'), ('2026-01-01')) AS p(ps),
  LATERAL employment_kpi.contact_windows(p.ps, ARRAY[p.ps], '{NULL}', '{kontanthjaelp_jobparat}',
                                         '{2025-12-31,2026-01-06,2026-03-01,2026-06-30,2026-07-01}',
                                         seeded.rules, '2026-01-01', '2027-06-30') AS w
ORDER BY p.ps, w.last_day, w.rule_id;

-- (d) window still open on to_day is not counted, nor one ended before
--     from_day: period (a) with to_day = 2026-12-21 (26-week windows end
--     12-22) -> only lab31 first; with from_day = 2026-07-01 (first-week
--     window ended 06-30) and to_day = 2026-12-22 -> only the two l1750 rows;
--     with from_day > to_day -> nothing.
SELECT 'to 12-21' AS range, w.rule_id, w.last_day FROM seeded,
  employment_kpi.contact_windows('2026-06-24', '{2026-06-24}', '{NULL}', '{kontanthjaelp_jobparat}',
                                 '{2026-06-24}', seeded.rules, '2026-01-01', '2026-12-21') AS w
UNION ALL
SELECT 'from 07-01 to 12-22', w.rule_id, w.last_day FROM seeded,
  employment_kpi.contact_windows('2026-06-24', '{2026-06-24}', '{NULL}', '{kontanthjaelp_jobparat}',
                                 '{2026-06-24}', seeded.rules, '2026-07-01', '2026-12-22') AS w
UNION ALL
SELECT 'empty range', w.rule_id, w.last_day FROM seeded,
  employment_kpi.contact_windows('2026-06-24', '{2026-06-24}', '{NULL}', '{kontanthjaelp_jobparat}',
                                 '{2026-06-24}', seeded.rules, '2026-12-22', '2026-12-21') AS w;

-- (e) a closed period: kontanthjaelp_jobparat 2026-01-01 .. 05-01 (exit):
--     the first-week window (ends 01-07) counts, the 26-week windows (end
--     07-01) are never reached -> one row, held 0: not met.
SELECT w.* FROM seeded,
  employment_kpi.contact_windows('2026-01-01', '{2026-01-01}', '{2026-05-01}', '{kontanthjaelp_jobparat}',
                                 '{}', seeded.rules, '2026-01-01', '2027-06-30') AS w;

-------------------------------------------------------------------------------
-- Hand-made rules: group change mid-period, a gap inside the period
-------------------------------------------------------------------------------
-- Period from Mon 2026-01-05: dagpenge 01-05 .. 03-31, kontanthjaelp_jobparat
-- 04-01 .. 05-31, gap 06-01 .. 06-14 (one period: the gap is within the
-- grace days), kontanthjaelp_jobparat from 06-15, open.
-- Held: 01-05, 02-10, 04-15, 04-15 (two the same day), 06-05 (in the gap),
-- 07-05, 07-06.
--   dp_4w    dagpenge [0,4)     ends 02-01 on the dagpenge spell: held {01-05} 1 >= 1: met
--   kh_8w    kh_jobparat [0,8)  ends 03-01 on the dagpenge spell: no row
--   kh_22w   kh_jobparat [0,22) ends 06-07 in the gap: no row
--   kh_26w   kh_jobparat [13,26) from 04-06, ends 07-05 on the second kh spell:
--            held 04-15, 04-15, 06-05, 07-05 = 4 >= 3: met, coverage 80
--   dp_26w   dagpenge [0,26)    ends 07-05 on a kh spell: no row
--   kh_old   kh_jobparat [0,26) in force until 07-04 only: no row
--   kh_all   kh_jobparat [0,26) min 6: held from 01-05 (also on the dagpenge
--            spell) = 01-05, 02-10, 04-15, 04-15, 06-05, 07-05 = 6: met
CREATE TEMP TABLE custom AS
SELECT ARRAY[ROW('dp_4w', 'dagpenge', '2020-01-01', NULL, 0, 4, 1, NULL),
             ROW('kh_8w', 'kontanthjaelp_jobparat', '2020-01-01', NULL, 0, 8, 1, NULL),
             ROW('kh_22w', 'kontanthjaelp_jobparat', '2020-01-01', NULL, 0, 22, 1, NULL),
             ROW('kh_26w', 'kontanthjaelp_jobparat', '2020-01-01', NULL, 13, 26, 3, 80),
             ROW('dp_26w', 'dagpenge', '2020-01-01', NULL, 0, 26, 1, NULL),
             ROW('kh_old', 'kontanthjaelp_jobparat', '2020-01-01', '2026-07-04', 0, 26, 1, NULL),
             ROW('kh_all', 'kontanthjaelp_jobparat', '-infinity', NULL, 0, 26, 6, NULL)
            ]::employment_kpi.contact_window_rule[] AS rules;
SELECT w.* FROM custom,
  employment_kpi.contact_windows('2026-01-05', '{2026-01-05,2026-04-01,2026-06-15}', '{2026-03-31,2026-05-31,NULL}',
                                 '{dagpenge,kontanthjaelp_jobparat,kontanthjaelp_jobparat}',
                                 '{2026-01-05,2026-02-10,2026-04-15,2026-04-15,2026-06-05,2026-07-05,2026-07-06}',
                                 custom.rules, '2026-01-01', '2026-12-31') AS w;
-- the period's start may lie before its first spell passed (the caller
-- passes only the spells it needs): same period, only the last spell
SELECT w.rule_id, w.first_day, w.last_day, w.held FROM custom,
  employment_kpi.contact_windows('2026-01-05', '{2026-06-15}', '{NULL}', '{kontanthjaelp_jobparat}',
                                 '{2026-01-05,2026-02-10,2026-04-15,2026-04-15,2026-06-05,2026-07-05,2026-07-06}',
                                 custom.rules, '2026-01-01', '2026-12-31') AS w;
-- the arrays may come in any order (scorecard_raw aggregates them without
-- ORDER BY); the function sorts them: the same period with its spells and
-- held dates shuffled gives the same rows
SELECT count(*) AS windows,
       (SELECT array_agg(w ORDER BY w.last_day, w.rule_id) FROM custom,
          employment_kpi.contact_windows('2026-01-05', '{2026-06-15,2026-01-05,2026-04-01}', '{NULL,2026-03-31,2026-05-31}',
                                         '{kontanthjaelp_jobparat,dagpenge,kontanthjaelp_jobparat}',
                                         '{2026-07-06,2026-04-15,2026-01-05,2026-07-05,2026-04-15,2026-06-05,2026-02-10}',
                                         custom.rules, '2026-01-01', '2026-12-31') AS w)
       = array_agg(s ORDER BY s.last_day, s.rule_id) AS shuffled_same
FROM custom,
  employment_kpi.contact_windows('2026-01-05', '{2026-01-05,2026-04-01,2026-06-15}', '{2026-03-31,2026-05-31,NULL}',
                                 '{dagpenge,kontanthjaelp_jobparat,kontanthjaelp_jobparat}',
                                 '{2026-01-05,2026-02-10,2026-04-15,2026-04-15,2026-06-05,2026-07-05,2026-07-06}',
                                 custom.rules, '2026-01-01', '2026-12-31') AS s;
-- nothing to walk: no spells, no rules
SELECT (SELECT count(*) FROM custom, employment_kpi.contact_windows('2026-01-05', '{}', '{}', '{}', '{}', custom.rules,
                                                                      '2026-01-01', '2026-12-31')) AS no_spells,
       (SELECT count(*) FROM employment_kpi.contact_windows('2026-01-05', '{2026-01-05}', '{NULL}', '{dagpenge}', '{}',
                                                            '{}', '2026-01-01', '2026-12-31')) AS no_rules;
-- the rules are cached per call site and rebuilt when the array changes:
-- alternating arrays in one scan give each row its own rules
SELECT v.k, w.rule_id, w.held, w.met
FROM (SELECT 1 AS k, custom.rules FROM custom UNION ALL SELECT 2, seeded.rules FROM seeded
      UNION ALL SELECT 3, custom.rules FROM custom) AS v,
  LATERAL employment_kpi.contact_windows('2026-01-05', '{2026-06-15}', '{NULL}', '{kontanthjaelp_jobparat}',
                                         '{2026-01-05,2026-07-05}', v.rules, '2026-01-01', '2026-12-31') AS w
ORDER BY v.k, w.last_day, w.rule_id;

-- A forced parallel plan gives the same windows as a serial one (the
-- function is PARALLEL SAFE; a regular table: temp tables are not scanned
-- in parallel).  2,000 periods from Mondays in 2025 with a 0-2 day shift.
CREATE TABLE tl_many AS
SELECT i, DATE '2025-01-06' + (i % 52) * 7 + (i % 3) AS ps,
       CASE i % 4 WHEN 0 THEN 'dagpenge' WHEN 1 THEN 'kontanthjaelp_jobparat' WHEN 2 THEN 'sygedagpenge'
                  ELSE 'uddannelseshjaelp' END AS grp,
       ARRAY(SELECT DATE '2025-01-06' + (i % 52) * 7 + j * (1 + i % 11) FROM generate_series(0, i % 9) AS j) AS held
FROM generate_series(1, 2000) AS i;
ANALYZE tl_many;
CREATE TABLE tl_many_rules AS SELECT * FROM custom;
SELECT count(*) AS windows, sum(w.held) AS held, count(*) FILTER (WHERE w.met) AS met
FROM tl_many AS m, employment_kpi.contact_windows(m.ps, ARRAY[m.ps], '{NULL}', ARRAY[m.grp], m.held,
     (SELECT rules FROM tl_many_rules), '2025-01-01', '2026-12-31') AS w;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2; SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF)
SELECT count(*) FROM tl_many AS m, employment_kpi.contact_windows(m.ps, ARRAY[m.ps], '{NULL}', ARRAY[m.grp], m.held,
     (SELECT rules FROM tl_many_rules), '2025-01-01', '2026-12-31') AS w;
SELECT count(*) AS windows, sum(w.held) AS held, count(*) FILTER (WHERE w.met) AS met
FROM tl_many AS m, employment_kpi.contact_windows(m.ps, ARRAY[m.ps], '{NULL}', ARRAY[m.grp], m.held,
     (SELECT rules FROM tl_many_rules), '2025-01-01', '2026-12-31') AS w;
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather; RESET parallel_leader_participation;
DROP TABLE tl_many, tl_many_rules;

-------------------------------------------------------------------------------
-- Errors, each with its SQLSTATE
-------------------------------------------------------------------------------
-- NULL arguments (held_dates NULL is allowed: none held) -> 22004
SELECT pg_temp.err($q$SELECT * FROM employment_kpi.contact_windows(NULL, '{2026-01-05}', '{NULL}', '{dagpenge}', '{}', '{}', '2026-01-01', '2026-12-31')$q$) AS period_start_null
UNION ALL SELECT pg_temp.err($q$SELECT * FROM employment_kpi.contact_windows('2026-01-05', NULL, '{NULL}', '{dagpenge}', '{}', '{}', '2026-01-01', '2026-12-31')$q$)
UNION ALL SELECT pg_temp.err($q$SELECT * FROM employment_kpi.contact_windows('2026-01-05', '{2026-01-05}', NULL, '{dagpenge}', '{}', '{}', '2026-01-01', '2026-12-31')$q$)
UNION ALL SELECT pg_temp.err($q$SELECT * FROM employment_kpi.contact_windows('2026-01-05', '{2026-01-05}', '{NULL}', NULL, '{}', '{}', '2026-01-01', '2026-12-31')$q$)
UNION ALL SELECT pg_temp.err($q$SELECT * FROM employment_kpi.contact_windows('2026-01-05', '{2026-01-05}', '{NULL}', '{dagpenge}', '{}', NULL, '2026-01-01', '2026-12-31')$q$)
UNION ALL SELECT pg_temp.err($q$SELECT * FROM employment_kpi.contact_windows('2026-01-05', '{2026-01-05}', '{NULL}', '{dagpenge}', '{}', '{}', NULL, '2026-12-31')$q$)
UNION ALL SELECT pg_temp.err($q$SELECT * FROM employment_kpi.contact_windows('2026-01-05', '{2026-01-05}', '{NULL}', '{dagpenge}', '{}', '{}', '2026-01-01', NULL)$q$);
-- NULL elements -> 22004 (a NULL spell end is an open spell, allowed last)
SELECT pg_temp.err($q$SELECT * FROM employment_kpi.contact_windows('2026-01-05', '{NULL}', '{NULL}', '{dagpenge}', '{}', '{}', '2026-01-01', '2026-12-31')$q$) AS null_elements
UNION ALL SELECT pg_temp.err($q$SELECT * FROM employment_kpi.contact_windows('2026-01-05', '{2026-01-05}', '{NULL}', '{NULL}', '{}', '{}', '2026-01-01', '2026-12-31')$q$)
UNION ALL SELECT pg_temp.err($q$SELECT * FROM employment_kpi.contact_windows('2026-01-05', '{2026-01-05}', '{NULL}', '{dagpenge}', '{2026-02-01,NULL}', '{}', '2026-01-01', '2026-12-31')$q$)
UNION ALL SELECT pg_temp.err($q$SELECT * FROM employment_kpi.contact_windows('2026-01-05', '{2026-01-05}', '{NULL}', '{dagpenge}', '{}', ARRAY[NULL]::employment_kpi.contact_window_rule[], '2026-01-01', '2026-12-31')$q$);
-- NULL rule attributes -> 22004 (effective_to and coverage_pct may be NULL)
SELECT a.att, pg_temp.err(format($q$SELECT * FROM employment_kpi.contact_windows('2026-01-05', '{2026-01-05}', '{NULL}', '{dagpenge}', '{}', ARRAY[%s]::employment_kpi.contact_window_rule[], '2026-01-01', '2026-12-31')$q$, a.r)) AS null_rule_attribute
FROM (VALUES ('rule_id', $r$ROW(NULL, 'dagpenge', '2020-01-01', NULL, 0, 4, 1, NULL)$r$),
             ('group_code', $r$ROW('a', NULL, '2020-01-01', NULL, 0, 4, 1, NULL)$r$),
             ('effective_from', $r$ROW('a', 'dagpenge', NULL, NULL, 0, 4, 1, NULL)$r$),
             ('window_from_week', $r$ROW('a', 'dagpenge', '2020-01-01', NULL, NULL, 4, 1, NULL)$r$),
             ('window_to_week', $r$ROW('a', 'dagpenge', '2020-01-01', NULL, 0, NULL, 1, NULL)$r$),
             ('min_conversations', $r$ROW('a', 'dagpenge', '2020-01-01', NULL, 0, 4, NULL, NULL)$r$)) AS a(att, r);
-- arrays that are not one-dimensional, spell arrays of different lengths -> 2202E
SELECT pg_temp.err($q$SELECT * FROM employment_kpi.contact_windows('2026-01-05', '{{2026-01-05}}', '{NULL}', '{dagpenge}', '{}', '{}', '2026-01-01', '2026-12-31')$q$) AS array_errors
UNION ALL SELECT pg_temp.err($q$SELECT * FROM employment_kpi.contact_windows('2026-01-05', '{2026-01-05}', '{NULL}', '{dagpenge}', '{{2026-02-01},{2026-03-01}}', '{}', '2026-01-01', '2026-12-31')$q$)
UNION ALL SELECT pg_temp.err($q$SELECT * FROM employment_kpi.contact_windows('2026-01-05', '{2026-01-05}', '{NULL}', '{dagpenge}', '{}', ARRAY[ARRAY[ROW('a', 'dagpenge', '2020-01-01', NULL, 0, 4, 1, NULL)]]::employment_kpi.contact_window_rule[], '2026-01-01', '2026-12-31')$q$)
UNION ALL SELECT pg_temp.err($q$SELECT * FROM employment_kpi.contact_windows('2026-01-05', '{2026-01-05,2026-03-01}', '{2026-02-01}', '{dagpenge,dagpenge}', '{}', '{}', '2026-01-01', '2026-12-31')$q$)
UNION ALL SELECT pg_temp.err($q$SELECT * FROM employment_kpi.contact_windows('2026-01-05', '{2026-01-05}', '{NULL}', '{dagpenge,dagpenge}', '{}', '{}', '2026-01-01', '2026-12-31')$q$);
-- non-finite dates -> 22023
SELECT pg_temp.err($q$SELECT * FROM employment_kpi.contact_windows('infinity', '{2026-01-05}', '{NULL}', '{dagpenge}', '{}', '{}', '2026-01-01', '2026-12-31')$q$) AS non_finite
UNION ALL SELECT pg_temp.err($q$SELECT * FROM employment_kpi.contact_windows('2026-01-05', '{2026-01-05}', '{NULL}', '{dagpenge}', '{}', '{}', '-infinity', '2026-12-31')$q$)
UNION ALL SELECT pg_temp.err($q$SELECT * FROM employment_kpi.contact_windows('2026-01-05', '{2026-01-05}', '{NULL}', '{dagpenge}', '{}', '{}', '2026-01-01', 'infinity')$q$)
UNION ALL SELECT pg_temp.err($q$SELECT * FROM employment_kpi.contact_windows('2026-01-05', '{infinity}', '{NULL}', '{dagpenge}', '{}', '{}', '2026-01-01', '2026-12-31')$q$)
UNION ALL SELECT pg_temp.err($q$SELECT * FROM employment_kpi.contact_windows('2026-01-05', '{2026-01-05}', '{infinity}', '{dagpenge}', '{}', '{}', '2026-01-01', '2026-12-31')$q$)
UNION ALL SELECT pg_temp.err($q$SELECT * FROM employment_kpi.contact_windows('2026-01-05', '{2026-01-05}', '{NULL}', '{dagpenge}', '{2026-02-01,infinity}', '{}', '2026-01-01', '2026-12-31')$q$);
-- spells overlapping (also an open spell before another, in any order),
-- ending before they start, starting before the period -> 22023
SELECT pg_temp.err($q$SELECT * FROM employment_kpi.contact_windows('2026-01-05', '{2026-01-05,2026-02-01}', '{2026-02-01,NULL}', '{dagpenge,dagpenge}', '{}', '{}', '2026-01-01', '2026-12-31')$q$) AS spell_errors
UNION ALL SELECT pg_temp.err($q$SELECT * FROM employment_kpi.contact_windows('2026-01-05', '{2026-01-05,2026-03-01}', '{NULL,NULL}', '{dagpenge,dagpenge}', '{}', '{}', '2026-01-01', '2026-12-31')$q$)
UNION ALL SELECT pg_temp.err($q$SELECT * FROM employment_kpi.contact_windows('2026-01-05', '{2026-03-01,2026-01-05}', '{2026-04-01,NULL}', '{dagpenge,dagpenge}', '{}', '{}', '2026-01-01', '2026-12-31')$q$)
UNION ALL SELECT pg_temp.err($q$SELECT * FROM employment_kpi.contact_windows('2026-01-05', '{2026-01-05}', '{2026-01-04}', '{dagpenge}', '{}', '{}', '2026-01-01', '2026-12-31')$q$)
UNION ALL SELECT pg_temp.err($q$SELECT * FROM employment_kpi.contact_windows('2026-01-05', '{2026-01-04}', '{NULL}', '{dagpenge}', '{}', '{}', '2026-01-01', '2026-12-31')$q$);
-- impossible rules -> 22023
SELECT a.what, pg_temp.err(format($q$SELECT * FROM employment_kpi.contact_windows('2026-01-05', '{2026-01-05}', '{NULL}', '{dagpenge}', '{}', ARRAY[ROW('ok', 'dagpenge', '2020-01-01', NULL, 0, 4, 1, NULL), %s]::employment_kpi.contact_window_rule[], '2026-01-01', '2026-12-31')$q$, a.r)) AS rule_errors
FROM (VALUES ('effective_to < from', $r$ROW('a', 'dagpenge', '2020-01-01', '2019-12-31', 0, 4, 1, NULL)$r$),
             ('negative window', $r$ROW('a', 'dagpenge', '2020-01-01', NULL, -1, 4, 1, NULL)$r$),
             ('empty window', $r$ROW('a', 'dagpenge', '2020-01-01', NULL, 4, 4, 1, NULL)$r$),
             ('min 0', $r$ROW('a', 'dagpenge', '2020-01-01', NULL, 0, 4, 0, NULL)$r$),
             ('coverage 0', $r$ROW('a', 'dagpenge', '2020-01-01', NULL, 0, 4, 1, 0)$r$),
             ('coverage 100.5', $r$ROW('a', 'dagpenge', '2020-01-01', NULL, 0, 4, 1, 100.5)$r$),
             ('coverage NaN', $r$ROW('a', 'dagpenge', '2020-01-01', NULL, 0, 4, 1, 'NaN')$r$)) AS a(what, r);
-- a huge window_to_week is no error (the window never ends in range)
SELECT count(*) AS huge_window FROM employment_kpi.contact_windows('2026-01-05', '{2026-01-05}', '{NULL}', '{dagpenge}', '{}',
       ARRAY[ROW('a', 'dagpenge', '2020-01-01', NULL, 0, 2147483647, 1, NULL)]::employment_kpi.contact_window_rule[], '2026-01-01', '2026-12-31');
-- a changed rule type is refused (42804) rather than misread
BEGIN;
ALTER TYPE employment_kpi.contact_window_rule ADD ATTRIBUTE extra int;
SELECT pg_temp.err($q$SELECT * FROM employment_kpi.contact_windows('2026-01-05', '{2026-01-05}', '{NULL}', '{dagpenge}', '{}', ARRAY[ROW('a', 'dagpenge', '2020-01-01', NULL, 0, 4, 1, NULL, 1)]::employment_kpi.contact_window_rule[], '2026-01-01', '2026-12-31')$q$) AS changed_type;
ROLLBACK;

-------------------------------------------------------------------------------
-- In scorecard_raw: a small fixture around the rule change
-------------------------------------------------------------------------------
-- Caseworker X (team TX); W26 = 2026-06-22, W27 = 2026-06-29.
--   u1 kh_jobparat from Wed 06-24: first-week window 06-24 .. 06-30 (W27), old
--      rule; only a no-show (06-26) and a cancelled (06-30) conversation:
--      not met (no_show and cancelled do not count)
--   u2 kh_jobparat from Tue 06-23: window 06-23 .. Mon 06-29 (W27), held on
--      06-29 (its last day): met
--   u3 dagpenge from Thu 2026-01-01: [13,26) window 04-02 .. Wed 07-01 (W27),
--      new portfolio rule (2, 75%); held 04-01 (day before), 04-02 (first
--      day) and 07-01 (last day): 2 in the window, met
--   u4 dagpenge from Fri 2026-01-02: window 04-03 .. Thu 07-02 (W27); held
--      04-02 and 07-03 (outside), 05-05, no-show 06-06: 1 in the window, not met
-- X W27: tl_counted 4 (u1, u2, u3, u4), tl_met 2 (u2, u3), pf_counted 2
--        (u3, u4), pf_met 1, pf_coverage_sum 150; W26: none counted.
BEGIN;
INSERT INTO employment_kpi.team (team_id, team_name, leader_role) VALUES ('TX', 'Team X', NULL);
INSERT INTO employment_kpi.caseworker (caseworker_id, caseworker_name, team_id) VALUES ('X', 'Xenia', 'TX');
INSERT INTO employment_kpi.support_spell (citizen_id, source_id, group_code, start_date, end_date, exit_reason) VALUES
  ('u1', 's1', 'kontanthjaelp_jobparat', '2026-06-24', NULL, NULL),
  ('u2', 's1', 'kontanthjaelp_jobparat', '2026-06-23', NULL, NULL),
  ('u3', 's1', 'dagpenge', '2026-01-01', NULL, NULL),
  ('u4', 's1', 'dagpenge', '2026-01-02', '2026-08-31', 'job');
INSERT INTO employment_kpi.case_assignment (citizen_id, source_id, caseworker_id, start_date, end_date) VALUES
  ('u1', 'a1', 'X', '2026-06-24', NULL), ('u2', 'a1', 'X', '2026-06-23', NULL),
  ('u3', 'a1', 'X', '2026-01-01', NULL), ('u4', 'a1', 'X', '2026-01-02', NULL);
INSERT INTO employment_kpi.conversation (citizen_id, source_id, caseworker_id, held_on, status) VALUES
  ('u1', 'k1', 'X', '2026-06-26', 'no_show'), ('u1', 'k2', 'X', '2026-06-30', 'cancelled'),
  ('u2', 'k1', 'X', '2026-06-29', 'held'),
  ('u3', 'k1', 'X', '2026-04-01', 'held'), ('u3', 'k2', 'X', '2026-04-02', 'held'), ('u3', 'k3', 'X', '2026-07-01', 'held'),
  ('u4', 'k1', 'X', '2026-04-02', 'held'), ('u4', 'k2', 'X', '2026-07-03', 'held'),
  ('u4', 'k3', 'X', '2026-05-05', 'held'), ('u4', 'k4', 'X', '2026-06-06', 'no_show');
SELECT week, caseworker_id, caseload, tl_counted, tl_met, pf_counted, pf_met, pf_coverage_sum
FROM employment_kpi_internal.scorecard_raw('2026-06-22', '2026-06-29', 1) ORDER BY week;
-- one week at a time gives the same (the held dates a window can see are
-- fetched from f - 7 * the longest window)
SELECT week, tl_counted, tl_met, pf_counted, pf_met, pf_coverage_sum
FROM employment_kpi_internal.scorecard_raw('2026-06-29', '2026-06-29', 1);
-- caseworker_week: timeliness 2/4 = 0.5, portfolio 1/2 = 50% < 75%: false
UPDATE employment_kpi.config SET suppression_k = 1;
SELECT week, caseworker_id, timeliness, timeliness_target_met
FROM employment_kpi.caseworker_week('2026-06-29', '2026-06-29', 1);
ROLLBACK;

-------------------------------------------------------------------------------
-- Against frozen reference results on a synthetic municipality
-------------------------------------------------------------------------------
-- The reference results were computed once, by an independent SQL
-- formulation of the same rules (a join of spells and rules on the window's
-- last day with a correlated count of held conversations per window, the
-- windows then counted per caseworker-week of the assignments; its text is
-- in this file's git history), and are kept as data in
-- test/fixtures/timeliness/:
--   caseworker_weeks.csv  tl_counted, tl_met, pf_counted, pf_met and
--                         pf_coverage_sum per caseworker and week with a
--                         window, 2024-01-01 .. 2025-02-17 (13-week grid),
--                         with the seeded rules (961 rows) and with the
--                         rule change moved to 2024-07-01 (517 rows);
--                         pf_coverage_sum is empty where no portfolio
--                         window counted (scorecard_raw shows 0)
--   windows.csv           every window ending in those 60 weeks with the
--                         rule change on 2024-07-01: citizen, period start,
--                         rule, last day, held, required, coverage_pct (748)
-- A single report week has the same rows as the whole range in that week.
CREATE TEMP TABLE ref_cw (rules text, caseworker_id text, week date, tl_counted int, tl_met int,
                          pf_counted int, pf_met int, pf_coverage_sum numeric);
\copy ref_cw FROM 'test/fixtures/timeliness/caseworker_weeks.csv' WITH (FORMAT csv, HEADER true)
CREATE TEMP TABLE ref_windows (citizen_id text, period_start date, rule_id text, last_day date, held int,
                               required int, coverage_pct numeric);
\copy ref_windows FROM 'test/fixtures/timeliness/windows.csv' WITH (FORMAT csv, HEADER true)

BEGIN;
SELECT count(*) AS tables_filled
FROM employment_kpi.generate_synthetic(citizens => 3000, first_week => '2024-01-01', weeks => 60, seed => 2);
-- the input the reference was computed on: the spells, assignments and
-- held conversations are those of this generator run
SELECT (SELECT count(*) FROM employment_kpi.support_spell) AS spells,
       (SELECT count(*) FROM employment_kpi.case_assignment) AS assignments,
       (SELECT count(*) FROM employment_kpi.conversation WHERE status = 'held') AS held,
       md5((SELECT string_agg(concat_ws(',', citizen_id, group_code, start_date, end_date, exit_reason), ';'
                              ORDER BY citizen_id, start_date) FROM employment_kpi.support_spell)
           || (SELECT string_agg(concat_ws(',', citizen_id, caseworker_id, start_date, end_date), ';'
                                 ORDER BY citizen_id, start_date, source_id) FROM employment_kpi.case_assignment)
           || (SELECT string_agg(concat_ws(',', citizen_id, held_on), ';' ORDER BY citizen_id, held_on)
                 FROM employment_kpi.conversation WHERE status = 'held')) AS input_md5;

-- scorecard_raw against the reference, all 60 weeks (2024-01-01 ..
-- 2025-02-17) at once and three single weeks (the held dates fetched from
-- f - 7 * the longest window must suffice)
CREATE TEMP TABLE eq_cmp (rules text, range text, caseworker_id text, week date,
                          new_c int, new_m int, new_pc int, new_pm int, new_ps numeric,
                          ref_c int, ref_m int, ref_pc int, ref_pm int, ref_ps numeric);
CREATE FUNCTION pg_temp.compare(label text) RETURNS void LANGUAGE sql AS $c$
    INSERT INTO eq_cmp
    SELECT label, to_char(g.f, 'YYYY-MM-DD') || ' .. ' || to_char(g.t, 'YYYY-MM-DD'), x.*
      FROM (VALUES (DATE '2024-01-01', DATE '2025-02-17'), ('2024-03-04', '2024-03-04'),
                   ('2024-07-01', '2024-07-01'), ('2025-02-17', '2025-02-17')) AS g(f, t)
     CROSS JOIN LATERAL (
           SELECT coalesce(n.caseworker_id, o.caseworker_id), coalesce(n.week, o.week),
                  n.tl_counted, n.tl_met, n.pf_counted, n.pf_met, n.pf_coverage_sum,
                  o.tl_counted, o.tl_met, o.pf_counted, o.pf_met, coalesce(o.pf_coverage_sum, 0)
             FROM (SELECT r.caseworker_id, r.week, r.tl_counted, r.tl_met, r.pf_counted, r.pf_met, r.pf_coverage_sum
                     FROM employment_kpi_internal.scorecard_raw(g.f, g.t, 13) AS r WHERE r.tl_counted > 0) AS n
             FULL JOIN (SELECT * FROM ref_cw AS r WHERE r.rules = label AND r.week BETWEEN g.f AND g.t) AS o
                    ON o.caseworker_id = n.caseworker_id AND o.week = n.week) AS x
$c$;

-- (1) the seeded rules: in 2024-2025 only the LAB section 31 rules are in force
SELECT pg_temp.compare('seeded');
-- (2) the rule change moved to 2024-07-01, inside the range, so portfolio
--     rules and the change itself are exercised too
UPDATE employment_kpi.contact_rule SET effective_to = '2024-06-30' WHERE effective_to = '2026-06-30';
UPDATE employment_kpi.contact_rule SET effective_from = '2024-07-01' WHERE effective_from = '2026-07-01';
SELECT pg_temp.compare('change 2024-07-01');

-- totals per rule set and range (the same on both sides), then every
-- caseworker-week where they differ (none)
SELECT rules, range, count(*) AS caseworker_weeks,
       sum(new_c) AS tl_counted, sum(new_m) AS tl_met, sum(new_pc) AS pf_counted, sum(new_pm) AS pf_met,
       sum(new_ps) AS pf_coverage_sum,
       sum(ref_c) AS ref_counted, sum(ref_m) AS ref_met, sum(ref_pc) AS ref_pf_counted, sum(ref_pm) AS ref_pf_met,
       sum(ref_ps) AS ref_pf_coverage_sum
FROM eq_cmp GROUP BY rules, range ORDER BY rules DESC, range;
SELECT * FROM eq_cmp
WHERE (new_c, new_m, new_pc, new_pm, new_ps) IS DISTINCT FROM (ref_c, ref_m, ref_pc, ref_pm, ref_ps);

-- window level over all 60 weeks, held counts included: the reference's
-- windows, then those found on one side only (none).  contact_windows gets
-- every support period with a spell in the grid (2023-10-09 .. 2025-02-23:
-- 12 weeks before the range for the 13-week window), its spells in the
-- grid, all held conversations of the citizen and every rule.
SELECT count(*) AS windows, count(*) FILTER (WHERE held >= required) AS met, count(coverage_pct) AS portfolio
FROM ref_windows;
CREATE TEMP TABLE c_windows AS
SELECT p.citizen_id, p.period_start, w.rule_id, w.last_day, w.held, w.required, w.coverage_pct
  FROM (SELECT s.citizen_id, sp.start_date AS period_start,
               array_agg(s.start_date) AS starts, array_agg(s.end_date) AS ends, array_agg(s.group_code) AS groups
          FROM employment_kpi.support_spell AS s
          JOIN employment_kpi.support_periods('infinity') AS sp
            ON sp.citizen_id = s.citizen_id AND s.start_date BETWEEN sp.start_date AND coalesce(sp.end_date, 'infinity')
         WHERE s.start_date <= DATE '2025-02-23' AND (s.end_date IS NULL OR s.end_date >= DATE '2023-10-09')
         GROUP BY s.citizen_id, sp.start_date) AS p
  LEFT JOIN (SELECT c.citizen_id, array_agg(c.held_on) AS held
               FROM employment_kpi.conversation AS c WHERE c.status = 'held' GROUP BY c.citizen_id) AS h
         ON h.citizen_id = p.citizen_id
 CROSS JOIN LATERAL employment_kpi.contact_windows(p.period_start, p.starts, p.ends, p.groups, h.held,
       (SELECT array_agg(ROW(r.rule_id, r.group_code, r.effective_from, r.effective_to, r.window_from_week,
                             r.window_to_week, r.min_conversations, r.coverage_pct)::employment_kpi.contact_window_rule)
          FROM employment_kpi.contact_rule AS r), '2024-01-01', '2025-02-23') AS w;
SELECT 'reference only' AS side, * FROM (SELECT * FROM ref_windows EXCEPT ALL SELECT * FROM c_windows) AS a
UNION ALL
SELECT 'contact_windows only', * FROM (SELECT * FROM c_windows EXCEPT ALL SELECT * FROM ref_windows) AS b
LIMIT 10;
ROLLBACK;
