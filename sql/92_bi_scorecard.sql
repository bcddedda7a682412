-- The scorecard relations of the BI layer: kpi_caseworker_week and
-- kpi_team_week equal caseworker_week/team_week; after edits of spells,
-- assignments and conversations refresh() rebuilds them (their figures depend
-- on the week range, so they are not recomputed by week) and equals a full refresh;
-- without relevant changes they stay unchanged.
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

CREATE FUNCTION pg_temp.compare(round int) RETURNS TABLE (relation text, mode text, differences bigint)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM setseed(round / 10.0);
    UPDATE employment_kpi.support_spell s SET end_date = '2024-06-20', exit_reason = 'job'
     WHERE (s.citizen_id, s.source_id) IN (SELECT citizen_id, source_id FROM employment_kpi.support_spell
                                            WHERE end_date IS NULL AND start_date < '2024-06-01' ORDER BY random() LIMIT 3);
    DELETE FROM employment_kpi.conversation c
     WHERE (c.citizen_id, c.source_id) IN (SELECT citizen_id, source_id FROM employment_kpi.conversation
                                            WHERE held_on > '2024-05-01' ORDER BY random() LIMIT 10);
    UPDATE employment_kpi.case_assignment a SET end_date = GREATEST(a.start_date, '2024-06-10')
     WHERE (a.citizen_id, a.source_id) IN (SELECT citizen_id, source_id FROM employment_kpi.case_assignment
                                            WHERE end_date IS NULL ORDER BY random() LIMIT 3);
    CREATE TEMP TABLE r AS SELECT f.view_name, f.mode FROM employment_kpi.refresh() f;
    CREATE TEMP TABLE inc_cw AS SELECT * FROM employment_kpi.mv_caseworker_week;
    CREATE TEMP TABLE inc_tw AS SELECT * FROM employment_kpi.mv_team_week;
    PERFORM count(*) FROM employment_kpi.refresh(full => true);
    relation := 'mv_caseworker_week';
    mode := (SELECT regexp_replace(r.mode, ' from .*', '') FROM r WHERE r.view_name = 'mv_caseworker_week');
    differences := (SELECT count(*) FROM (TABLE inc_cw EXCEPT TABLE employment_kpi.mv_caseworker_week) a)
                 + (SELECT count(*) FROM (TABLE employment_kpi.mv_caseworker_week EXCEPT TABLE inc_cw) b);
    RETURN NEXT;
    relation := 'mv_team_week';
    mode := (SELECT regexp_replace(r.mode, ' from .*', '') FROM r WHERE r.view_name = 'mv_team_week');
    differences := (SELECT count(*) FROM (TABLE inc_tw EXCEPT TABLE employment_kpi.mv_team_week) a)
                 + (SELECT count(*) FROM (TABLE employment_kpi.mv_team_week EXCEPT TABLE inc_tw) b);
    RETURN NEXT;
    DROP TABLE r, inc_cw, inc_tw;
END $$;
SELECT g AS round, c.* FROM generate_series(1, 1) g, pg_temp.compare(g) c;
-- an edit the scorecards do not read (budget) leaves them unchanged
UPDATE employment_kpi.expense SET amount_dkk = amount_dkk + 1 WHERE source_id = (SELECT min(source_id) FROM employment_kpi.expense);
SELECT view_name, regexp_replace(mode, ' from .*', '') AS mode, ok FROM employment_kpi.refresh();
-- a change of suppression_k: the stored scorecards are rebuilt, the group weeks are not
UPDATE employment_kpi.config SET suppression_k = 3;
SELECT view_name, regexp_replace(mode, ' from .*', '') AS mode, ok FROM employment_kpi.refresh();
ROLLBACK;
