-- Tests src/sql/bi/scorecard.sql; also bi/refresh.sql and access/scorecard.sql.
-- The scorecard relations of the BI layer: kpi_caseworker_week and
-- kpi_team_week equal caseworker_week/team_week; after edits of spells,
-- assignments, offers and conversations refresh() recomputes only the weeks
-- from the earliest change on and equals a full refresh, bit for bit; without
-- relevant changes they stay unchanged.
SET client_min_messages = warning;
SET extra_float_digits = 0;
BEGIN;
SELECT count(*) > 0 AS generated FROM employment_kpi.generate_synthetic(300, '2024-01-01', 30, 5);
SELECT view_name, regexp_replace(mode, ' from .*', '') AS mode, rows > 0 AS has_rows, ok, error FROM employment_kpi.refresh();
-- the stored rows are the functions' rows (last 3 weeks)
SELECT count(*) AS differences FROM (
    (SELECT week, team_id, caseworker_id, caseload, exits, exits_oe, suppressed FROM employment_kpi.kpi_caseworker_week
      WHERE week >= '2024-07-08'
     EXCEPT
     SELECT week, team_id, caseworker_id, caseload, exits, exits_oe, suppressed
       FROM employment_kpi.caseworker_week('2024-07-08', '2024-07-22'))
    UNION ALL
    (SELECT week, team_id, caseworker_id, caseload, exits, exits_oe, suppressed
       FROM employment_kpi.caseworker_week('2024-07-08', '2024-07-22')
     EXCEPT
     SELECT week, team_id, caseworker_id, caseload, exits, exits_oe, suppressed FROM employment_kpi.kpi_caseworker_week
      WHERE week >= '2024-07-08')) x;
SELECT count(*) AS team_rows, count(*) FILTER (WHERE level = 'municipality' AND team_id IS NULL) AS municipality_rows
  FROM employment_kpi.kpi_team_week WHERE week = '2024-07-22';
-- the weekly report's team section is read from kpi_team_week
SELECT * FROM employment_kpi_internal.report_section_teams('2024-07-22');
SELECT * FROM employment_kpi_internal.report_section_teams('2020-01-06');

-- an edit the scorecards do not read (budget) leaves them unchanged
UPDATE employment_kpi.expense SET amount_dkk = amount_dkk + 1 WHERE source_id = (SELECT min(source_id) FROM employment_kpi.expense);
SELECT view_name, regexp_replace(mode, ' from .*', '') AS mode, ok FROM employment_kpi.refresh();
-- a change of suppression_k: the stored scorecards are rebuilt, the group weeks are not
UPDATE employment_kpi.config SET suppression_k = 3;
SELECT view_name, regexp_replace(mode, ' from .*', '') AS mode, ok FROM employment_kpi.refresh();

-- incremental equals full after edits of every kind the scorecards read
-- (only the two scorecard relations are refreshed from here on)
DELETE FROM employment_kpi_internal.bi_relation WHERE mv_name NOT IN ('mv_caseworker_week', 'mv_team_week');
CREATE FUNCTION pg_temp.compare(round int) RETURNS TABLE (relation text, mode text, differences bigint)
LANGUAGE plpgsql AS $$
DECLARE
    cit text;
BEGIN
    PERFORM setseed(round / 10.0);
    CASE round
    WHEN 1 THEN  -- a batch: spells end, conversations vanish, assignments end
        UPDATE employment_kpi.support_spell s SET end_date = '2024-06-20', exit_reason = 'job'
         WHERE (s.citizen_id, s.source_id) IN (SELECT citizen_id, source_id FROM employment_kpi.support_spell
                                                WHERE end_date IS NULL AND start_date < '2024-06-01' ORDER BY random() LIMIT 3);
        DELETE FROM employment_kpi.conversation c
         WHERE (c.citizen_id, c.source_id) IN (SELECT citizen_id, source_id FROM employment_kpi.conversation
                                                WHERE held_on > '2024-05-01' ORDER BY random() LIMIT 10);
        UPDATE employment_kpi.case_assignment a SET end_date = GREATEST(a.start_date, '2024-06-10')
         WHERE (a.citizen_id, a.source_id) IN (SELECT citizen_id, source_id FROM employment_kpi.case_assignment
                                                WHERE end_date IS NULL ORDER BY random() LIMIT 3);
    WHEN 2 THEN  -- a held conversation early in a support period (inside contact-rule windows)
        INSERT INTO employment_kpi.conversation (citizen_id, source_id, caseworker_id, held_on, kind, status)
        SELECT s.citizen_id, 'edit-2', a.caseworker_id, s.start_date + 10, 'job', 'held'
          FROM employment_kpi.support_spell s
          JOIN employment_kpi.case_assignment a ON a.citizen_id = s.citizen_id
         WHERE s.start_date > '2024-03-01' ORDER BY s.citizen_id, s.source_id LIMIT 1;
    WHEN 3 THEN  -- a conversation becomes a no-show
        UPDATE employment_kpi.conversation c SET status = 'no_show'
         WHERE (c.citizen_id, c.source_id) = (SELECT citizen_id, source_id FROM employment_kpi.conversation
                                               WHERE status = 'held' AND held_on > '2024-04-01' ORDER BY random() LIMIT 1);
    WHEN 4 THEN  -- a mid-week reassignment to another caseworker
        UPDATE employment_kpi.case_assignment a SET end_date = '2024-05-15'
         WHERE (a.citizen_id, a.source_id) = (SELECT citizen_id, source_id FROM employment_kpi.case_assignment
                                               WHERE end_date IS NULL AND start_date < '2024-05-01' ORDER BY random() LIMIT 1)
        RETURNING a.citizen_id INTO STRICT cit;
        INSERT INTO employment_kpi.case_assignment (citizen_id, source_id, caseworker_id, start_date, end_date)
        VALUES (cit, 'edit-4', (SELECT min(caseworker_id) FROM employment_kpi.caseworker), '2024-05-15', NULL);
    WHEN 5 THEN  -- a new offer, and another ends earlier
        INSERT INTO employment_kpi.intervention (citizen_id, source_id, type_code, start_date, end_date)
        SELECT s.citizen_id, 'edit-5', 'mentor', '2024-05-08', '2024-06-30'
          FROM employment_kpi.support_spell s WHERE s.end_date IS NULL ORDER BY random() LIMIT 1;
        UPDATE employment_kpi.intervention i SET end_date = i.start_date + 2
         WHERE (i.citizen_id, i.source_id) = (SELECT citizen_id, source_id FROM employment_kpi.intervention
                                               WHERE coalesce(end_date, 'infinity') > start_date + 20
                                                 AND start_date > '2024-03-01' ORDER BY random() LIMIT 1);
    WHEN 6 THEN  -- a spell changes group (strata, rules and bands of its period)
        UPDATE employment_kpi.support_spell s SET group_code = 'revalidering'
         WHERE (s.citizen_id, s.source_id) = (SELECT citizen_id, source_id FROM employment_kpi.support_spell
                                               WHERE start_date > '2024-02-01' ORDER BY random() LIMIT 1);
    WHEN 7 THEN  -- a spell is deleted (its period splits or vanishes)
        DELETE FROM employment_kpi.support_spell s
         WHERE (s.citizen_id, s.source_id) = (SELECT citizen_id, source_id FROM employment_kpi.support_spell
                                               WHERE start_date > '2024-03-01' ORDER BY random() LIMIT 1);
    ELSE         -- an exit becomes a move
        UPDATE employment_kpi.support_spell s SET exit_reason = 'moved'
         WHERE (s.citizen_id, s.source_id) = (SELECT citizen_id, source_id FROM employment_kpi.support_spell
                                               WHERE exit_reason = 'job' AND end_date > '2024-04-01' ORDER BY random() LIMIT 1);
    END CASE;
    CREATE TEMP TABLE r AS SELECT f.view_name, f.mode FROM employment_kpi.refresh() f;
    CREATE TEMP TABLE inc_cw AS SELECT * FROM employment_kpi_internal.mv_caseworker_week;
    CREATE TEMP TABLE inc_tw AS SELECT * FROM employment_kpi_internal.mv_team_week;
    PERFORM count(*) FROM employment_kpi.refresh(full => true);
    relation := 'mv_caseworker_week';
    mode := (SELECT regexp_replace(r.mode, ' from .*', '') FROM r WHERE r.view_name = 'mv_caseworker_week');
    differences := (SELECT count(*) FROM (TABLE inc_cw EXCEPT TABLE employment_kpi_internal.mv_caseworker_week) a)
                 + (SELECT count(*) FROM (TABLE employment_kpi_internal.mv_caseworker_week EXCEPT TABLE inc_cw) b);
    RETURN NEXT;
    relation := 'mv_team_week';
    mode := (SELECT regexp_replace(r.mode, ' from .*', '') FROM r WHERE r.view_name = 'mv_team_week');
    differences := (SELECT count(*) FROM (TABLE inc_tw EXCEPT TABLE employment_kpi_internal.mv_team_week) a)
                 + (SELECT count(*) FROM (TABLE employment_kpi_internal.mv_team_week EXCEPT TABLE inc_tw) b);
    RETURN NEXT;
    DROP TABLE r, inc_cw, inc_tw;
END $$;
SELECT g AS round, c.* FROM generate_series(1, 8) g, pg_temp.compare(g) c;
ROLLBACK;
