-- The seeds' bookkeeping (see storage.sql): the seed_guard trigger on every
-- seeded reference table and the restore of tombstones.

-- The key of a row of a seeded table, as seed_removed stores it: the value
-- of a one-column primary key as text (what 0.1.0 stored), the values of a
-- longer one as a JSON array in key order (refund_rate and
-- citizen_group_map are keyed by a code or week and a date).
CREATE OR REPLACE FUNCTION employment_kpi_internal.seed_key(tbl regclass, r jsonb)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT CASE WHEN pg_catalog.count(*) = 1 THEN pg_catalog.min(r ->> k.name)
                ELSE pg_catalog.jsonb_agg(r -> k.name ORDER BY k.ord)::text END
      FROM (SELECT a.attname::text AS name, u.ord
              FROM pg_constraint c
             CROSS JOIN LATERAL pg_catalog.unnest(c.conkey) WITH ORDINALITY AS u(attnum, ord)
              JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = u.attnum
             WHERE c.conrelid = tbl AND c.contype = 'p') AS k
$$;

COMMENT ON FUNCTION employment_kpi_internal.seed_key(regclass, jsonb) IS
'The primary-key value of row r (to_jsonb of a row) of the seeded table tbl as seed_removed stores it: the value as text for a one-column key, a JSON array of the values in key order for a longer key.';

CREATE OR REPLACE FUNCTION employment_kpi_internal.seed_guard()
RETURNS trigger
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    newkey   text;
    oldkey   text;
    cols     text;
    n        bigint;
    -- (on a Citus cluster every node's copy keeps the flag; the tombstones
    -- are kept by the coordinator's alone, under the table's own name)
    place    record := employment_kpi_internal.trigger_placement(TG_RELID, TG_TABLE_NAME);
    books    boolean := place.placement IN ('table', 'coordinator');
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.seeded := false;
        newkey := employment_kpi_internal.seed_key(TG_RELID, to_jsonb(NEW));
        -- A row with the key of a pristine seed overwrites the seed in place
        -- (this is what a restore of a changed seed row does).
        SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum)
          INTO cols
          FROM pg_attribute a
         WHERE a.attrelid = TG_RELID AND a.attnum > 0 AND NOT a.attisdropped
           AND a.attgenerated = '' AND a.attname <> 'seeded';
        EXECUTE format('UPDATE %s AS t SET (%s) = (SELECT %s FROM jsonb_populate_record(NULL::%s, $1) AS r) '
                       'WHERE employment_kpi_internal.seed_key(%L, to_jsonb(t)) = $2 AND t.seeded',
                       TG_RELID::regclass, cols,
                       (SELECT string_agg('r.' || c, ', ') FROM unnest(string_to_array(cols, ', ')) AS c),
                       TG_RELID::regclass, TG_RELID::regclass)
          USING to_jsonb(NEW), newkey;
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n > 0 THEN
            RETURN NULL;
        END IF;
        RETURN NEW;
    ELSIF TG_OP = 'UPDATE' THEN
        -- Only a pristine seed row stays flagged; any change clears the flag.
        NEW.seeded := OLD.seeded AND (to_jsonb(NEW) - 'seeded') = (to_jsonb(OLD) - 'seeded');
        oldkey := employment_kpi_internal.seed_key(TG_RELID, to_jsonb(OLD));
        IF books AND oldkey IS DISTINCT FROM employment_kpi_internal.seed_key(TG_RELID, to_jsonb(NEW))
           AND current_setting('employment_kpi.applying_tombstone', true) IS DISTINCT FROM 'on' THEN
            INSERT INTO employment_kpi_internal.seed_removed (table_name, key_value)
            VALUES (place.table_name, oldkey)
            ON CONFLICT DO NOTHING;
        END IF;
        RETURN NEW;
    ELSE
        IF TG_NARGS > 0 AND TG_ARGV[0] = 'keep' THEN
            RAISE EXCEPTION 'employment_kpi.% must keep its row', place.table_name
                USING ERRCODE = 'restrict_violation',
                      HINT = 'Change the settings with UPDATE instead.';
        END IF;
        -- A deletion that applies a restored tombstone (seed_removed_apply,
        -- and the rows its foreign keys cascade to) records nothing: the
        -- dump holds the tombstones it needs, and one recorded here would
        -- collide with a tombstone restored later.
        IF books AND current_setting('employment_kpi.applying_tombstone', true) IS DISTINCT FROM 'on' THEN
            INSERT INTO employment_kpi_internal.seed_removed (table_name, key_value)
            VALUES (place.table_name, employment_kpi_internal.seed_key(TG_RELID, to_jsonb(OLD)))
            ON CONFLICT DO NOTHING;
        END IF;
        RETURN OLD;
    END IF;
END
$$;

COMMENT ON FUNCTION employment_kpi_internal.seed_guard() IS
'Trigger on the seeded reference tables: keeps the "seeded" flag true only for unchanged seed rows, lets a row with the key of a pristine seed overwrite it, and records deleted or re-keyed keys in seed_removed; together these make pg_dump/pg_restore of the reference data loss-free.';

-- Restoring a tombstone removes the pristine seed row CREATE EXTENSION made.
CREATE OR REPLACE FUNCTION employment_kpi_internal.seed_removed_apply()
RETURNS trigger
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    tbl regclass;
BEGIN
    -- Tombstones written by seed_guard itself (nested trigger) describe a
    -- deletion already under way; only top-level inserts (restore) act.
    IF pg_trigger_depth() > 1 THEN
        RETURN NULL;
    END IF;
    tbl := to_regclass(format('employment_kpi.%I', NEW.table_name));
    IF tbl IS NOT NULL THEN
        PERFORM set_config('employment_kpi.applying_tombstone', 'on', true);
        EXECUTE format('DELETE FROM %s AS t WHERE employment_kpi_internal.seed_key(%L, to_jsonb(t)) = $1 AND t.seeded',
                       tbl, tbl)
          USING NEW.key_value;
        PERFORM set_config('employment_kpi.applying_tombstone', 'off', true);
    END IF;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION employment_kpi_internal.seed_removed_apply() IS
'Trigger on seed_removed: when a tombstone is inserted (by a restore), deletes the matching pristine seed row (and what its foreign keys cascade to, e.g. the mapping of a deleted target group), so a seed deleted before pg_dump stays deleted after restore. While it deletes, seed_guard records no tombstones (setting employment_kpi.applying_tombstone).';

CREATE OR REPLACE TRIGGER seed_removed_apply AFTER INSERT ON employment_kpi_internal.seed_removed
    FOR EACH ROW EXECUTE FUNCTION employment_kpi_internal.seed_removed_apply();
COMMENT ON TRIGGER seed_removed_apply ON employment_kpi_internal.seed_removed IS 'Applies a restored tombstone (see seed_removed_apply()).';

-------------------------------------------------------------------------------
-- Seed guards (created after the seed rows, so only seeds carry seeded = true)
-------------------------------------------------------------------------------

CREATE OR REPLACE TRIGGER seed_guard BEFORE INSERT OR UPDATE OR DELETE ON employment_kpi.citizen_group
    FOR EACH ROW EXECUTE FUNCTION employment_kpi_internal.seed_guard();
CREATE OR REPLACE TRIGGER seed_guard BEFORE INSERT OR UPDATE OR DELETE ON employment_kpi.citizen_group_map
    FOR EACH ROW EXECUTE FUNCTION employment_kpi_internal.seed_guard();
CREATE OR REPLACE TRIGGER seed_guard BEFORE INSERT OR UPDATE OR DELETE ON employment_kpi.intervention_type
    FOR EACH ROW EXECUTE FUNCTION employment_kpi_internal.seed_guard();
CREATE OR REPLACE TRIGGER seed_guard BEFORE INSERT OR UPDATE OR DELETE ON employment_kpi.refund_rate
    FOR EACH ROW EXECUTE FUNCTION employment_kpi_internal.seed_guard();
CREATE OR REPLACE TRIGGER seed_guard BEFORE INSERT OR UPDATE OR DELETE ON employment_kpi.contact_rule
    FOR EACH ROW EXECUTE FUNCTION employment_kpi_internal.seed_guard();
CREATE OR REPLACE TRIGGER seed_guard BEFORE INSERT OR UPDATE OR DELETE ON employment_kpi.config
    FOR EACH ROW EXECUTE FUNCTION employment_kpi_internal.seed_guard('keep');
COMMENT ON TRIGGER seed_guard ON employment_kpi.citizen_group IS 'Keeps the seeded flag and the tombstones right (see seed_guard()).';
COMMENT ON TRIGGER seed_guard ON employment_kpi.citizen_group_map IS 'Keeps the seeded flag and the tombstones right (see seed_guard()).';
COMMENT ON TRIGGER seed_guard ON employment_kpi.intervention_type IS 'Keeps the seeded flag and the tombstones right (see seed_guard()).';
COMMENT ON TRIGGER seed_guard ON employment_kpi.refund_rate IS 'Keeps the seeded flag and the tombstones right (see seed_guard()).';
COMMENT ON TRIGGER seed_guard ON employment_kpi.contact_rule IS 'Keeps the seeded flag and the tombstones right (see seed_guard()).';
COMMENT ON TRIGGER seed_guard ON employment_kpi.config IS 'Keeps the seeded flag right and forbids deleting the settings row (see seed_guard()).';
