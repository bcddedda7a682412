-- The seeds' bookkeeping (see storage.sql): the seed_guard trigger on every
-- seeded reference table and the restore of tombstones.

CREATE OR REPLACE FUNCTION employment_kpi_internal.seed_guard()
RETURNS trigger
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    keycol   text := TG_ARGV[0];
    newkey   text;
    oldkey   text;
    cols     text;
    n        bigint;
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.seeded := false;
        newkey := to_jsonb(NEW) ->> keycol;
        -- A row with the key of a pristine seed overwrites the seed in place
        -- (this is what a restore of a changed seed row does).
        SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum)
          INTO cols
          FROM pg_attribute a
         WHERE a.attrelid = TG_RELID AND a.attnum > 0 AND NOT a.attisdropped
           AND a.attgenerated = '' AND a.attname <> 'seeded';
        EXECUTE format('UPDATE %s AS t SET (%s) = (SELECT %s FROM jsonb_populate_record(NULL::%s, $1) AS r) '
                       'WHERE t.%I::text = $2 AND t.seeded',
                       TG_RELID::regclass, cols,
                       (SELECT string_agg('r.' || c, ', ') FROM unnest(string_to_array(cols, ', ')) AS c),
                       TG_RELID::regclass, keycol)
          USING to_jsonb(NEW), newkey;
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n > 0 THEN
            RETURN NULL;
        END IF;
        RETURN NEW;
    ELSIF TG_OP = 'UPDATE' THEN
        -- Only a pristine seed row stays flagged; any change clears the flag.
        NEW.seeded := OLD.seeded AND (to_jsonb(NEW) - 'seeded') = (to_jsonb(OLD) - 'seeded');
        oldkey := to_jsonb(OLD) ->> keycol;
        IF oldkey IS DISTINCT FROM (to_jsonb(NEW) ->> keycol) THEN
            INSERT INTO employment_kpi_internal.seed_removed (table_name, key_value)
            VALUES (TG_TABLE_NAME, oldkey)
            ON CONFLICT DO NOTHING;
        END IF;
        RETURN NEW;
    ELSE
        IF TG_ARGV[1] = 'keep' THEN
            RAISE EXCEPTION 'employment_kpi.% must keep its row', TG_TABLE_NAME
                USING ERRCODE = 'restrict_violation',
                      HINT = 'Change the settings with UPDATE instead.';
        END IF;
        INSERT INTO employment_kpi_internal.seed_removed (table_name, key_value)
        VALUES (TG_TABLE_NAME, to_jsonb(OLD) ->> keycol)
        ON CONFLICT DO NOTHING;
        RETURN OLD;
    END IF;
END
$$;

COMMENT ON FUNCTION employment_kpi_internal.seed_guard() IS
'Trigger on the seeded reference tables: keeps the "seeded" flag true only for unchanged seed rows, lets a row with the key of a pristine seed overwrite it, and records deleted or re-keyed keys in seed_removed; together these make pg_dump/pg_restore of the reference data loss-free.';

-- Restoring a tombstone removes the pristine seed row CREATE EXTENSION made.
CREATE OR REPLACE FUNCTION employment_kpi_internal.seed_removed_apply()
RETURNS trigger
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    keycol text;
BEGIN
    -- Tombstones written by seed_guard itself (nested trigger) describe a
    -- deletion already under way; only top-level inserts (restore) act.
    IF pg_trigger_depth() > 1 THEN
        RETURN NULL;
    END IF;
    SELECT a.attname INTO keycol
      FROM pg_constraint c
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
     WHERE c.conrelid = to_regclass(format('employment_kpi.%I', NEW.table_name))
       AND c.contype = 'p';
    IF keycol IS NOT NULL THEN
        EXECUTE format('DELETE FROM employment_kpi.%I AS t WHERE t.%I::text = $1 AND t.seeded',
                       NEW.table_name, keycol)
          USING NEW.key_value;
    END IF;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION employment_kpi_internal.seed_removed_apply() IS
'Trigger on seed_removed: when a tombstone is inserted (by a restore), deletes the matching pristine seed row, so a seed deleted before pg_dump stays deleted after restore.';

CREATE OR REPLACE TRIGGER seed_removed_apply AFTER INSERT ON employment_kpi_internal.seed_removed
    FOR EACH ROW EXECUTE FUNCTION employment_kpi_internal.seed_removed_apply();
COMMENT ON TRIGGER seed_removed_apply ON employment_kpi_internal.seed_removed IS 'Applies a restored tombstone (see seed_removed_apply()).';

-------------------------------------------------------------------------------
-- Seed guards (created after the seed rows, so only seeds carry seeded = true)
-------------------------------------------------------------------------------

CREATE OR REPLACE TRIGGER seed_guard BEFORE INSERT OR UPDATE OR DELETE ON employment_kpi.citizen_group
    FOR EACH ROW EXECUTE FUNCTION employment_kpi_internal.seed_guard('group_code');
CREATE OR REPLACE TRIGGER seed_guard BEFORE INSERT OR UPDATE OR DELETE ON employment_kpi.intervention_type
    FOR EACH ROW EXECUTE FUNCTION employment_kpi_internal.seed_guard('type_code');
CREATE OR REPLACE TRIGGER seed_guard BEFORE INSERT OR UPDATE OR DELETE ON employment_kpi.refund_rate
    FOR EACH ROW EXECUTE FUNCTION employment_kpi_internal.seed_guard('from_week');
CREATE OR REPLACE TRIGGER seed_guard BEFORE INSERT OR UPDATE OR DELETE ON employment_kpi.contact_rule
    FOR EACH ROW EXECUTE FUNCTION employment_kpi_internal.seed_guard('rule_id');
CREATE OR REPLACE TRIGGER seed_guard BEFORE INSERT OR UPDATE OR DELETE ON employment_kpi.config
    FOR EACH ROW EXECUTE FUNCTION employment_kpi_internal.seed_guard('id', 'keep');
COMMENT ON TRIGGER seed_guard ON employment_kpi.citizen_group IS 'Keeps the seeded flag and the tombstones right (see seed_guard()).';
COMMENT ON TRIGGER seed_guard ON employment_kpi.intervention_type IS 'Keeps the seeded flag and the tombstones right (see seed_guard()).';
COMMENT ON TRIGGER seed_guard ON employment_kpi.refund_rate IS 'Keeps the seeded flag and the tombstones right (see seed_guard()).';
COMMENT ON TRIGGER seed_guard ON employment_kpi.contact_rule IS 'Keeps the seeded flag and the tombstones right (see seed_guard()).';
COMMENT ON TRIGGER seed_guard ON employment_kpi.config IS 'Keeps the seeded flag right and forbids deleting the settings row (see seed_guard()).';
