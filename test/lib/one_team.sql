-- One team and one caseworker: the organisation the facts of a small test
-- refer to (test/lib/one_team.sql).
INSERT INTO employment_kpi.team VALUES ('T1', 'Nord', NULL);
INSERT INTO employment_kpi.caseworker VALUES ('W1', 'Anna', 'T1');
