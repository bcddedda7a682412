-- A week's changes to the facts as an ETL and an analyst make them, run
-- the same in the single-node and the cluster database (test/citus/run.sh):
-- imports with a rejected row, and plain INSERT, UPDATE and DELETE.
\set ON_ERROR_STOP on
-- (the data's end read once: on a cluster a function that reads the facts
-- cannot be evaluated inside a statement on the shards)
SELECT employment_kpi.data_end() AS de \gset
CREATE TEMP TABLE new_conversation AS
SELECT s.citizen_id, 'citus-' || s.citizen_id AS source_id,
       (SELECT pg_catalog.min(c.caseworker_id) FROM employment_kpi.caseworker c) AS caseworker_id,
       (:'de'::date - 3)::text AS held_on, 'job' AS kind, 'held' AS status
  FROM (SELECT DISTINCT s.citizen_id FROM employment_kpi.support_spell s
         WHERE s.end_date IS NULL ORDER BY s.citizen_id LIMIT 25) s
UNION ALL
SELECT '010190-1234', 'citus-cpr', 'nobody', '2026-01-01', 'job', 'held';
SELECT * FROM employment_kpi.import_conversation('new_conversation');

CREATE TEMP TABLE changed_spell AS
SELECT s.citizen_id, s.source_id, s.group_code, s.start_date::text, (:'de'::date - 2)::text AS end_date,
       'job' AS exit_reason, s.weekly_benefit_dkk::text
  FROM employment_kpi.support_spell s
 WHERE s.end_date IS NULL AND s.start_date < :'de'::date - 30
 ORDER BY s.citizen_id, s.source_id LIMIT 8;
SELECT * FROM employment_kpi.import_support_spell('changed_spell');

INSERT INTO employment_kpi.support_spell (citizen_id, source_id, group_code, start_date, weekly_benefit_dkk)
VALUES ('citus-new-1', 's1', 'dagpenge', :'de'::date - 20, 4100),
       ('citus-new-2', 's1', 'sygedagpenge', :'de'::date - 60, 3900);

UPDATE employment_kpi.intervention i SET end_date = :'de'::date - 10
  FROM (SELECT x.citizen_id, x.source_id FROM employment_kpi.intervention x
         WHERE x.end_date IS NULL AND x.start_date < :'de'::date - 10
         ORDER BY x.citizen_id, x.source_id LIMIT 10) c
 WHERE i.citizen_id = c.citizen_id AND i.source_id = c.source_id;

DELETE FROM employment_kpi.conversation v
 USING (SELECT x.citizen_id, x.source_id FROM employment_kpi.conversation x
         ORDER BY x.held_on DESC, x.citizen_id, x.source_id LIMIT 15) c
 WHERE v.citizen_id = c.citizen_id AND v.source_id = c.source_id;

DELETE FROM employment_kpi.case_assignment a
 USING (SELECT x.citizen_id, x.source_id FROM employment_kpi.case_assignment x
         WHERE x.start_date > :'de'::date - 60
         ORDER BY x.citizen_id, x.source_id LIMIT 5) c
 WHERE a.citizen_id = c.citizen_id AND a.source_id = c.source_id;
