-- Tests src/sql/report/worklist.sql: caseworker_worklist on a hand-made
-- caseload across the 1 July 2026 change of the contact rules and across a
-- change of benefit, and who may see a worklist.
SET client_min_messages = warning;
BEGIN;
INSERT INTO employment_kpi.team VALUES ('W1', 'Team One', NULL), ('W2', 'Team Two', NULL);
INSERT INTO employment_kpi.caseworker (caseworker_id, caseworker_name, team_id) VALUES
 ('K1', 'Karen', 'W1'), ('K2', 'Kurt', 'W2');
-- By hand, as of Monday 2026-06-15 (the rules: contact_rule as seeded; a
-- window [a, b) weeks runs from benefit_start + 7a to benefit_start + 7b - 1
-- and is judged by the rules in force on that last day):
--   L1 ledighedsydelse from 2026-01-05: window [0, 26) ends 2026-07-05,
--      after 30 June: the 2026 rules apply (first conversation, 1, every
--      citizen; 4 conversations for 75 %). One job conversation (the sick
--      one does not count): the first is met, the portfolio rule due,
--      1 of 4, 20 days left.
--   L2 ledighedsydelse from 2025-12-01: window ends 2026-05-31, before the
--      change: LAB § 31's 4 conversations, every citizen; 2 held: overdue,
--      15 days ago (still listed: within four weeks, still on the benefit).
--   B1 dagpenge 2025-06-02 to 2026-04-05, then kontanthjælp (job-ready)
--      from 2026-04-06 in the same support period: the change restarts the
--      count. The first conversation [0, 1) ended 2026-04-12 under LAB
--      (met on 04-08); [0, 26) ends 2026-10-04 under the 2026 rules: 1 of 4
--      (the dagpenge conversation of 03-02 is before the benefit), 111 days
--      left. On support since 2025-06-02 without an offer: STAR's focus
--      measure was due 2026-06-02, 13 days ago: overdue.
--   F1 dagpenge from 2025-05-01, offer until 2025-07-31: the 12 months run
--      from 2025-08-01 to 2026-08-01, 47 days left (within 13 weeks): due.
--   R1 dagpenge since 2024, an offer running: nothing.
--   E1 left support on 2026-05-01: not on the list.
--   O1 is Kurt's: on his list, not on Karen's.
INSERT INTO employment_kpi.support_spell (citizen_id, source_id, group_code, start_date, end_date, exit_reason, weekly_benefit_dkk) VALUES
 ('L1', 's1', 'ledighedsydelse', '2026-01-05', NULL, NULL, 4000),
 ('L2', 's1', 'ledighedsydelse', '2025-12-01', NULL, NULL, 4000),
 ('B1', 's1', 'dagpenge', '2025-06-02', '2026-04-05', 'other_benefit', 4500),
 ('B1', 's2', 'kontanthjaelp_jobparat', '2026-04-06', NULL, NULL, 3000),
 ('F1', 's1', 'dagpenge', '2025-05-01', NULL, NULL, 4500),
 ('R1', 's1', 'dagpenge', '2024-01-01', NULL, NULL, 4500),
 ('E1', 's1', 'dagpenge', '2026-01-05', '2026-05-01', 'job', 4500),
 ('O1', 's1', 'ledighedsydelse', '2026-01-05', NULL, NULL, 4000);
INSERT INTO employment_kpi.case_assignment (citizen_id, source_id, caseworker_id, start_date) VALUES
 ('L1', 'a1', 'K1', '2025-01-01'), ('L2', 'a1', 'K1', '2025-01-01'), ('B1', 'a1', 'K1', '2025-01-01'),
 ('F1', 'a1', 'K1', '2025-01-01'), ('R1', 'a1', 'K1', '2025-01-01'), ('E1', 'a1', 'K1', '2025-01-01'),
 ('O1', 'a1', 'K2', '2025-01-01');
INSERT INTO employment_kpi.conversation (citizen_id, source_id, caseworker_id, held_on, kind, status) VALUES
 ('L1', 'v1', 'K1', '2026-02-10', 'job', 'held'),
 ('L1', 'v2', 'K1', '2026-03-10', 'sick', 'held'),
 ('L1', 'v3', 'K1', '2026-04-10', 'job', 'no_show'),
 ('L2', 'v1', 'K1', '2026-01-10', 'job', 'held'),
 ('L2', 'v2', 'K1', '2026-04-20', 'job', 'held'),
 ('B1', 'v1', 'K1', '2026-03-02', 'job', 'held'),
 ('B1', 'v2', 'K1', '2026-04-08', 'job', 'held'),
 ('L1', 'v4', 'K1', '2026-06-20', 'job', 'held');                                  -- after as_of: not yet
INSERT INTO employment_kpi.intervention (citizen_id, source_id, caseworker_id, type_code, start_date, end_date, cost_dkk) VALUES
 ('F1', 'i1', 'K1', 'virksomhedspraktik', '2025-06-01', '2025-07-31', 4000),
 ('R1', 'i1', 'K1', 'mentor', '2026-05-01', NULL, NULL);

SELECT * FROM employment_kpi.caseworker_worklist('K1', '2026-06-15');
SELECT * FROM employment_kpi.caseworker_worklist('K2', '2026-06-15');
-- L2 before its deadline: due, 27 days left, the same 2 of 4
SELECT citizen_id, rule_id, deadline, days_left, done, required, status
  FROM employment_kpi.caseworker_worklist('K1', '2026-05-04') WHERE citizen_id = 'L2';
-- L1 the day after its deadline: the portfolio rule missed (the conversation
-- of 2026-06-20 makes 2 of 4); overdue for four weeks, then gone
SELECT citizen_id, rule_id, deadline, days_left, done, status
  FROM employment_kpi.caseworker_worklist('K1', '2026-07-06') WHERE citizen_id = 'L1';
SELECT count(*) AS l1_rows FROM employment_kpi.caseworker_worklist('K1', '2026-08-03') WHERE citizen_id = 'L1';
-- the same week under the old rules: had L1 started in 2025-12, its window
-- would end before 1 July and LAB's 4 conversations for every citizen apply
UPDATE employment_kpi.support_spell SET start_date = '2025-12-29' WHERE citizen_id = 'L1';
SELECT citizen_id, rule_id, deadline, done, required, coverage_pct, status
  FROM employment_kpi.caseworker_worklist('K1', '2026-06-15') WHERE citizen_id = 'L1';

-- who may see a worklist: the caseworker's login role and the team's
-- leader; not another caseworker, another team's leader, a reader or an
-- analyst; an unknown caseworker gives the same 42501
CREATE ROLE ekpi_wl_karen;
CREATE ROLE ekpi_wl_kurt;
CREATE ROLE ekpi_wl_leader1;
CREATE ROLE ekpi_wl_reader;
CREATE ROLE ekpi_wl_analyst;
UPDATE employment_kpi.caseworker SET login_role = 'ekpi_wl_karen' WHERE caseworker_id = 'K1';
UPDATE employment_kpi.caseworker SET login_role = 'ekpi_wl_kurt' WHERE caseworker_id = 'K2';
SELECT employment_kpi.grant_reader('ekpi_wl_karen'), employment_kpi.grant_reader('ekpi_wl_kurt'),
       employment_kpi.grant_leader('ekpi_wl_leader1', 'W1'), employment_kpi.grant_reader('ekpi_wl_reader'),
       employment_kpi.grant_analyst('ekpi_wl_analyst');
\i test/lib/as_role.sql
SELECT r, cw, pg_temp.as_role(r, format($q$SELECT count(*)::text FROM employment_kpi.caseworker_worklist(%L, '2026-06-15')$q$, cw)) AS result
  FROM unnest(ARRAY['ekpi_wl_karen', 'ekpi_wl_kurt', 'ekpi_wl_leader1', 'ekpi_wl_reader', 'ekpi_wl_analyst']) AS r,
       unnest(ARRAY['K1', 'K2', 'nobody']) AS cw
 ORDER BY r, cw;
\i test/lib/err.sql
SET SESSION AUTHORIZATION ekpi_wl_kurt;
SELECT * FROM pg_temp.err($$SELECT * FROM employment_kpi.caseworker_worklist('K1', '2026-06-15')$$);
SELECT * FROM pg_temp.err($$SELECT * FROM employment_kpi.caseworker_worklist('nobody', '2026-06-15')$$);
RESET SESSION AUTHORIZATION;
SELECT * FROM pg_temp.err($$SELECT * FROM employment_kpi.caseworker_worklist('K1', NULL)$$);
SELECT * FROM pg_temp.err($$SELECT * FROM employment_kpi.caseworker_worklist('K1', 'infinity')$$);
ROLLBACK;
