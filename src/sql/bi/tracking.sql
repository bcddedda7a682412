-- Change tracking: statement-level triggers on the fact and setting tables
-- record in bi_change, per citizen, the earliest date a change can affect
-- (refresh.sql hands them to the relations).

-- Where a change-tracking trigger records: bi_change on one node; on a
-- Citus cluster (docs/scale-out.md) the triggers run on the shards
-- (trigger_placement): on a shard of a citizen-level table they record in
-- the shard of bi_change_citizen colocated with it (same worker, same
-- transaction, and never a distributed query from a shard, which Citus
-- refuses); on a reference table only the coordinator's placement records;
-- NULL = record nothing.
CREATE OR REPLACE FUNCTION employment_kpi_internal.bi_trigger_site(relid oid, relname name,
                                                                   OUT table_name text, OUT target text)
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_place record := employment_kpi_internal.trigger_placement(relid, relname);
BEGIN
    table_name := v_place.table_name;
    IF v_place.placement IN ('table', 'coordinator') THEN
        target := 'employment_kpi_internal.bi_change';
    ELSIF v_place.placement = 'shard' THEN
        target := employment_kpi_internal.colocated_shard('employment_kpi_internal.bi_change_citizen', v_place.shard_min);
    END IF;
END
$$;

COMMENT ON FUNCTION employment_kpi_internal.bi_trigger_site(oid, name) IS
'Where a change-tracking trigger on relation relid (named relname) records: table_name is the table''s own name (on a Citus shard without the _<shard id>), target the table to record in: bi_change on one node and on the coordinator''s placement of a reference table, the colocated shard of bi_change_citizen on a shard of a distributed table, NULL (record nothing) on a worker''s copy of a reference table.';

CREATE OR REPLACE FUNCTION employment_kpi_internal.bi_track_range()
RETURNS trigger
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_site record := employment_kpi_internal.bi_trigger_site(TG_RELID, TG_TABLE_NAME);
    v_pad  int := 0;
BEGIN
    IF v_site.target IS NULL THEN
        RETURN NULL;
    END IF;
    IF v_site.table_name = 'support_spell' THEN
        v_pad := coalesce((SELECT c.exit_grace_days FROM employment_kpi.config c), 28) + 1;
    END IF;
    -- (dynamic SQL for the target; the transition tables are visible to it)
    IF TG_OP = 'TRUNCATE' THEN
        EXECUTE pg_catalog.format('INSERT INTO %s VALUES ($1, NULL, ''-infinity'')', v_site.target)
          USING v_site.table_name;
    ELSIF TG_OP IN ('INSERT', 'DELETE') THEN
        EXECUTE pg_catalog.format('INSERT INTO %s SELECT $1, r.citizen_id, pg_catalog.min(r.start_date) - $2
                                     FROM %s r GROUP BY r.citizen_id',
                                  v_site.target, CASE TG_OP WHEN 'INSERT' THEN 'new_rows' ELSE 'old_rows' END)
          USING v_site.table_name, v_pad;
    ELSE
        -- An update: per citizen the earliest date a changed row affects
        -- (its start when more than the end changed, else the earlier end).
        -- An offer's cost is spread over all its days (start..end), so a new
        -- end date changes the cost of every month since its start: for
        -- offers the source intervention_span also records the start of
        -- every changed offer (for relations that spread costs).
        EXECUTE pg_catalog.format($q$INSERT INTO %s
        SELECT x.source, x.citizen_id, pg_catalog.min(x.d) - $2
          FROM (SELECT coalesce(n.citizen_id, o.citizen_id) AS citizen_id,
                       CASE WHEN o.citizen_id IS NULL THEN n.start_date
                            WHEN n.citizen_id IS NULL THEN o.start_date
                            WHEN (pg_catalog.to_jsonb(o) - 'end_date' - 'exit_reason')
                                 OPERATOR(pg_catalog.<>) (pg_catalog.to_jsonb(n) - 'end_date' - 'exit_reason')
                              OR (o.end_date IS NULL AND n.end_date IS NULL)
                                 THEN LEAST(o.start_date, n.start_date)
                            ELSE LEAST(coalesce(o.end_date, n.end_date), coalesce(n.end_date, o.end_date))
                       END AS d,
                       coalesce(LEAST(o.start_date, n.start_date), n.start_date, o.start_date) AS span_from
                  FROM old_rows o
                  FULL JOIN new_rows n ON n.citizen_id = o.citizen_id AND n.source_id = o.source_id
                 WHERE o.citizen_id IS NULL OR n.citizen_id IS NULL
                    OR pg_catalog.to_jsonb(o) OPERATOR(pg_catalog.<>) pg_catalog.to_jsonb(n)) c
         CROSS JOIN LATERAL (VALUES ($1, c.citizen_id, c.d),
                                    ('intervention_span', c.citizen_id, c.span_from)) AS x(source, citizen_id, d)
         WHERE x.source = $1 OR $1 = 'intervention'
         GROUP BY x.source, x.citizen_id$q$, v_site.target)
          USING v_site.table_name, v_pad;
    END IF;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION employment_kpi_internal.bi_track_range() IS
'Statement trigger (with transition tables old_rows/new_rows) on support_spell, intervention and case_assignment: records in bi_change, per citizen, the earliest date the statement''s changes can affect; TRUNCATE records a change of everything. An update of offers also records source intervention_span with the offers'' start dates (an offer''s cost is spread over all its days, so a new end date changes every month since its start).';

-- The other tables.  Conversations, bookings and budgets: each row carries
-- one date, and a statement changes the figures from the earliest date of
-- the rows it touched (old and new) on: per citizen for conversations (the
-- date held), once for bookings (the booking date) and budgets (1 January
-- of the fiscal year).  Settings and organisation: everything.
CREATE OR REPLACE FUNCTION employment_kpi_internal.bi_track_other()
RETURNS trigger
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_site record := employment_kpi_internal.bi_trigger_site(TG_RELID, TG_TABLE_NAME);
    v_tbl  text := v_site.table_name;
    -- the date of a row r of the table; NULL: a setting
    v_date text := CASE WHEN v_tbl = 'conversation' THEN 'r.held_on'
                        WHEN v_tbl = 'expense' THEN 'r.booked_on'
                        WHEN v_tbl IN ('budget', 'budget_month') THEN 'pg_catalog.make_date(r.fiscal_year, 1, 1)'
                   END;
BEGIN
    IF v_site.target IS NULL THEN
        NULL;
    ELSIF TG_LEVEL = 'ROW' AND v_tbl = 'config'
       AND (pg_catalog.to_jsonb(OLD) - 'suppression_k' - 'seeded')
           OPERATOR(pg_catalog.=) (pg_catalog.to_jsonb(NEW) - 'suppression_k' - 'seeded') THEN
        EXECUTE pg_catalog.format('INSERT INTO %s VALUES (''config_suppression_k'', NULL, ''-infinity'')', v_site.target);
    ELSIF TG_OP = 'TRUNCATE' OR v_date IS NULL THEN
        EXECUTE pg_catalog.format('INSERT INTO %s VALUES ($1, NULL, ''-infinity'')', v_site.target) USING v_tbl;
    ELSE
        -- (grouped, so a statement that touched no row records nothing)
        EXECUTE pg_catalog.format('INSERT INTO %s
                                   SELECT %L, %s, pg_catalog.min(%s) FROM (%s) r GROUP BY 2',
                                  v_site.target, v_tbl,
                                  CASE WHEN v_tbl = 'conversation' THEN 'r.citizen_id' ELSE 'NULL::text' END,
                                  v_date,
                                  CASE TG_OP WHEN 'INSERT' THEN 'SELECT * FROM new_rows'
                                             WHEN 'DELETE' THEN 'SELECT * FROM old_rows'
                                             ELSE 'SELECT * FROM new_rows UNION ALL SELECT * FROM old_rows' END);
    END IF;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION employment_kpi_internal.bi_track_other() IS
'Trigger on conversation (records per citizen the earliest conversation date touched), expense, budget and budget_month (the earliest booking date or the first day of the earliest fiscal year touched), and on the settings and organisation tables config, team, caseworker, contact_rule, refund_rate, citizen_group and intervention_type (a change of everything; on config a change of suppression_k alone is recorded as source config_suppression_k).';

-- Transition tables need one trigger per event.
CREATE OR REPLACE FUNCTION employment_kpi_internal.bi_install_triggers(tbl text, fn text)
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    EXECUTE pg_catalog.format('CREATE OR REPLACE TRIGGER bi_track_ins AFTER INSERT ON employment_kpi.%I '
                              'REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION employment_kpi_internal.%I()', tbl, fn);
    EXECUTE pg_catalog.format('CREATE OR REPLACE TRIGGER bi_track_upd AFTER UPDATE ON employment_kpi.%I '
                              'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION employment_kpi_internal.%I()', tbl, fn);
    EXECUTE pg_catalog.format('CREATE OR REPLACE TRIGGER bi_track_del AFTER DELETE ON employment_kpi.%I '
                              'REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION employment_kpi_internal.%I()', tbl, fn);
    EXECUTE pg_catalog.format('CREATE OR REPLACE TRIGGER bi_track_trunc AFTER TRUNCATE ON employment_kpi.%I '
                              'FOR EACH STATEMENT EXECUTE FUNCTION employment_kpi_internal.%I()', tbl, fn);
    EXECUTE pg_catalog.format('COMMENT ON TRIGGER bi_track_ins ON employment_kpi.%I IS %L', tbl,
                              'BI change tracking: records the earliest date inserted rows affect (bi_change).');
    EXECUTE pg_catalog.format('COMMENT ON TRIGGER bi_track_upd ON employment_kpi.%I IS %L', tbl,
                              'BI change tracking: records the earliest date updated rows (old and new) affect (bi_change).');
    EXECUTE pg_catalog.format('COMMENT ON TRIGGER bi_track_del ON employment_kpi.%I IS %L', tbl,
                              'BI change tracking: records the earliest date deleted rows affected (bi_change).');
    EXECUTE pg_catalog.format('COMMENT ON TRIGGER bi_track_trunc ON employment_kpi.%I IS %L', tbl,
                              'BI change tracking: a TRUNCATE means every BI relation reading the table is rebuilt.');
END
$$;

COMMENT ON FUNCTION employment_kpi_internal.bi_install_triggers(text, text) IS
'Internal (install script): creates the four change-tracking statement triggers (insert, update, delete with transition tables; truncate) on a table of the extension.';

SELECT employment_kpi_internal.bi_install_triggers(t.tbl, 'bi_track_range')
  FROM pg_catalog.unnest('{support_spell,intervention,case_assignment}'::text[]) AS t(tbl);
SELECT employment_kpi_internal.bi_install_triggers(t.tbl, 'bi_track_other')
  FROM pg_catalog.unnest('{conversation,expense,budget,budget_month}'::text[]) AS t(tbl);

-- Settings and organisation: any change means everything (no transition
-- tables needed).  config, per row: a change of suppression_k alone is
-- recorded as source config_suppression_k (kpi_group_week applies it when
-- read and ignores it; relations that store suppressed figures rebuild),
-- any other change as config.
CREATE OR REPLACE TRIGGER bi_track AFTER UPDATE ON employment_kpi.config
    FOR EACH ROW
    WHEN ((pg_catalog.to_jsonb(OLD) - 'seeded') OPERATOR(pg_catalog.<>) (pg_catalog.to_jsonb(NEW) - 'seeded'))
    EXECUTE FUNCTION employment_kpi_internal.bi_track_other();
CREATE OR REPLACE TRIGGER bi_track_ins AFTER INSERT OR DELETE OR TRUNCATE ON employment_kpi.config
    FOR EACH STATEMENT EXECUTE FUNCTION employment_kpi_internal.bi_track_other();
COMMENT ON TRIGGER bi_track ON employment_kpi.config IS 'BI change tracking: a changed setting means the BI relations using it are rebuilt (suppression_k alone: source config_suppression_k).';
COMMENT ON TRIGGER bi_track_ins ON employment_kpi.config IS 'BI change tracking: an inserted, deleted or truncated settings row means a rebuild.';

-- The other tables: one statement trigger each (the catalogues too:
-- output_ratios has a row per group and offer type).
DO $do$
DECLARE
    v_tbl record;
BEGIN
    FOR v_tbl IN
        SELECT * FROM (VALUES
            ('team', 'changed teams mean the BI relations using them are rebuilt.'),
            ('caseworker', 'changed caseworkers mean the BI relations using them are rebuilt.'),
            ('contact_rule', 'changed contact rules mean the BI relations using them are rebuilt.'),
            ('refund_rate', 'a changed refund staircase means the BI relations using it are rebuilt.'),
            ('citizen_group', 'a new or changed target group means the BI relations with a row per group are rebuilt.'),
            ('intervention_type', 'a new or changed offer type means the BI relations with a row per type are rebuilt.')
        ) AS t(name, what)
    LOOP
        EXECUTE pg_catalog.format('CREATE OR REPLACE TRIGGER bi_track AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE '
                                  'ON employment_kpi.%I FOR EACH STATEMENT EXECUTE FUNCTION employment_kpi_internal.bi_track_other()',
                                  v_tbl.name);
        EXECUTE pg_catalog.format('COMMENT ON TRIGGER bi_track ON employment_kpi.%I IS %L', v_tbl.name,
                                  'BI change tracking: ' || v_tbl.what);
    END LOOP;
END
$do$;
