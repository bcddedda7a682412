-- Target groups over time: which group a spell's group is reported as on a
-- day (citizen_group_map, reform_storage.sql).
--
--   reporting_group(group_code, as_of)   the group as of one day
--   reporting_groups()                   every group's periods, for joins
--
-- A time series by group reads across a change of the groups (the 2027
-- reform) in one of two ways: with as_of = the week, each week counts
-- under the groups of that week (the old groups before the change, the new
-- ones after); with one fixed as_of for every week (e.g. 'infinity', the
-- latest groups), the whole history is restated in one set of groups.

-- One hop of the map: the group code is reported as on as_of, or NULL when
-- no row of the group is in force (the group is then reported as itself).
CREATE OR REPLACE FUNCTION employment_kpi_internal.group_map_hop(group_code text, as_of date)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT m.mapped_group_code
      FROM employment_kpi.citizen_group_map AS m
     WHERE m.group_code OPERATOR(pg_catalog.=) group_map_hop.group_code
       AND m.valid_from OPERATOR(pg_catalog.<=) as_of
     ORDER BY m.valid_from DESC
     LIMIT 1
$$;

COMMENT ON FUNCTION employment_kpi_internal.group_map_hop(text, date) IS
'Internal: the mapped_group_code of the citizen_group_map row of group_code in force on as_of (the latest valid_from <= as_of), NULL when there is none.';

-- SECURITY DEFINER: readers of the kpi_* views may call it on their rows
-- without reading the reference tables; it reveals only group codes.
CREATE OR REPLACE FUNCTION employment_kpi.reporting_group(group_code text, as_of date)
RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    g     text := group_code;
    nxt   text;
    seen  text[];
BEGIN
    IF as_of IS NULL THEN
        RAISE EXCEPTION 'reporting_group: as_of must not be NULL'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Use ''infinity'' for the latest groups.';
    END IF;
    IF g IS NULL THEN
        RETURN NULL;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM employment_kpi.citizen_group AS c WHERE c.group_code = g) THEN
        RAISE EXCEPTION 'reporting_group: unknown group_code %', quote_literal(g)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- (A cycle is not refused when the map is written: a restore passes
    -- through states where the re-created seed rows and the user's rows
    -- coexist, and must not fail on them.)
    seen := ARRAY[g];
    LOOP
        nxt := employment_kpi_internal.group_map_hop(g, as_of);
        EXIT WHEN nxt IS NULL OR nxt = g;
        IF nxt = ANY (seen) THEN
            RAISE EXCEPTION 'reporting_group: citizen_group_map forms a cycle on %: %', as_of,
                            array_to_string(seen || nxt, ' -> ')
                USING ERRCODE = 'data_exception',
                      HINT = 'Edit citizen_group_map so that no group is mapped back to a group it comes from.';
        END IF;
        seen := seen || nxt;
        g := nxt;
    END LOOP;
    RETURN g;
END
$$;

COMMENT ON FUNCTION employment_kpi.reporting_group(text, date) IS
'The target group a spell of group_code is reported under on the day as_of: follows citizen_group_map (the row of the group with the latest valid_from <= as_of, then the same for the group it maps to, and so on); a group without such a row is reported as itself. With as_of = a week''s Monday a series counts each week under the groups of that week; with one fixed as_of for all weeks (''infinity'' = the latest groups, e.g. the five groups of the 2027 reform) it restates the whole history in one set of groups. NULL group_code gives NULL (a total row stays a total); NULL as_of or an unknown group_code raise 22023, a mapping that leads back to a group it came from raises 22000.';

CREATE OR REPLACE FUNCTION employment_kpi.reporting_groups()
RETURNS TABLE (group_code text, valid_from date, valid_until date, reporting_group text)
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    WITH b AS (
        -- the reporting group can change only where a mapping starts
        SELECT '-infinity'::date AS d
        UNION
        SELECT m.valid_from FROM employment_kpi.citizen_group_map AS m
    ), x AS (
        SELECT g.group_code, b.d, employment_kpi.reporting_group(g.group_code, b.d) AS rg
          FROM employment_kpi.citizen_group AS g CROSS JOIN b
    ), y AS (
        SELECT x.group_code, x.d, x.rg,
               pg_catalog.lag(x.rg) OVER (PARTITION BY x.group_code ORDER BY x.d) AS prev
          FROM x
    )
    SELECT y.group_code, y.d,
           coalesce(pg_catalog.lead(y.d) OVER (PARTITION BY y.group_code ORDER BY y.d), 'infinity'::date),
           y.rg
      FROM y
     WHERE y.prev IS DISTINCT FROM y.rg
     ORDER BY 1, 2
$$;

COMMENT ON FUNCTION employment_kpi.reporting_groups() IS
'For every target group the periods over which reporting_group gives one answer: group_code is reported as reporting_group on the days valid_from <= day < valid_until (the first period starts at -infinity, the last ends at infinity). The set form of reporting_group, for joining many rows at once: a week w of group g counts under the row with g = group_code and valid_from <= w < valid_until.';
