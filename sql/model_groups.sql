-- Tests src/sql/model/groups.sql; also bi/group_week.sql (reporting_group_code), model/storage.sql (dated target groups, citizen_group_map) and model/import.sql (group validity).
-- Target groups over time: the groups' validity at import, reporting_group
-- and reporting_groups, and a hand-computed count of citizens per group and
-- ISO week across 1 January 2027, when the seeded mapping (assumed) puts
-- the ten current groups into the five groups of the reform.  Rolled back
-- at the end.
BEGIN;
SET client_min_messages = warning;
SET datestyle = 'ISO, MDY';
\set SHOW_CONTEXT never
\i test/lib/err.sql

-- 1. The seeded groups and mapping ------------------------------------------
SELECT group_code, valid_from, valid_to, left(note, 8) AS note
  FROM employment_kpi.citizen_group ORDER BY valid_from NULLS FIRST, group_code;
SELECT m.group_code, m.valid_from, m.mapped_group_code, left(m.note, 8) AS note
  FROM employment_kpi.citizen_group_map m ORDER BY m.mapped_group_code, m.group_code;

-- 2. reporting_group on a day -------------------------------------------------
-- before 2027 a group is itself; from 1 January 2027 (a Friday) its 2027
-- group; a 2027 group and a group of the user's own are always themselves;
-- NULL (a total row) stays NULL
SELECT d AS as_of,
       employment_kpi.reporting_group('dagpenge', d) AS dagpenge,
       employment_kpi.reporting_group('ledighedsydelse', d) AS ledighedsydelse,
       employment_kpi.reporting_group('jobafklaring', d) AS jobafklaring,
       employment_kpi.reporting_group('jobhjaelpsindsats', d) AS jobhjaelpsindsats,
       employment_kpi.reporting_group(NULL, d) AS total
  FROM unnest(ARRAY[date '-infinity', '2010-01-01', '2026-12-31', '2027-01-01', '2030-06-30', 'infinity']) AS d;
SELECT pg_temp.err($$SELECT employment_kpi.reporting_group('dagpenge', NULL)$$) AS null_as_of;
SELECT pg_temp.err($$SELECT employment_kpi.reporting_group('flexjob', '2027-01-01')$$) AS unknown_group;

-- the periods, for joins: one per change of the answer
SELECT * FROM employment_kpi.reporting_groups()
 WHERE group_code IN ('dagpenge', 'dagpengeindsats', 'uddannelseshjaelp') ORDER BY 1, 2;
SELECT count(*) AS periods, count(DISTINCT group_code) AS groups,
       bool_and(valid_from < valid_until) AS ordered
  FROM employment_kpi.reporting_groups();

-- mappings chain: a later reform merging the sickness and job-help groups
-- on 2030-01-07 follows on from the 2027 mapping; a row mapping a group to
-- itself ends its mapping
INSERT INTO employment_kpi.citizen_group (group_code, label, label_da, valid_from)
VALUES ('helbred', 'Health (a later reform)', 'Helbredsindsats', '2030-01-07');
INSERT INTO employment_kpi.citizen_group_map (group_code, valid_from, mapped_group_code) VALUES
  ('sygedagpengeindsats', '2030-01-07', 'helbred'),
  ('jobhjaelpsindsats',   '2030-01-07', 'helbred'),
  ('jobhjaelpsindsats',   '2032-01-05', 'jobhjaelpsindsats');
SELECT d AS as_of,
       employment_kpi.reporting_group('sygedagpenge', d) AS sygedagpenge,
       employment_kpi.reporting_group('revalidering', d) AS revalidering
  FROM unnest(ARRAY[date '2026-12-31', '2027-01-01', '2030-01-06', '2030-01-07', '2032-01-05']) AS d;
SELECT * FROM employment_kpi.reporting_groups() WHERE group_code = 'revalidering' ORDER BY 2;
-- a cycle is reported when it is followed (not refused when written: a
-- restore passes through such states)
INSERT INTO employment_kpi.citizen_group_map (group_code, valid_from, mapped_group_code)
VALUES ('helbred', '2031-01-06', 'sygedagpenge');
SELECT pg_temp.err($$SELECT employment_kpi.reporting_group('sygedagpenge', '2031-06-01')$$) AS cycle;
SELECT employment_kpi.reporting_group('sygedagpenge', '2030-06-03') AS before_the_cycle;
DELETE FROM employment_kpi.citizen_group_map WHERE valid_from >= '2030-01-07';
DELETE FROM employment_kpi.citizen_group WHERE group_code = 'helbred';

-- 3. The group must be valid on the spell's start (import) ------------------
-- Hand fixture, ISO weeks 2026-W51 .. 2027-W02 (2026 has 53 ISO weeks:
-- W53 runs Monday 28 December 2026 to Sunday 3 January 2027):
--   g1  dagpenge                       2 Nov 2026 .. ongoing
--   g2  kontanthjaelp_jobparat        16 Nov .. Thu 31 Dec 2026, then
--       jobsoegningsindsats            Fri 1 Jan 2027 .. ongoing (the source
--                                      system recodes at the reform)
--   g3  ledighedsydelse                1 Dec 2026 .. ongoing
--   g4  kontanthjaelp_aktivitetsparat  7 Dec 2026 .. Sun 10 Jan 2027, job
--   g5  jobhjaelpsindsats             Tue 5 Jan 2027 .. ongoing
--   g6  sygedagpenge                  14 Dec 2026 .. 20 Jan 2027
--   g7  uddannelseshjaelp             15 Dec .. Wed 23 Dec 2026, education
--   g8  dagpenge                       4 Jan 2010 .. 29 Mar 2010: history
--       before any lower bound is accepted
-- and two rows the import rejects: x1, a current group starting after its
-- last day, and x2, a 2027 group starting before its first.  A spell of a
-- current group that started in 2026 and runs on into 2027 is accepted
-- (g1, g3, g6).
CREATE TEMP TABLE st_spell (citizen_id text, source_id text, group_code text, start_date text,
                            end_date text, exit_reason text, weekly_benefit_dkk text);
INSERT INTO st_spell VALUES
  ('g1', 's1', 'dagpenge',                      '2026-11-02', NULL,         NULL,        NULL),
  ('g2', 's1', 'kontanthjaelp_jobparat',        '2026-11-16', '2026-12-31', NULL,        NULL),
  ('g2', 's2', 'jobsoegningsindsats',           '2027-01-01', NULL,         NULL,        NULL),
  ('g3', 's1', 'ledighedsydelse',               '2026-12-01', NULL,         NULL,        NULL),
  ('g4', 's1', 'kontanthjaelp_aktivitetsparat', '2026-12-07', '2027-01-10', 'job',       NULL),
  ('g5', 's1', 'jobhjaelpsindsats',             '2027-01-05', NULL,         NULL,        NULL),
  ('g6', 's1', 'sygedagpenge',                  '2026-12-14', '2027-01-20', NULL,        NULL),
  ('g7', 's1', 'uddannelseshjaelp',             '2026-12-15', '2026-12-23', 'education', NULL),
  ('g8', 's1', 'dagpenge',                      '2010-01-04', '2010-03-29', 'job',       NULL),
  ('x1', 's1', 'kontanthjaelp_jobparat',        '2027-01-01', NULL,         NULL,        NULL),
  ('x2', 's1', 'jobhjaelpsindsats',             '2026-12-31', NULL,         NULL,        NULL);
SELECT * FROM employment_kpi.import_support_spell('st_spell');
SELECT row_data->>'citizen_id' AS citizen_id, reason
  FROM employment_kpi.import_reject WHERE target_table = 'support_spell' ORDER BY 1;
-- a group of the user's own without dates is valid on any day
INSERT INTO employment_kpi.citizen_group (group_code, label, label_da) VALUES ('local_project', 'Local project', 'Lokalt projekt');
CREATE TEMP TABLE st_local AS
SELECT 'x3'::text AS citizen_id, 's1'::text AS source_id, 'local_project'::text AS group_code,
       '1999-01-04'::text AS start_date, NULL::text AS end_date, NULL::text AS exit_reason, NULL::text AS weekly_benefit_dkk;
SELECT * FROM employment_kpi.import_support_spell('st_local');
-- editing a group's dates changes what the next import accepts
UPDATE employment_kpi.citizen_group SET valid_to = '2027-03-31' WHERE group_code = 'kontanthjaelp_jobparat';
SELECT * FROM employment_kpi.import_support_spell('st_spell');
UPDATE employment_kpi.citizen_group SET valid_to = '2026-12-31' WHERE group_code = 'kontanthjaelp_jobparat';
DELETE FROM employment_kpi.support_spell WHERE citizen_id IN ('x1', 'x3');

-- 4. Citizens per group and ISO week across 1 January 2027 -------------------
-- The count each week: the distinct citizens with a spell overlapping the
-- week, by reporting group.  (a) as_of = the week's Monday: the groups of
-- that week; (b) as_of = 'infinity': the whole series in the 2027 groups.
-- Hand-computed:
--   week (Monday)  (a) by the groups of the week                     (b) in the 2027 groups
--   2026-W51 12-14 dagpenge 1, kh_jobparat 1, ledighedsydelse 1,       dagpengeindsats 1, jobsoegning 3 (g2, g3, g7),
--                  kh_aktivitetsparat 1, sygedagpenge 1, udd.hjælp 1   jobhjaelp 1 (g4), sygedagpengeindsats 1
--   2026-W52 12-21 the same (g7 ends Wednesday 23 December)            the same
--   2026-W53 12-28 dagpenge 1, kh_jobparat 1 (g2 to Thursday),         dagpengeindsats 1, jobsoegning 2 (g2 once, g3),
--                  jobsoegningsindsats 1 (g2 from Friday),             jobhjaelp 1, sygedagpengeindsats 1
--                  ledighedsydelse 1, kh_aktivitetsparat 1, syg 1
--   2027-W01 01-04 dagpengeindsats 1, jobsoegning 2 (g2, g3),          the same
--                  jobhjaelp 2 (g4, g5), sygedagpengeindsats 1
--   2027-W02 01-11 dagpengeindsats 1, jobsoegning 2, jobhjaelp 1       the same
--                  (g5; g4 ended), sygedagpengeindsats 1
-- Citizens in all groups (each once): 6, 6, 5, 6, 5.  Per week the group
-- counts of (b) add up to that total; those of (a) too, but in W53, where
-- g2 is on two groups' benefits and counts in both (6), as kpi_group_week
-- counts a citizen on two groups in one week.
CREATE TEMP VIEW cw AS
SELECT DISTINCT s.citizen_id, s.group_code, w.week
  FROM employment_kpi.support_spell s,
       employment_kpi_internal.week_series(employment_kpi.iso_monday(s.start_date),
                                           employment_kpi.iso_monday(coalesce(s.end_date, '2027-01-17'))) AS w(week)
 WHERE w.week BETWEEN '2026-12-14' AND '2027-01-11';
-- (a): the set form, joined on the week
SELECT employment_kpi.week_label(cw.week) AS week, m.reporting_group, count(DISTINCT cw.citizen_id) AS citizens
  FROM cw JOIN employment_kpi.reporting_groups() m
    ON m.group_code = cw.group_code AND cw.week >= m.valid_from AND cw.week < m.valid_until
 GROUP BY cw.week, m.reporting_group ORDER BY cw.week, m.reporting_group;
-- (b): the whole series in the latest groups
SELECT employment_kpi.week_label(cw.week) AS week, employment_kpi.reporting_group(cw.group_code, 'infinity') AS reporting_group,
       count(DISTINCT cw.citizen_id) AS citizens
  FROM cw GROUP BY 1, 2 ORDER BY 1, 2;
-- the totals agree
SELECT employment_kpi.week_label(t.week) AS week, t.citizens,
       (SELECT sum(x.n) FROM (SELECT count(DISTINCT c.citizen_id) AS n FROM cw c
                               WHERE c.week = t.week GROUP BY employment_kpi.reporting_group(c.group_code, c.week)) x) AS sum_a,
       (SELECT sum(x.n) FROM (SELECT count(DISTINCT c.citizen_id) AS n FROM cw c
                               WHERE c.week = t.week GROUP BY employment_kpi.reporting_group(c.group_code, 'infinity')) x) AS sum_b
  FROM (SELECT week, count(DISTINCT citizen_id) AS citizens FROM cw GROUP BY week) t ORDER BY t.week;
-- Mapping after counting (summing the group rows of (a) into the 2027
-- groups) counts g2 twice in W53: jobsoegningsindsats 3, not 2.  The map
-- belongs before the count, as in (b).
SELECT employment_kpi.reporting_group(a.group_code, 'infinity') AS reporting_group, sum(a.n) AS summed_rows
  FROM (SELECT c.group_code, count(DISTINCT c.citizen_id) AS n FROM cw c WHERE c.week = '2026-12-28' GROUP BY 1) a
 GROUP BY 1 ORDER BY 1;

-- The BI view says the same per group row: kpi_group_week reports each
-- group row under the group of its week (reporting_group_code), the current
-- groups until the week of 28 December 2026 (its Monday is in 2026), the
-- 2027 groups from the week of 4 January 2027.  The facts run into 2027,
-- after today: the data's end is pinned.
UPDATE employment_kpi.config SET data_end_override = '2027-01-17', suppression_k = 1;
SELECT count(*) > 0 AS refreshed FROM employment_kpi.refresh();
SELECT week_label, group_code, reporting_group_code, citizens_on_support
  FROM employment_kpi.kpi_group_week
 WHERE week BETWEEN '2026-12-21' AND '2027-01-11'
 ORDER BY week, scope DESC, group_code;

-- 5. The mapping is data: a municipality that tells activity-ready
-- uddannelseshjælp apart maps it to the job-help group; g7 then counts
-- there in the restated series (W51: jobsoegning 2, jobhjaelp 2)
INSERT INTO employment_kpi.citizen_group (group_code, label, label_da, valid_to)
VALUES ('uddannelseshjaelp_aktivitetsparat', 'Education benefit, activity-ready', 'Aktivitetsparate uddannelseshjælpsmodtagere', '2026-12-31');
INSERT INTO employment_kpi.citizen_group_map VALUES
  ('uddannelseshjaelp_aktivitetsparat', '2027-01-01', 'jobhjaelpsindsats', 'local: activity-ready under 30');
UPDATE employment_kpi.support_spell SET group_code = 'uddannelseshjaelp_aktivitetsparat' WHERE citizen_id = 'g7';
SELECT employment_kpi.reporting_group(cw.group_code, 'infinity') AS reporting_group, count(DISTINCT cw.citizen_id) AS citizens
  FROM cw WHERE cw.week = '2026-12-14' GROUP BY 1 ORDER BY 1;
ROLLBACK;
