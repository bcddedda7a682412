-- Tests src/sql/kpi/timeliness.sql (contact_windows, timeliness_windows); also kpi/scorecard.sql (tl_*, pf_*), access/scorecard.sql (timeliness, portfolio_share) and access/timeliness.sql (portfolio_compliance).
-- Timeliness (rettidighed): contact_windows, the per-period walk in C
-- (src/timeliness.c), on hand-computed periods: the count anchored at the
-- start of the current benefit (a change of benefit restarts it), the
-- conversation kinds a rule counts, the rules from 1 July 2026; the
-- municipality's portfolio share (portfolio_compliance) and a caseworker's
-- contribution (portfolio_share) on a small municipality; every error path
-- with its SQLSTATE; and the whole path against an independent SQL
-- formulation (test/fixtures/timeliness/reference.sql) on a synthetic
-- municipality.
SET extra_float_digits = 0;
SET datestyle = 'ISO, YMD';

-- The seeded rules as one array (ordered by rule_id, as timeliness_windows
-- passes them).  Rule change on 2026-07-01: lab31_* end 2026-06-30, l1750_*
-- start 2026-07-01.
CREATE TEMP TABLE seeded AS
SELECT pg_catalog.array_agg(ROW(r.rule_id, r.group_code, r.effective_from, r.effective_to, r.window_from_week,
                                r.window_to_week, r.min_conversations, r.coverage_pct,
                                r.conversation_kinds)::employment_kpi.contact_window_rule
                            ORDER BY r.rule_id) AS rules
FROM employment_kpi.contact_rule AS r;

-- The seeded rules: the kinds they count, and ledighedsydelse from 1 July
-- 2026 with four job conversations in the first 6 months (STAR).
SELECT rule_id, group_code, effective_from, effective_to, window_from_week AS f, window_to_week AS t,
       min_conversations AS n, coverage_pct, conversation_kinds
FROM employment_kpi.contact_rule ORDER BY group_code, effective_from, rule_id;

-- Errors are shown with their SQLSTATE.
\i test/lib/err.sql

-------------------------------------------------------------------------------
-- Hand-computed windows with the seeded rules
-------------------------------------------------------------------------------

-- (a) kontanthjaelp_jobparat from Wed 2026-06-24, open; job conversations
--     on 06-24 (first day of the first-week window), 06-30 (its last day),
--     07-01.
--     lab31_kh_jobparat_first [0,1): 06-24 .. 06-30, old rule in force on
--       06-30 -> held 2 (both boundary days count, 07-01 does not) >= 1: met
--     lab31_kh_jobparat_4in6m [0,26): ends 06-24 + 181 = 12-22, rule ended
--       06-30 -> no row
--     l1750_kh_jobparat_first [0,26): 06-24 .. 12-22 -> held 3 >= 1: met
--     l1750_kh_jobparat_portfolio [0,26): held 3 < 4: not met, coverage 75
SELECT w.* FROM seeded,
  employment_kpi.contact_windows('2026-06-24', '{2026-06-24}', '{NULL}', '{kontanthjaelp_jobparat}',
                                 '{2026-06-24,2026-06-30,2026-07-01}', '{job,job,job}',
                                 seeded.rules, '2026-01-01', '2027-06-30') AS w;

-- (b) the same one day later, from Thu 2026-06-25: the first-week window
--     ends Wed 07-01, when the old rule is no longer in force and the new
--     rules have no first-week window -> no first-week row; the 26-week
--     windows end 12-23.  held_dates and held_kinds NULL (a citizen without
--     conversations) = none held: l1750 first 0 < 1 and portfolio 0 < 4.
SELECT w.* FROM seeded,
  employment_kpi.contact_windows('2026-06-25', '{2026-06-25}', '{NULL}', '{kontanthjaelp_jobparat}',
                                 NULL, NULL, seeded.rules, '2026-01-01', '2027-06-30') AS w;

-- (c) 26-week windows ending on either side of the change: from 2025-12-31
--     the window ends Tue 06-30 (old 4-in-6-months rule), from 2026-01-01 it
--     ends Wed 07-01 (new rules).  Job conversations on 12-31, 01-06, 03-01,
--     06-30, 07-01.
--     From 2025-12-31: lab31 first [12-31, 01-06] held 2: met;
--       lab31 4in6m [12-31, 06-30] held 4 >= 4: met.
--     From 2026-01-01: lab31 first [01-01, 01-07] held 1 (01-06): met;
--       l1750 first [01-01, 07-01] held 4 (01-06, 03-01, 06-30, 07-01): met;
--       l1750 portfolio held 4 >= 4: met.
SELECT p.ps, w.rule_id, w.first_day, w.last_day, w.held, w.required, w.met, w.coverage_pct
FROM seeded, (VALUES (DATE '2025-12-31'), ('2026-01-01')) AS p(ps),
  LATERAL employment_kpi.contact_windows(p.ps, ARRAY[p.ps], '{NULL}', '{kontanthjaelp_jobparat}',
                                         '{2025-12-31,2026-01-06,2026-03-01,2026-06-30,2026-07-01}',
                                         '{job,job,job,job,job}', seeded.rules, '2026-01-01', '2027-06-30') AS w
ORDER BY p.ps, w.last_day, w.rule_id;

-- (d) window still open on to_day is not counted, nor one ended before
--     from_day: period (a) with to_day = 2026-12-21 (26-week windows end
--     12-22) -> only lab31 first; with from_day = 2026-07-01 (first-week
--     window ended 06-30) and to_day = 2026-12-22 -> only the two l1750 rows;
--     with from_day > to_day -> nothing.
SELECT 'to 12-21' AS range, w.rule_id, w.last_day FROM seeded,
  employment_kpi.contact_windows('2026-06-24', '{2026-06-24}', '{NULL}', '{kontanthjaelp_jobparat}',
                                 '{2026-06-24}', '{job}', seeded.rules, '2026-01-01', '2026-12-21') AS w
UNION ALL
SELECT 'from 07-01 to 12-22', w.rule_id, w.last_day FROM seeded,
  employment_kpi.contact_windows('2026-06-24', '{2026-06-24}', '{NULL}', '{kontanthjaelp_jobparat}',
                                 '{2026-06-24}', '{job}', seeded.rules, '2026-07-01', '2026-12-22') AS w
UNION ALL
SELECT 'empty range', w.rule_id, w.last_day FROM seeded,
  employment_kpi.contact_windows('2026-06-24', '{2026-06-24}', '{NULL}', '{kontanthjaelp_jobparat}',
                                 '{2026-06-24}', '{job}', seeded.rules, '2026-12-22', '2026-12-21') AS w;

-- (e) a closed period: kontanthjaelp_jobparat 2026-01-01 .. 05-01 (exit):
--     the first-week window (ends 01-07) counts, the 26-week windows (end
--     07-01) are never reached -> one row, held 0: not met.
SELECT w.* FROM seeded,
  employment_kpi.contact_windows('2026-01-01', '{2026-01-01}', '{2026-05-01}', '{kontanthjaelp_jobparat}',
                                 '{}', '{}', seeded.rules, '2026-01-01', '2027-06-30') AS w;

-------------------------------------------------------------------------------
-- A change of benefit restarts the count (seeded rules)
-------------------------------------------------------------------------------
-- One support period from Mon 2024-01-01: dagpenge for 104 weeks (2024-01-01
-- .. 2025-12-28), then kontanthjaelp_jobparat from Mon 2025-12-29, open.
-- Held: job 2024-04-01, 2024-05-15, 2024-06-30 (dagpenge); job 2025-12-30,
-- 2026-02-10, 2026-04-01, follow_up 2026-05-05, job 2026-06-28 (kh).
--   dagpenge from 2024-01-01: lab31_dagpenge_jobcenter [13,26) = 2024-04-01
--     .. 2024-06-30, on the dagpenge spell: 3 job conversations >= 3: met
--   kontanthjaelp_jobparat from 2025-12-29 (the count restarts):
--     lab31_kh_jobparat_first [0,1) = 12-29 .. 2026-01-04: 1 (12-30): met
--     lab31_kh_jobparat_4in6m [0,26) = 12-29 .. 2026-06-28, rule in force:
--       job 12-30, 02-10, 04-01, 06-28 = 4 (the follow_up does not count): met
--     the l1750 rules start 07-01, after these windows end: no rows
-- Counted from the period's start instead, the kontanthjælp windows would end
-- 2024-01-07 and 2024-06-30, on the dagpenge spell, and the kontanthjælp
-- rules would never judge this citizen.
CREATE TEMP TABLE change AS
SELECT DATE '2024-01-01' AS ps, '{2024-01-01,2025-12-29}'::date[] AS starts, '{2025-12-28,NULL}'::date[] AS ends,
       '{dagpenge,kontanthjaelp_jobparat}'::text[] AS groups,
       '{2024-04-01,2024-05-15,2024-06-30,2025-12-30,2026-02-10,2026-04-01,2026-05-05,2026-06-28}'::date[] AS held,
       '{job,job,job,job,job,job,follow_up,job}'::text[] AS kinds;
SELECT w.* FROM seeded, change AS c,
  employment_kpi.contact_windows(c.ps, c.starts, c.ends, c.groups, c.held, c.kinds, seeded.rules,
                                 '2024-01-01', '2026-12-31') AS w;
-- a day before the 4-in-6-months window ends it is still open: not counted
SELECT w.rule_id, w.benefit_start, w.last_day FROM seeded, change AS c,
  employment_kpi.contact_windows(c.ps, c.starts, c.ends, c.groups, c.held, c.kinds, seeded.rules,
                                 '2024-01-01', '2026-06-27') AS w;

-------------------------------------------------------------------------------
-- Hand-made rules: benefits within a period, the kinds a rule counts
-------------------------------------------------------------------------------
-- Period from Mon 2026-01-05: dagpenge 01-05 .. 03-31, kontanthjaelp_jobparat
-- 04-01 .. 05-31, gap 06-01 .. 06-14 (one period: the gap is within the
-- grace days), kontanthjaelp_jobparat from 06-15, open.  Two benefits:
-- dagpenge from 01-05 and kontanthjælp from 04-01 (the second kh spell
-- continues it: same group after a gap within the period).
-- Held: job 01-05, job 02-10, job 04-15, follow_up 04-15 (same day), job
-- 06-05 (in the gap), job 07-05, sick 07-06, job 08-10.
--   dp_4w      dagpenge [0,4) every kind: 01-05 .. 02-01: {01-05} = 1: met
--   kh_8w      kh [0,8) job: 04-01 .. 05-26 on the first kh spell: {04-15} = 1: met
--   kh_10w     kh [0,10): ends 06-09, in the gap: no row
--   kh_26w     kh [13,26) min 3, 80%, every kind: 07-01 .. 09-29 on the second
--              kh spell: 07-05, 07-06, 08-10 = 3: met
--   kh_26w_job the same, job only: 07-05, 08-10 = 2 < 3: not met (sick ignored)
--   dp_26w     dagpenge [0,26): ends 07-05 on a kh spell (another benefit): no row
--   kh_old     kh [0,26), in force until 09-28 only: ends 09-29: no row
--   kh_all     kh [0,26) min 6 every kind, from -infinity: 04-01 .. 09-29:
--              04-15, 04-15, 06-05, 07-05, 07-06, 08-10 = 6: met (01-05 and
--              02-10 were before the benefit)
--   kh_jf      kh [0,26) min 6, job or follow_up: 04-15, 04-15, 06-05, 07-05,
--              08-10 = 5 < 6: not met
CREATE TEMP TABLE custom AS
SELECT ARRAY[ROW('dp_4w', 'dagpenge', '2020-01-01', NULL, 0, 4, 1, NULL, NULL),
             ROW('kh_8w', 'kontanthjaelp_jobparat', '2020-01-01', NULL, 0, 8, 1, NULL, '{job}'),
             ROW('kh_10w', 'kontanthjaelp_jobparat', '2020-01-01', NULL, 0, 10, 1, NULL, NULL),
             ROW('kh_26w', 'kontanthjaelp_jobparat', '2020-01-01', NULL, 13, 26, 3, 80, NULL),
             ROW('kh_26w_job', 'kontanthjaelp_jobparat', '2020-01-01', NULL, 13, 26, 3, NULL, '{job}'),
             ROW('dp_26w', 'dagpenge', '2020-01-01', NULL, 0, 26, 1, NULL, NULL),
             ROW('kh_old', 'kontanthjaelp_jobparat', '2020-01-01', '2026-09-28', 0, 26, 1, NULL, NULL),
             ROW('kh_all', 'kontanthjaelp_jobparat', '-infinity', NULL, 0, 26, 6, NULL, NULL),
             ROW('kh_jf', 'kontanthjaelp_jobparat', '2020-01-01', NULL, 0, 26, 6, NULL, '{job,follow_up}')
            ]::employment_kpi.contact_window_rule[] AS rules;
CREATE TEMP TABLE gap AS
SELECT DATE '2026-01-05' AS ps, '{2026-01-05,2026-04-01,2026-06-15}'::date[] AS starts,
       '{2026-03-31,2026-05-31,NULL}'::date[] AS ends,
       '{dagpenge,kontanthjaelp_jobparat,kontanthjaelp_jobparat}'::text[] AS groups,
       '{2026-01-05,2026-02-10,2026-04-15,2026-04-15,2026-06-05,2026-07-05,2026-07-06,2026-08-10}'::date[] AS held,
       '{job,job,job,follow_up,job,job,sick,job}'::text[] AS kinds;
SELECT w.* FROM custom, gap AS g,
  employment_kpi.contact_windows(g.ps, g.starts, g.ends, g.groups, g.held, g.kinds, custom.rules,
                                 '2026-01-01', '2026-12-31') AS w;

-- A change back restarts the count too: dagpenge 01-05 .. 02-28,
-- sygedagpenge 03-01 .. 03-31, dagpenge from 04-01, open; job conversations
-- on 01-06, 04-02, 06-01.
--   dp_4w from 01-05: 01-05 .. 02-01: 1 (01-06): met
--   dp_4w from 04-01: 04-01 .. 04-28: 1 (04-02): met
--   dp_26w from 01-05 would end 07-05 on the later dagpenge spell, another
--     benefit: no row; dp_26w from 04-01: 04-01 .. 09-29: 2: met
SELECT w.rule_id, w.benefit_start, w.first_day, w.last_day, w.held, w.met FROM custom,
  employment_kpi.contact_windows('2026-01-05', '{2026-01-05,2026-03-01,2026-04-01}', '{2026-02-28,2026-03-31,NULL}',
                                 '{dagpenge,sygedagpenge,dagpenge}', '{2026-01-06,2026-04-02,2026-06-01}',
                                 '{job,job,job}', custom.rules, '2026-01-01', '2026-12-31') AS w;

-- the arrays may come in any order (timeliness_windows aggregates them
-- without ORDER BY); the function sorts them: the gap period with its
-- spells and held conversations shuffled gives the same rows
SELECT count(*) AS windows,
       (SELECT array_agg(w ORDER BY w.last_day, w.rule_id) FROM custom,
          employment_kpi.contact_windows('2026-01-05', '{2026-06-15,2026-01-05,2026-04-01}', '{NULL,2026-03-31,2026-05-31}',
                                         '{kontanthjaelp_jobparat,dagpenge,kontanthjaelp_jobparat}',
                                         '{2026-08-10,2026-07-06,2026-04-15,2026-01-05,2026-07-05,2026-04-15,2026-06-05,2026-02-10}',
                                         '{job,sick,follow_up,job,job,job,job,job}',
                                         custom.rules, '2026-01-01', '2026-12-31') AS w)
       = array_agg(s ORDER BY s.last_day, s.rule_id) AS shuffled_same
FROM custom, gap AS g,
  employment_kpi.contact_windows(g.ps, g.starts, g.ends, g.groups, g.held, g.kinds, custom.rules,
                                 '2026-01-01', '2026-12-31') AS s;
-- nothing to walk: no spells, no rules
SELECT (SELECT count(*) FROM custom, employment_kpi.contact_windows('2026-01-05', '{}', '{}', '{}', '{}', '{}',
                                                                      custom.rules, '2026-01-01', '2026-12-31')) AS no_spells,
       (SELECT count(*) FROM employment_kpi.contact_windows('2026-01-05', '{2026-01-05}', '{NULL}', '{dagpenge}', '{}',
                                                            '{}', '{}', '2026-01-01', '2026-12-31')) AS no_rules;
-- the rules are cached per call site and rebuilt when the array changes:
-- alternating arrays in one scan give each row its own rules
SELECT v.k, w.rule_id, w.held, w.met
FROM (SELECT 1 AS k, custom.rules FROM custom UNION ALL SELECT 2, seeded.rules FROM seeded
      UNION ALL SELECT 3, custom.rules FROM custom) AS v,
  LATERAL employment_kpi.contact_windows('2026-04-01', '{2026-04-01}', '{NULL}', '{kontanthjaelp_jobparat}',
                                         '{2026-04-15,2026-07-05}', '{job,follow_up}', v.rules,
                                         '2026-01-01', '2026-12-31') AS w
ORDER BY v.k, w.last_day, w.rule_id;

-- A forced parallel plan gives the same windows as a serial one (the
-- function is PARALLEL SAFE; a regular table: temp tables are not scanned
-- in parallel).  2,000 periods from Mondays in 2025 with a 0-2 day shift,
-- every third conversation a follow-up.
CREATE TABLE tl_many AS
SELECT i, DATE '2025-01-06' + (i % 52) * 7 + (i % 3) AS ps,
       CASE i % 4 WHEN 0 THEN 'dagpenge' WHEN 1 THEN 'kontanthjaelp_jobparat' WHEN 2 THEN 'sygedagpenge'
                  ELSE 'uddannelseshjaelp' END AS grp,
       ARRAY(SELECT DATE '2025-01-06' + (i % 52) * 7 + j * (1 + i % 11) FROM generate_series(0, i % 9) AS j) AS held,
       ARRAY(SELECT CASE WHEN j % 3 = 2 THEN 'follow_up' ELSE 'job' END FROM generate_series(0, i % 9) AS j) AS kinds
FROM generate_series(1, 2000) AS i;
ANALYZE tl_many;
CREATE TABLE tl_many_rules AS SELECT * FROM custom;
SELECT count(*) AS windows, sum(w.held) AS held, count(*) FILTER (WHERE w.met) AS met
FROM tl_many AS m, employment_kpi.contact_windows(m.ps, ARRAY[m.ps], '{NULL}', ARRAY[m.grp], m.held, m.kinds,
     (SELECT rules FROM tl_many_rules), '2025-01-01', '2026-12-31') AS w;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2; SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF)
SELECT count(*) FROM tl_many AS m, employment_kpi.contact_windows(m.ps, ARRAY[m.ps], '{NULL}', ARRAY[m.grp], m.held, m.kinds,
     (SELECT rules FROM tl_many_rules), '2025-01-01', '2026-12-31') AS w;
SELECT count(*) AS windows, sum(w.held) AS held, count(*) FILTER (WHERE w.met) AS met
FROM tl_many AS m, employment_kpi.contact_windows(m.ps, ARRAY[m.ps], '{NULL}', ARRAY[m.grp], m.held, m.kinds,
     (SELECT rules FROM tl_many_rules), '2025-01-01', '2026-12-31') AS w;
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather; RESET parallel_leader_participation;
DROP TABLE tl_many, tl_many_rules;

-------------------------------------------------------------------------------
-- Ledighedsydelse from 1 July 2026 (seeded rules)
-------------------------------------------------------------------------------
-- STAR: job-ready kontanthjælp and ledighedsydelse recipients at least four
-- job conversations in total within the first 6 months (75% portfolio
-- rule); the first job conversation with all job-ready persons.
--   r1 from Mon 2026-07-06: windows 07-06 .. 2027-01-03; job 07-07, 08-10,
--      11-15, 2027-01-03 (last day), follow_up 10-01: 4 job >= 4: portfolio
--      met; first met
--   r2 from Mon 2026-07-06: job 07-08, 09-01, 12-01, follow_up 10-02: 3 job
--      < 4: portfolio not met (one conversation, as the rule was seeded
--      before, would have passed it); first met
--   r3 from Wed 2025-12-31: the window ends Tue 2026-06-30, under LAB § 31
--      (4, every citizen): job 01-05, 02-05, 03-05, 06-30 = 4: met
--   r4 from Thu 2026-01-01: the window ends Wed 07-01, under the new rules:
--      job 01-05, 02-05, 03-05 = 3: first met, portfolio not met
SELECT v.c, w.rule_id, w.benefit_start, w.first_day, w.last_day, w.held, w.required, w.met, w.coverage_pct
FROM seeded, (VALUES
    ('r1', DATE '2026-07-06', '{2026-07-07,2026-08-10,2026-10-01,2026-11-15,2027-01-03}'::date[], '{job,job,follow_up,job,job}'::text[]),
    ('r2', '2026-07-06', '{2026-07-08,2026-09-01,2026-10-02,2026-12-01}', '{job,job,follow_up,job}'),
    ('r3', '2025-12-31', '{2026-01-05,2026-02-05,2026-03-05,2026-06-30}', '{job,job,job,job}'),
    ('r4', '2026-01-01', '{2026-01-05,2026-02-05,2026-03-05}', '{job,job,job}')) AS v(c, ps, held, kinds),
  LATERAL employment_kpi.contact_windows(v.ps, ARRAY[v.ps], '{NULL}', '{ledighedsydelse}', v.held, v.kinds,
                                         seeded.rules, '2026-01-01', '2027-06-30') AS w
ORDER BY v.c, w.last_day, w.rule_id;

-------------------------------------------------------------------------------
-- Errors, each with its SQLSTATE
-------------------------------------------------------------------------------
-- pg_temp.cw_call(pos, expr): contact_windows with valid arguments, argument
-- pos replaced by the SQL expression expr (NULL: none replaced)
CREATE FUNCTION pg_temp.cw_call(pos int, expr text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE
    a text[] := ARRAY[$$'2026-01-05'$$, $$'{2026-01-05}'$$, $$'{NULL}'$$, $$'{dagpenge}'$$,
                      $$'{2026-02-01}'$$, $$'{job}'$$,
                      $$ARRAY[ROW('ok', 'dagpenge', '2020-01-01', NULL, 0, 4, 1, NULL, '{job}')]::employment_kpi.contact_window_rule[]$$,
                      $$'2026-01-01'$$, $$'2026-12-31'$$];
BEGIN
    IF pos IS NOT NULL THEN
        a[pos] := expr;
    END IF;
    RETURN pg_temp.err('SELECT * FROM employment_kpi.contact_windows(' || array_to_string(a, ', ') || ')');
END
$f$;
-- a rule array of one valid rule and the rule r
CREATE FUNCTION pg_temp.rule_arg(r text) RETURNS text LANGUAGE sql AS $f$
    SELECT $$ARRAY[ROW('ok', 'dagpenge', '2020-01-01', NULL, 0, 4, 1, NULL, NULL), $$ || r
           || $$]::employment_kpi.contact_window_rule[]$$
$f$;
SELECT v.what, pg_temp.cw_call(v.pos, v.expr) AS result
FROM (VALUES
  -- the valid call
  (1, 'valid', NULL, NULL),
  -- NULL arguments -> 22004 (held_dates and held_kinds NULL: none held)
  (2, 'period_start NULL', 1, 'NULL'),
  (3, 'spell_starts NULL', 2, 'NULL'),
  (4, 'spell_ends NULL', 3, 'NULL'),
  (5, 'spell_groups NULL', 4, 'NULL'),
  (6, 'rules NULL', 7, 'NULL'),
  (7, 'from_day NULL', 8, 'NULL'),
  (8, 'to_day NULL', 9, 'NULL'),
  -- NULL elements -> 22004 (a NULL spell end is an open spell)
  (9, 'spell start NULL', 2, $$'{NULL}'$$),
  (10, 'spell group NULL', 4, $$'{NULL}'$$),
  (11, 'held date NULL', 5, $$'{NULL}'$$),
  (12, 'held kind NULL', 6, $$'{NULL}'$$),
  (13, 'rule NULL', 7, $$ARRAY[NULL]::employment_kpi.contact_window_rule[]$$),
  -- not one-dimensional, arrays of different lengths -> 2202E
  (14, 'spell_starts 2-D', 2, $$'{{2026-01-05}}'$$),
  (15, 'held_dates 2-D', 5, $$'{{2026-02-01},{2026-03-01}}'$$),
  (16, 'rules 2-D', 7, $$ARRAY[ARRAY[ROW('a', 'dagpenge', '2020-01-01', NULL, 0, 4, 1, NULL, NULL)]]::employment_kpi.contact_window_rule[]$$),
  (17, 'spell_starts longer', 2, $$'{2026-01-05,2026-03-01}'$$),
  (18, 'spell_groups longer', 4, $$'{dagpenge,dagpenge}'$$),
  (19, 'held_kinds shorter', 6, $$'{}'$$),
  (20, 'held_kinds NULL, dates given', 6, 'NULL'),
  -- non-finite dates -> 22023
  (21, 'period_start infinite', 1, $$'infinity'$$),
  (22, 'from_day infinite', 8, $$'-infinity'$$),
  (23, 'to_day infinite', 9, $$'infinity'$$),
  (24, 'spell start infinite', 2, $$'{infinity}'$$),
  (25, 'spell end infinite', 3, $$'{infinity}'$$),
  (26, 'held date infinite', 5, $$'{infinity}'$$),
  -- the first spell must start on period_start (every spell of the
  -- period is needed), none before it -> 22023
  (27, 'first spell after period_start', 1, $$'2026-01-01'$$),
  (28, 'spell before period_start', 1, $$'2026-01-06'$$),
  -- impossible rules -> 22023; NULL kinds elements -> 22004; 2-D kinds -> 2202E
  (29, 'effective_to < from', 7, pg_temp.rule_arg($$ROW('a', 'dagpenge', '2020-01-01', '2019-12-31', 0, 4, 1, NULL, NULL)$$)),
  (30, 'negative window', 7, pg_temp.rule_arg($$ROW('a', 'dagpenge', '2020-01-01', NULL, -1, 4, 1, NULL, NULL)$$)),
  (31, 'empty window', 7, pg_temp.rule_arg($$ROW('a', 'dagpenge', '2020-01-01', NULL, 4, 4, 1, NULL, NULL)$$)),
  (32, 'min 0', 7, pg_temp.rule_arg($$ROW('a', 'dagpenge', '2020-01-01', NULL, 0, 4, 0, NULL, NULL)$$)),
  (33, 'coverage 0', 7, pg_temp.rule_arg($$ROW('a', 'dagpenge', '2020-01-01', NULL, 0, 4, 1, 0, NULL)$$)),
  (34, 'coverage 100.5', 7, pg_temp.rule_arg($$ROW('a', 'dagpenge', '2020-01-01', NULL, 0, 4, 1, 100.5, NULL)$$)),
  (35, 'coverage NaN', 7, pg_temp.rule_arg($$ROW('a', 'dagpenge', '2020-01-01', NULL, 0, 4, 1, 'NaN', NULL)$$)),
  (36, 'kinds empty', 7, pg_temp.rule_arg($$ROW('a', 'dagpenge', '2020-01-01', NULL, 0, 4, 1, NULL, '{}')$$)),
  (37, 'kinds NULL element', 7, pg_temp.rule_arg($$ROW('a', 'dagpenge', '2020-01-01', NULL, 0, 4, 1, NULL, '{job,NULL}')$$)),
  (38, 'kinds 2-D', 7, pg_temp.rule_arg($$ROW('a', 'dagpenge', '2020-01-01', NULL, 0, 4, 1, NULL, '{{job}}')$$)),
  -- NULL rule attributes -> 22004 (effective_to, coverage_pct, conversation_kinds may be NULL)
  (39, 'rule_id NULL', 7, pg_temp.rule_arg($$ROW(NULL, 'dagpenge', '2020-01-01', NULL, 0, 4, 1, NULL, NULL)$$)),
  (40, 'group_code NULL', 7, pg_temp.rule_arg($$ROW('a', NULL, '2020-01-01', NULL, 0, 4, 1, NULL, NULL)$$)),
  (41, 'effective_from NULL', 7, pg_temp.rule_arg($$ROW('a', 'dagpenge', NULL, NULL, 0, 4, 1, NULL, NULL)$$)),
  (42, 'window_from_week NULL', 7, pg_temp.rule_arg($$ROW('a', 'dagpenge', '2020-01-01', NULL, NULL, 4, 1, NULL, NULL)$$)),
  (43, 'window_to_week NULL', 7, pg_temp.rule_arg($$ROW('a', 'dagpenge', '2020-01-01', NULL, 0, NULL, 1, NULL, NULL)$$)),
  (44, 'min_conversations NULL', 7, pg_temp.rule_arg($$ROW('a', 'dagpenge', '2020-01-01', NULL, 0, 4, NULL, NULL, NULL)$$))
  ) AS v(ord, what, pos, expr)
ORDER BY v.ord;
-- spells overlapping (also an open spell before another, in any order),
-- ending before they start -> 22023
SELECT pg_temp.err($q$SELECT * FROM employment_kpi.contact_windows('2026-01-05', '{2026-01-05,2026-02-01}', '{2026-02-01,NULL}', '{dagpenge,dagpenge}', '{}', '{}', '{}', '2026-01-01', '2026-12-31')$q$) AS spell_errors
UNION ALL SELECT pg_temp.err($q$SELECT * FROM employment_kpi.contact_windows('2026-01-05', '{2026-01-05,2026-03-01}', '{NULL,NULL}', '{dagpenge,dagpenge}', '{}', '{}', '{}', '2026-01-01', '2026-12-31')$q$)
UNION ALL SELECT pg_temp.err($q$SELECT * FROM employment_kpi.contact_windows('2026-01-05', '{2026-03-01,2026-01-05}', '{2026-04-01,NULL}', '{dagpenge,dagpenge}', '{}', '{}', '{}', '2026-01-01', '2026-12-31')$q$)
UNION ALL SELECT pg_temp.err($q$SELECT * FROM employment_kpi.contact_windows('2026-01-05', '{2026-01-05}', '{2026-01-04}', '{dagpenge}', '{}', '{}', '{}', '2026-01-01', '2026-12-31')$q$);
-- a huge window_to_week is no error (the window never ends in range)
SELECT count(*) AS huge_window FROM employment_kpi.contact_windows('2026-01-05', '{2026-01-05}', '{NULL}', '{dagpenge}', '{}', '{}',
       ARRAY[ROW('a', 'dagpenge', '2020-01-01', NULL, 0, 2147483647, 1, NULL, NULL)]::employment_kpi.contact_window_rule[], '2026-01-01', '2026-12-31');
-- a changed rule type is refused (42804) rather than misread
BEGIN;
ALTER TYPE employment_kpi.contact_window_rule ADD ATTRIBUTE extra int;
SELECT pg_temp.err($q$SELECT * FROM employment_kpi.contact_windows('2026-01-05', '{2026-01-05}', '{NULL}', '{dagpenge}', '{}', '{}', ARRAY[ROW('a', 'dagpenge', '2020-01-01', NULL, 0, 4, 1, NULL, NULL, 1)]::employment_kpi.contact_window_rule[], '2026-01-01', '2026-12-31')$q$) AS changed_type;
ROLLBACK;
-- contact_rule refuses an empty kinds list or a NULL kind (23514)
BEGIN;
SELECT pg_temp.err($q$INSERT INTO employment_kpi.contact_rule (rule_id, group_code, effective_from, window_from_week, window_to_week, min_conversations, conversation_kinds) VALUES ('x', 'dagpenge', '2026-01-01', 0, 4, 1, '{}')$q$) AS empty_kinds,
       pg_temp.err($q$INSERT INTO employment_kpi.contact_rule (rule_id, group_code, effective_from, window_from_week, window_to_week, min_conversations, conversation_kinds) VALUES ('x', 'dagpenge', '2026-01-01', 0, 4, 1, '{job,NULL}')$q$) AS null_kind,
       pg_temp.err($q$INSERT INTO employment_kpi.contact_rule (rule_id, group_code, effective_from, window_from_week, window_to_week, min_conversations, conversation_kinds) VALUES ('x', 'dagpenge', '2026-01-01', 0, 4, 1, '{{job}}')$q$) AS two_d_kinds;
ROLLBACK;

-------------------------------------------------------------------------------
-- A small municipality: scorecards and the portfolio share
-------------------------------------------------------------------------------
-- Team TP, caseworkers X, Y, Z; windows ending in the third quarter of 2026
-- (the rules of lov nr. 1750, from 2026-07-01).  Every 26-week window ends
-- on the benefit's start + 181 days.
--   p1 kh_jobparat from Mon 02-02, X: window 02-02 .. Sun 08-02; job 02-03,
--      03-10, 05-05, 08-02 = 4: portfolio met, first met
--   p2 kh_jobparat from 02-02, X: job 02-04, 03-11, 05-06, follow_up 06-10:
--      3 job: portfolio not met; first met
--   p3 kh_jobparat from 02-02, Y: job 02-05, 03-12, 04-20, 06-15: met, met
--   p4 kh_jobparat from 02-02, Y: job 02-06, 03-13, 04-21, 06-16, 07-20: met, met
--   p5 kh_jobparat 02-02 .. 05-31 (exit), X: left before 6 months: no window
--   p6 dagpenge 2024-01-08 .. 2026-01-04 (104 weeks), then kh_jobparat from
--      Mon 2026-01-05, Y: kh window 01-05 .. Sun 07-05 (the count restarts
--      at the change): job 01-06, 02-10, 04-01, 07-05 = 4: met, met
--   q1..q4 ledighedsydelse from Mon 03-02, Z: window 03-02 .. Sun 08-30;
--      q1 job 03-03, 04-07, 05-12, 08-30: met; q2 job 03-04, 04-08, 05-13,
--      07-01: met; q3 job 03-05, 04-09, 05-14, follow_up 06-01: 3 job, not
--      met; q4 job 03-06, 04-10, 06-11, 07-02: met (first: all four met)
--   d1 dagpenge from Mon 01-12, Y: [13,26) = 04-13 .. Sun 07-12; job 03-01
--      (before the window: the a-kasse's months), 04-20, 06-22 = 2: met
--   d2 dagpenge from 01-12, X: job 04-14, follow_up 05-20 = 1: not met
--   p1 also has a job conversation on 10-05: the data end on 2026-10-05.
-- The municipality, third quarter (complete: it ended before the data's end):
--   dagpenge portfolio: 2 windows, 1 met = 0.5 < 0.75: target not met
--   kh_jobparat portfolio: p1 p2 p3 p4 (08-02) and p6 (07-05) = 5 windows,
--     4 met = 0.8 >= 0.75: met
--   ledighedsydelse portfolio: 4 windows, 3 met = 0.75 >= 0.75: met (with
--     the one conversation seeded before, q3 would have counted: 1.0)
-- Fourth quarter: begun, not complete (the data end on 10-05): no window
-- yet, no judgement.  First quarter 2027: after the data's end, no row.
-- By month: July dagpenge 2/1, kh 1/1 (p6); August kh 4/3, ledighedsydelse
-- 4/3; September nothing.
-- The caseworkers' contributions (portfolio_share, no pass/fail), weeks of
-- the windows' last days:
--   W 06-29 (07-05): Y p6: timeliness 1 (kh first), portfolio_share 1
--   W 07-06 (07-12): Y d1 met: portfolio_share 1; X d2 not met: 0
--   W 07-27 (08-02): X p1 p2: timeliness 2/2 = 1, portfolio_share 1/2 = 0.5;
--                    Y p3 p4: 1 and 1
--   W 08-24 (08-30): Z q1..q4: timeliness 4/4 = 1, portfolio_share 3/4 = 0.75
-- X's 0.5 is below 75% while the municipality meets the rule: the law
-- judges the municipality's share, so no caseworker is marked as failing it.
BEGIN;
INSERT INTO employment_kpi.team (team_id, team_name, leader_role) VALUES ('TP', 'Team P', NULL);
INSERT INTO employment_kpi.caseworker (caseworker_id, caseworker_name, team_id) VALUES
  ('X', 'Xenia', 'TP'), ('Y', 'Yusuf', 'TP'), ('Z', 'Zofia', 'TP');
INSERT INTO employment_kpi.support_spell (citizen_id, source_id, group_code, start_date, end_date, exit_reason) VALUES
  ('p1', 's1', 'kontanthjaelp_jobparat', '2026-02-02', NULL, NULL),
  ('p2', 's1', 'kontanthjaelp_jobparat', '2026-02-02', NULL, NULL),
  ('p3', 's1', 'kontanthjaelp_jobparat', '2026-02-02', NULL, NULL),
  ('p4', 's1', 'kontanthjaelp_jobparat', '2026-02-02', NULL, NULL),
  ('p5', 's1', 'kontanthjaelp_jobparat', '2026-02-02', '2026-05-31', 'job'),
  ('p6', 's1', 'dagpenge', '2024-01-08', '2026-01-04', NULL),
  ('p6', 's2', 'kontanthjaelp_jobparat', '2026-01-05', NULL, NULL),
  ('q1', 's1', 'ledighedsydelse', '2026-03-02', NULL, NULL),
  ('q2', 's1', 'ledighedsydelse', '2026-03-02', NULL, NULL),
  ('q3', 's1', 'ledighedsydelse', '2026-03-02', NULL, NULL),
  ('q4', 's1', 'ledighedsydelse', '2026-03-02', NULL, NULL),
  ('d1', 's1', 'dagpenge', '2026-01-12', NULL, NULL),
  ('d2', 's1', 'dagpenge', '2026-01-12', NULL, NULL);
INSERT INTO employment_kpi.case_assignment (citizen_id, source_id, caseworker_id, start_date, end_date) VALUES
  ('p1', 'a1', 'X', '2026-02-02', NULL), ('p2', 'a1', 'X', '2026-02-02', NULL),
  ('p3', 'a1', 'Y', '2026-02-02', NULL), ('p4', 'a1', 'Y', '2026-02-02', NULL),
  ('p5', 'a1', 'X', '2026-02-02', '2026-05-31'), ('p6', 'a1', 'Y', '2024-01-08', NULL),
  ('q1', 'a1', 'Z', '2026-03-02', NULL), ('q2', 'a1', 'Z', '2026-03-02', NULL),
  ('q3', 'a1', 'Z', '2026-03-02', NULL), ('q4', 'a1', 'Z', '2026-03-02', NULL),
  ('d1', 'a1', 'Y', '2026-01-12', NULL), ('d2', 'a1', 'X', '2026-01-12', NULL);
INSERT INTO employment_kpi.conversation (citizen_id, source_id, caseworker_id, held_on, kind, status)
SELECT v.citizen_id, 'k' || row_number() OVER (), v.caseworker_id, v.held_on::date, v.kind, 'held'
FROM (VALUES
  ('p1', 'X', '2026-02-03', 'job'), ('p1', 'X', '2026-03-10', 'job'), ('p1', 'X', '2026-05-05', 'job'),
  ('p1', 'X', '2026-08-02', 'job'), ('p1', 'X', '2026-10-05', 'job'),
  ('p2', 'X', '2026-02-04', 'job'), ('p2', 'X', '2026-03-11', 'job'), ('p2', 'X', '2026-05-06', 'job'),
  ('p2', 'X', '2026-06-10', 'follow_up'),
  ('p3', 'Y', '2026-02-05', 'job'), ('p3', 'Y', '2026-03-12', 'job'), ('p3', 'Y', '2026-04-20', 'job'),
  ('p3', 'Y', '2026-06-15', 'job'),
  ('p4', 'Y', '2026-02-06', 'job'), ('p4', 'Y', '2026-03-13', 'job'), ('p4', 'Y', '2026-04-21', 'job'),
  ('p4', 'Y', '2026-06-16', 'job'), ('p4', 'Y', '2026-07-20', 'job'),
  ('p5', 'X', '2026-02-09', 'job'),
  ('p6', 'Y', '2026-01-06', 'job'), ('p6', 'Y', '2026-02-10', 'job'), ('p6', 'Y', '2026-04-01', 'job'),
  ('p6', 'Y', '2026-07-05', 'job'),
  ('q1', 'Z', '2026-03-03', 'job'), ('q1', 'Z', '2026-04-07', 'job'), ('q1', 'Z', '2026-05-12', 'job'),
  ('q1', 'Z', '2026-08-30', 'job'),
  ('q2', 'Z', '2026-03-04', 'job'), ('q2', 'Z', '2026-04-08', 'job'), ('q2', 'Z', '2026-05-13', 'job'),
  ('q2', 'Z', '2026-07-01', 'job'),
  ('q3', 'Z', '2026-03-05', 'job'), ('q3', 'Z', '2026-04-09', 'job'), ('q3', 'Z', '2026-05-14', 'job'),
  ('q3', 'Z', '2026-06-01', 'follow_up'),
  ('q4', 'Z', '2026-03-06', 'job'), ('q4', 'Z', '2026-04-10', 'job'), ('q4', 'Z', '2026-06-11', 'job'),
  ('q4', 'Z', '2026-07-02', 'job'),
  ('d1', 'Y', '2026-03-01', 'job'), ('d1', 'Y', '2026-04-20', 'job'), ('d1', 'Y', '2026-06-22', 'job'),
  ('d2', 'X', '2026-04-14', 'job'), ('d2', 'X', '2026-05-20', 'follow_up')
  ) AS v(citizen_id, caseworker_id, held_on, kind);
UPDATE employment_kpi.config SET suppression_k = 1;   -- nothing suppressed
SELECT employment_kpi.data_end();

-- every window of the third quarter (timeliness_windows: the one path)
SELECT citizen_id, rule_id, benefit_start, first_day, last_day, held, required, met, coverage_pct
FROM employment_kpi_internal.timeliness_windows('2026-07-01', '2026-09-30')
ORDER BY last_day, citizen_id, rule_id;

-- the municipality's share per quarter, month and year
SELECT * FROM employment_kpi.portfolio_compliance('2026-07-01', '2027-03-31');
SELECT * FROM employment_kpi.portfolio_compliance('2026-07-15', '2026-09-15', 'month');
SELECT * FROM employment_kpi.portfolio_compliance('2026-01-01', '2026-12-31', 'year');
-- before the rules of 1 July 2026 there are no portfolio rules: no rows
SELECT count(*) AS second_quarter FROM employment_kpi.portfolio_compliance('2026-04-01', '2026-06-30');

-- the caseworkers' contributions, without a pass/fail
SELECT week, caseworker_id, timeliness, portfolio_share
FROM employment_kpi.caseworker_week('2026-06-29', '2026-08-24', 1)
WHERE timeliness IS NOT NULL OR portfolio_share IS NOT NULL
ORDER BY week, caseworker_id;
SELECT week, level, timeliness, portfolio_share
FROM employment_kpi.team_week('2026-07-27', '2026-07-27', 1);

-- small cells (the default threshold 5): counts of 1 .. 4 citizens and the
-- share built on them are blank; target_met is judged on the true counts
UPDATE employment_kpi.config SET suppression_k = 5;
SELECT rule_id, period_start, complete, windows, met, share, target_met, suppressed
FROM employment_kpi.portfolio_compliance('2026-07-01', '2026-09-30');

-- validation (22023) and access (42501)
SELECT pg_temp.err($q$SELECT * FROM employment_kpi.portfolio_compliance(NULL, '2026-09-30')$q$) AS portfolio_errors
UNION ALL SELECT pg_temp.err($q$SELECT * FROM employment_kpi.portfolio_compliance('2026-07-01', '2026-09-30', NULL)$q$)
UNION ALL SELECT pg_temp.err($q$SELECT * FROM employment_kpi.portfolio_compliance('2026-07-01', 'infinity')$q$)
UNION ALL SELECT pg_temp.err($q$SELECT * FROM employment_kpi.portfolio_compliance('2026-07-01', '2026-09-30', 'week')$q$)
UNION ALL SELECT pg_temp.err($q$SELECT * FROM employment_kpi.portfolio_compliance('2026-09-30', '2026-07-01')$q$)
UNION ALL SELECT pg_temp.err($q$SELECT * FROM employment_kpi.portfolio_compliance('2000-01-01', '2026-07-01')$q$);
CREATE ROLE ekpi_tl_nobody;
SET SESSION AUTHORIZATION ekpi_tl_nobody;
SELECT pg_temp.err($q$SELECT * FROM employment_kpi.portfolio_compliance('2026-07-01', '2026-09-30')$q$) AS nobody;
RESET SESSION AUTHORIZATION;
ROLLBACK;

-------------------------------------------------------------------------------
-- Against an independent SQL formulation on a synthetic municipality
-------------------------------------------------------------------------------
-- test/fixtures/timeliness/reference.sql states the definition as plain
-- joins with a correlated count per window (no arrays, no C).  Every window
-- of 60 weeks of a synthetic municipality, and the counts per caseworker
-- and week, must be the same, with the seeded rules and with the rule
-- change moved inside the range; the totals only say that the comparison
-- is not empty.
\i test/fixtures/timeliness/reference.sql
BEGIN;
SELECT count(*) AS tables_filled
FROM employment_kpi.generate_synthetic(citizens => 3000, first_week => '2024-01-01', weeks => 60, seed => 2);

CREATE TEMP TABLE cmp (rules text, what text, side text, n bigint);
CREATE FUNCTION pg_temp.compare(label text) RETURNS void LANGUAGE plpgsql AS $c$
BEGIN
    -- windows (every field), 2024-01-01 .. 2025-02-23
    CREATE TEMP TABLE c_w AS
        SELECT w.citizen_id, w.period_start, w.rule_id, w.benefit_start, w.first_day, w.last_day, w.held,
               w.required, w.coverage_pct
          FROM employment_kpi_internal.timeliness_windows('2024-01-01', '2025-02-23') AS w;
    CREATE TEMP TABLE r_w AS SELECT * FROM pg_temp.ref_windows('2024-01-01', '2025-02-23');
    INSERT INTO cmp
    SELECT label, 'windows', 'both', count(*) FROM (SELECT * FROM c_w INTERSECT ALL SELECT * FROM r_w) AS x
    UNION ALL SELECT label, 'windows', 'C only', count(*) FROM (SELECT * FROM c_w EXCEPT ALL SELECT * FROM r_w) AS x
    UNION ALL SELECT label, 'windows', 'reference only', count(*) FROM (SELECT * FROM r_w EXCEPT ALL SELECT * FROM c_w) AS x
    UNION ALL SELECT label, 'windows of a later benefit', 'both',
                     count(*) FROM c_w WHERE benefit_start > period_start
    UNION ALL SELECT label, 'portfolio windows', 'both', count(*) FROM c_w WHERE coverage_pct IS NOT NULL;
    DROP TABLE c_w, r_w;
    -- scorecard_raw's counts per caseworker-week, all 60 weeks at once and
    -- three single weeks
    CREATE TEMP TABLE c_cw AS
        SELECT g.f, r.caseworker_id, r.week, r.tl_counted, r.tl_met, r.pf_counted, r.pf_met
          FROM (VALUES (DATE '2024-01-01', DATE '2025-02-17'), ('2024-03-04', '2024-03-04'),
                       ('2024-07-01', '2024-07-01'), ('2025-02-17', '2025-02-17')) AS g(f, t),
               LATERAL employment_kpi_internal.scorecard_raw(g.f, g.t, 13) AS r
         WHERE r.tl_counted > 0 OR r.pf_counted > 0;
    CREATE TEMP TABLE r_cw AS
        SELECT g.f, r.*
          FROM (VALUES (DATE '2024-01-01', DATE '2025-02-17'), ('2024-03-04', '2024-03-04'),
                       ('2024-07-01', '2024-07-01'), ('2025-02-17', '2025-02-17')) AS g(f, t),
               LATERAL pg_temp.ref_caseworker_weeks(g.f, g.t) AS r;
    INSERT INTO cmp
    SELECT label, 'caseworker-weeks', 'both', count(*) FROM (SELECT * FROM c_cw INTERSECT ALL SELECT * FROM r_cw) AS x
    UNION ALL SELECT label, 'caseworker-weeks', 'C only', count(*) FROM (SELECT * FROM c_cw EXCEPT ALL SELECT * FROM r_cw) AS x
    UNION ALL SELECT label, 'caseworker-weeks', 'reference only', count(*) FROM (SELECT * FROM r_cw EXCEPT ALL SELECT * FROM c_cw) AS x;
    DROP TABLE c_cw, r_cw;
END
$c$;
-- (1) the seeded rules: in 2024-2025 only the LAB section 31 rules are in force
SELECT pg_temp.compare('seeded');
-- (2) the rule change moved to 2024-07-01, inside the range, so portfolio
--     rules and the change itself are exercised too
UPDATE employment_kpi.contact_rule SET effective_to = '2024-06-30' WHERE effective_to = '2026-06-30';
UPDATE employment_kpi.contact_rule SET effective_from = '2024-07-01' WHERE effective_from = '2026-07-01';
SELECT pg_temp.compare('change 2024-07-01');
-- the same on both sides (C only and reference only are 0), and not empty
-- (no portfolio rule is in force in 2024-2025 with the seeded rules)
SELECT rules, what, side,
       CASE WHEN side <> 'both' THEN n = 0
            WHEN rules = 'seeded' AND what = 'portfolio windows' THEN n = 0
            ELSE n > 0 END AS ok
FROM cmp ORDER BY rules DESC, what, side;
ROLLBACK;
