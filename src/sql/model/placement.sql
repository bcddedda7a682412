-- Where a trigger runs.  On one node a table's triggers run on the table.
-- On a Citus cluster (distribute(), docs/scale-out.md) they run on the
-- table's placements: the shards of a distributed table on the workers
-- (named <table>_<shard id>), and the copies of a reference table on every
-- node.  The triggers that keep books (change tracking, the seeds'
-- tombstones) use this to name the table and to write where the
-- coordinator will read.
--
-- And the set-up of the functions that write many tables in one
-- transaction (imports, the generator, refresh, the effect estimator): one
-- connection per worker on a cluster, no work table left from an earlier
-- failed call.

CREATE OR REPLACE FUNCTION employment_kpi_internal.trigger_placement(relid oid, relname name,
                                                                     OUT table_name text, OUT placement text,
                                                                     OUT shard_min text)
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_method "char";
    v_group  int;
BEGIN
    table_name := relname;
    placement := 'table';
    IF relname !~ '_[0-9]+$' OR pg_catalog.to_regclass('pg_catalog.pg_dist_shard') IS NULL THEN
        RETURN;
    END IF;
    -- (dynamic SQL: the Citus catalogues exist only where Citus is installed)
    EXECUTE $q$SELECT c.relname, p.partmethod, s.shardminvalue,
                      (SELECT g.groupid FROM pg_catalog.pg_dist_local_group g)
                 FROM pg_catalog.pg_dist_shard s
                 JOIN pg_catalog.pg_dist_partition p ON p.logicalrelid = s.logicalrelid
                 JOIN pg_catalog.pg_class c ON c.oid = s.logicalrelid
                WHERE s.shardid = pg_catalog.substring($1, '_([0-9]+)$')::bigint$q$
       INTO table_name, v_method, shard_min, v_group
      USING relname::text;
    IF table_name IS NULL THEN              -- no shard: a table of that name
        table_name := relname;
    ELSIF v_method = 'n' THEN
        placement := CASE WHEN v_group = 0 THEN 'coordinator' ELSE 'worker' END;
    ELSE
        placement := 'shard';
    END IF;
END
$$;

COMMENT ON FUNCTION employment_kpi_internal.trigger_placement(oid, name) IS
'Where a trigger on relation relid (named relname) runs: table_name is the table''s own name (on a Citus shard without the _<shard id>); placement ''table'' (one node, or a table Citus does not manage), ''shard'' (a shard of a distributed table; shard_min its hash range''s start), ''coordinator'' or ''worker'' (a copy of a reference table on the coordinator or a worker).';

-- The shard of a distributed table holding the same hash range as the
-- shard beside the trigger (colocated tables: the same range on the same
-- node), to write into without a distributed query.
CREATE OR REPLACE FUNCTION employment_kpi_internal.colocated_shard(tbl regclass, shard_min text)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_name text;
BEGIN
    EXECUTE $q$SELECT pg_catalog.format('%I.%I', n.nspname, c.relname || '_' || s.shardid)
                 FROM pg_catalog.pg_dist_shard s
                 JOIN pg_catalog.pg_class c ON c.oid = s.logicalrelid
                 JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE s.logicalrelid = $1 AND s.shardminvalue = $2$q$
       INTO v_name USING tbl, shard_min;
    IF v_name IS NULL THEN
        RAISE EXCEPTION 'employment_kpi: % has no shard colocated with the shard from %', tbl, shard_min
              USING ERRCODE = 'object_not_in_prerequisite_state',
                    HINT = 'Distribute the tables with employment_kpi.distribute(), which distributes them together.';
    END IF;
    RETURN v_name;
END
$$;

COMMENT ON FUNCTION employment_kpi_internal.colocated_shard(regclass, text) IS
'On a Citus cluster: the name of the shard of distributed table tbl whose hash range starts at shard_min (the shard colocated with a trigger''s shard, written into directly so that a trigger on a shard never runs a distributed query).';

-- On a Citus cluster a transaction that writes both reference and
-- distributed tables (foreign keys between them: the facts to the
-- organisation and groups) must reach each worker over one connection,
-- or Citus refuses the later statements; the imports, the generator and
-- refresh() write so.  Nothing on one node.
CREATE OR REPLACE FUNCTION employment_kpi_internal.citus_one_connection()
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF pg_catalog.to_regclass('pg_catalog.pg_dist_partition') IS NOT NULL THEN
        PERFORM pg_catalog.set_config('citus.multi_shard_modify_mode', 'sequential', true);
    END IF;
END
$$;

COMMENT ON FUNCTION employment_kpi_internal.citus_one_connection() IS
'On a Citus cluster: sets citus.multi_shard_modify_mode to sequential for the rest of the transaction (one connection per worker), which a transaction writing reference and distributed tables needs; does nothing where Citus is not installed.';

-- The functions that stage rows in a temporary work table (imports, the
-- generator, the effect estimator) drop one an earlier failed call left in
-- the session before creating it again (not DROP TABLE IF EXISTS, which
-- says NOTICE in the caller's output when there is none).
CREATE OR REPLACE FUNCTION employment_kpi_internal.drop_temp_table(name text)
RETURNS void
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF pg_catalog.to_regclass('pg_temp.' || pg_catalog.quote_ident(name)) IS NOT NULL THEN
        EXECUTE pg_catalog.format('DROP TABLE pg_temp.%I', name);
    END IF;
END
$$;

COMMENT ON FUNCTION employment_kpi_internal.drop_temp_table(text) IS
'Drops the temporary table pg_temp.<name> of this session if there is one; silent when there is none.';
