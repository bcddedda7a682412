-- Changes that reach everything, run the same in both databases: a deleted
-- seed row (its tombstone), a changed setting and a TRUNCATE of a
-- citizen-level table.
\set ON_ERROR_STOP on
DELETE FROM employment_kpi.citizen_group_map WHERE group_code = 'dagpenge';
UPDATE employment_kpi.config SET exit_grace_days = 35;
TRUNCATE employment_kpi.intervention;
