-- Tests src/sql/final/distribute.sql and, on one node, the Citus-aware
-- pieces every install has (model/placement.sql, bi/tracking.sql's
-- bi_trigger_site): distribute() refuses without Citus, the triggers see
-- the table itself and record in bi_change, citus_one_connection() does
-- nothing.  On a cluster: test/citus (make test-citus).
SET client_min_messages = warning;
SET datestyle = 'ISO, YMD';
\i test/lib/err.sql
BEGIN;

-- no Citus in this database: 55000 with the steps; bad shard counts: 22023
SELECT * FROM pg_temp.err($$SELECT * FROM employment_kpi.distribute()$$);
SELECT * FROM pg_temp.err($$SELECT * FROM employment_kpi.distribute(0)$$);
SELECT * FROM pg_temp.err($$SELECT * FROM employment_kpi.distribute(NULL)$$);
SELECT * FROM pg_temp.err($$SELECT * FROM employment_kpi.distribute(64001)$$);

-- only the extension's owner distributes
SELECT has_function_privilege('public', 'employment_kpi.distribute(int)', 'EXECUTE') AS public_may_distribute;

-- the tables distribute() would distribute, in order
SELECT employment_kpi_internal.citizen_tables();

-- on one node a trigger runs on the table itself and records in bi_change
SELECT * FROM employment_kpi_internal.trigger_placement('employment_kpi.support_spell'::regclass, 'support_spell');
SELECT * FROM employment_kpi_internal.bi_trigger_site('employment_kpi.support_spell'::regclass, 'support_spell');
-- a table whose name looks like a shard's is still a table where Citus is absent
SELECT * FROM employment_kpi_internal.trigger_placement('employment_kpi.support_spell'::regclass, 'support_spell_102008');

-- a change is recorded in bi_change, never in bi_change_citizen
INSERT INTO employment_kpi.support_spell (citizen_id, source_id, group_code, start_date)
VALUES ('p1', 's1', 'dagpenge', '2024-03-04');
SELECT source, citizen_id, changed_from FROM employment_kpi_internal.bi_change ORDER BY 1, 2;
SELECT count(*) AS on_the_shards FROM employment_kpi_internal.bi_change_citizen;

-- citus_one_connection() sets nothing where Citus is absent
SELECT employment_kpi_internal.citus_one_connection();
SELECT current_setting('citus.multi_shard_modify_mode', true) AS citus_mode;

ROLLBACK;
