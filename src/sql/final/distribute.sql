-- Scale-out on Citus (docs/scale-out.md): distribute() turns the tables of
-- a database on a Citus coordinator into distributed and reference tables.
-- Everything else works as on one node: the change-tracking triggers
-- record on the shards (bi/tracking.sql), the KPI functions read the
-- distributed tables through queries Citus can plan, and the summary
-- tables behind the kpi_* views stay on the coordinator.

-- The citizen-level tables: distributed by citizen_id, colocated, so that a
-- citizen's spells, assignments, conversations and offers (and the changes
-- recorded about them) lie on one node.
CREATE OR REPLACE FUNCTION employment_kpi_internal.citizen_tables()
RETURNS regclass[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ARRAY['employment_kpi_internal.bi_change_citizen',
                 'employment_kpi.support_spell', 'employment_kpi.case_assignment',
                 'employment_kpi.conversation', 'employment_kpi.intervention']::regclass[]
$$;

COMMENT ON FUNCTION employment_kpi_internal.citizen_tables() IS
'The tables distribute() distributes by citizen_id, colocated, in this order: bi_change_citizen (first: the triggers on the facts'' shards record there, also while their rows are copied to the shards) and the four citizen-level fact tables.';

CREATE OR REPLACE FUNCTION employment_kpi.distribute(shard_count int DEFAULT 32)
RETURNS TABLE (table_name text, kind text)
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_citizen regclass[] := employment_kpi_internal.citizen_tables();
    v_todo    regclass[];
    v_next    regclass[];
    v_t       regclass;
    v_done    regclass[];
    v_seeds   jsonb := '{}';
    v_row     jsonb;
BEGIN
    PERFORM employment_kpi_internal.require_arg(shard_count BETWEEN 1 AND 64000,
                                                'distribute: shard_count must be between 1 and 64000, not '
                                                || coalesce(shard_count::text, 'NULL'));
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_extension e WHERE e.extname = 'citus') THEN
        RAISE EXCEPTION 'distribute: Citus is not installed in this database'
              USING ERRCODE = 'object_not_in_prerequisite_state',
                    HINT = 'On a Citus coordinator: CREATE EXTENSION citus, add the workers with citus_add_node(), then call employment_kpi.distribute() (docs/scale-out.md).';
    END IF;
    -- (dynamic SQL: the Citus catalogues exist only where Citus is installed)
    EXECUTE 'SELECT pg_catalog.array_agg(p.logicalrelid) FROM pg_catalog.pg_dist_partition p' INTO v_done;
    v_done := coalesce(v_done, '{}');
    IF EXISTS (SELECT 1 FROM pg_catalog.unnest(v_citizen) t(r) WHERE t.r = ANY (v_done)) THEN
        RAISE EXCEPTION 'distribute: the tables are distributed already'
              USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    -- Citus refuses tables with triggers unless told the triggers are safe:
    -- ours are (they write only beside their own shard: bi_trigger_site).
    -- Foreign keys from local to reference tables would make Citus convert
    -- the local tables behind our back; the order below needs none.
    PERFORM pg_catalog.set_config('citus.enable_unsafe_triggers', 'on', true);
    PERFORM pg_catalog.set_config('citus.enable_local_reference_table_foreign_keys', 'off', true);

    -- Reference tables: every other table of the public schema, each after
    -- the tables its foreign keys point to - but the logs only the
    -- coordinator writes and reads (refresh_log, import_reject) stay local:
    -- a transaction writing a reference table and a distributed one over
    -- different connections could not then join the two (Citus 25001).
    SELECT pg_catalog.array_agg(c.oid::regclass ORDER BY c.relname)
      INTO v_todo
      FROM pg_catalog.pg_class c
     WHERE c.relnamespace = 'employment_kpi'::regnamespace AND c.relkind = 'r'
       AND c.oid <> ALL (v_citizen)
       AND c.oid <> ALL (ARRAY['employment_kpi.refresh_log', 'employment_kpi.import_reject']::regclass[]);
    -- The seeded rows (seeded = true: pristine seeds, see model/seed.sql):
    -- copying a table to its placements inserts its rows there, and the
    -- seed guard marks every inserted row as the user's; their flags are
    -- put back below.
    FOREACH v_t IN ARRAY v_todo LOOP
        IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
                    WHERE a.attrelid = v_t AND a.attname = 'seeded' AND NOT a.attisdropped) THEN
            EXECUTE pg_catalog.format('SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(t)) FROM %s t WHERE t.seeded', v_t)
               INTO v_row;
            v_seeds := v_seeds || pg_catalog.jsonb_build_object(v_t::text, coalesce(v_row, '[]'));
        END IF;
    END LOOP;
    WHILE pg_catalog.cardinality(v_todo) > 0 LOOP
        SELECT pg_catalog.array_agg(t.r ORDER BY t.r::text) INTO v_next
          FROM pg_catalog.unnest(v_todo) t(r)
         WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint f
                            WHERE f.conrelid = t.r AND f.contype = 'f' AND f.confrelid <> t.r
                              AND f.confrelid = ANY (v_todo));
        IF v_next IS NULL THEN
            RAISE EXCEPTION 'distribute: foreign keys form a cycle among %', v_todo
                  USING ERRCODE = 'internal_error';
        END IF;
        FOREACH v_t IN ARRAY v_next LOOP
            PERFORM pg_catalog.create_reference_table(v_t);
            table_name := v_t::text; kind := 'reference';
            RETURN NEXT;
        END LOOP;
        v_todo := ARRAY(SELECT t.r FROM pg_catalog.unnest(v_todo) t(r) WHERE t.r <> ALL (v_next));
    END LOOP;

    -- The seeds' flags back, with the tables' triggers off (changing only
    -- the flag is no change of data; the guard would keep it false).
    FOR v_t IN SELECT k::regclass FROM pg_catalog.jsonb_object_keys(v_seeds) AS k LOOP
        EXECUTE pg_catalog.format('ALTER TABLE %s DISABLE TRIGGER USER', v_t);
        FOR v_row IN SELECT * FROM pg_catalog.jsonb_array_elements(v_seeds -> v_t::text) LOOP
            -- (the key as literals: Citus evaluates no function of the
            -- rows in an UPDATE of a reference table)
            EXECUTE pg_catalog.format('UPDATE %s SET seeded = true WHERE %s', v_t,
                      (SELECT pg_catalog.string_agg(pg_catalog.format('%I = %L', a.attname, v_row ->> a.attname::text), ' AND ')
                         FROM pg_catalog.pg_constraint c
                         CROSS JOIN LATERAL pg_catalog.unnest(c.conkey) AS u(attnum)
                         JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = u.attnum
                        WHERE c.conrelid = v_t AND c.contype = 'p'));
        END LOOP;
        EXECUTE pg_catalog.format('ALTER TABLE %s ENABLE TRIGGER USER', v_t);
    END LOOP;

    -- The citizen-level tables, colocated with the first.
    FOREACH v_t IN ARRAY v_citizen LOOP
        IF v_t = v_citizen[1] THEN
            PERFORM pg_catalog.create_distributed_table(v_t, 'citizen_id', shard_count => shard_count);
        ELSE
            PERFORM pg_catalog.create_distributed_table(v_t, 'citizen_id', colocate_with => v_citizen[1]::text);
        END IF;
        table_name := v_t::text; kind := 'distributed';
        RETURN NEXT;
    END LOOP;
    -- The coordinator's own copies of the rows, now on the placements, are
    -- left on its disk by Citus: free them.  Emptying them fires the
    -- tables' truncate triggers there, and moving rows to the shards fired
    -- their insert triggers: none of it changed data, so the change logs
    -- are put back as they were.
    v_row := (SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(b)) FROM employment_kpi_internal.bi_change b);
    FOR v_t IN SELECT p.logicalrelid FROM pg_catalog.pg_dist_partition p
                WHERE p.logicalrelid::oid IN (SELECT c.oid FROM pg_catalog.pg_class c
                                               WHERE c.relnamespace IN ('employment_kpi'::regnamespace,
                                                                        'employment_kpi_internal'::regnamespace)) LOOP
        PERFORM pg_catalog.truncate_local_data_after_distributing_table(v_t);
    END LOOP;
    DELETE FROM employment_kpi_internal.bi_change;
    INSERT INTO employment_kpi_internal.bi_change
    SELECT r.* FROM pg_catalog.jsonb_populate_recordset(NULL::employment_kpi_internal.bi_change, coalesce(v_row, '[]')) AS r;
    DELETE FROM employment_kpi_internal.bi_change_citizen;
END
$$;

COMMENT ON FUNCTION employment_kpi.distribute(int) IS
'On a Citus coordinator (docs/scale-out.md): distributes the citizen-level tables (support_spell, case_assignment, conversation, intervention) by citizen_id in shard_count shards (default 32), colocated, and makes every other table of the schema but the coordinator''s logs (refresh_log, import_reject) a reference table (copied to every node), in foreign-key order, with the Citus settings it needs set for the call only. The summary tables behind the kpi_* views stay on the coordinator. Existing rows move to the workers. Returns each table and what it became. Raises 55000 where Citus is not installed (with the steps as a hint) or the tables are distributed already, 22023 for a shard_count outside 1..64000. Run it once, as the extension''s owner, before or after loading data.';

REVOKE EXECUTE ON FUNCTION employment_kpi.distribute(int) FROM PUBLIC;
