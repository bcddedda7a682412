-- The access layer, part 3: the grants, run by the installing superuser (no
-- role is created at install time): grant_reader, grant_leader,
-- grant_analyst and grant_bi_views.  Everything that reads citizen-level
-- data has EXECUTE revoked from PUBLIC.

-- Creates the group role on first use and makes role_name a member of it.
CREATE OR REPLACE FUNCTION employment_kpi_internal.grant_group(role_name name, group_name name, description text)
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles AS r WHERE r.rolname = group_name) THEN
        EXECUTE format('CREATE ROLE %I NOLOGIN', group_name);
        EXECUTE format('COMMENT ON ROLE %I IS %L', group_name, description);
    END IF;
    IF role_name <> group_name AND NOT pg_catalog.pg_has_role(role_name, group_name, 'MEMBER') THEN
        EXECUTE format('GRANT %I TO %I', group_name, role_name);
    END IF;
END
$$;
COMMENT ON FUNCTION employment_kpi_internal.grant_group(name, name, text) IS
'Internal, for the grant functions: creates the NOLOGIN group role group_name with the description on first use and grants it to role_name (unless it is the group itself or already a member).';

CREATE OR REPLACE FUNCTION employment_kpi.grant_reader(role_name name)
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF role_name IS NULL OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles AS r WHERE r.rolname = role_name) THEN
        RAISE EXCEPTION 'role % does not exist', coalesce(quote_ident(role_name), 'NULL')
            USING ERRCODE = 'undefined_object';
    END IF;
    PERFORM employment_kpi_internal.grant_group(role_name, 'employment_kpi_reader',
        'employment_kpi: may call the scorecard functions (team and municipality totals; caseworker rows need a team leader role or employment_kpi_analyst).');
    GRANT USAGE ON SCHEMA employment_kpi TO employment_kpi_reader;
    GRANT EXECUTE ON FUNCTION employment_kpi.caseworker_week(date, date, int),
                              employment_kpi.team_week(date, date, int),
                              employment_kpi.caseworker_conversations(date, date),
                              employment_kpi.peer_sparring(text, text, int, int, date),
                              employment_kpi.portfolio_compliance(date, date, text)
          TO employment_kpi_reader;
    -- and the kpi_* views (created later in the install script, by the BI layer)
    PERFORM employment_kpi.grant_bi_views();
END
$$;
COMMENT ON FUNCTION employment_kpi.grant_reader(name) IS
'Makes role_name a scorecard reader: creates the NOLOGIN group role employment_kpi_reader on first use, grants it USAGE on the schema, EXECUTE on caseworker_week, team_week, caseworker_conversations, peer_sparring and portfolio_compliance and SELECT on every kpi_* BI view (grant_bi_views()), and grants it to role_name. A reader sees team_week; caseworker rows need grant_leader or grant_analyst. Run by the installing superuser (or a role with CREATEROLE that owns the functions); unknown role: undefined_object (42704).';

CREATE OR REPLACE FUNCTION employment_kpi.grant_leader(role_name name, team_id text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM employment_kpi.grant_reader(role_name);
    IF team_id IS NOT NULL THEN
        UPDATE employment_kpi.team AS t SET leader_role = role_name WHERE t.team_id = grant_leader.team_id;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'unknown team %', quote_literal(team_id)
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    END IF;
END
$$;
COMMENT ON FUNCTION employment_kpi.grant_leader(name, text) IS
'Makes role_name a team leader (teamleder): grant_reader(role_name) and, when team_id is given, sets that team''s leader_role to role_name. A role that is (a member of) a team''s leader_role sees the caseworker rows of that team. Unknown team: invalid_parameter_value (22023).';

CREATE OR REPLACE FUNCTION employment_kpi.grant_analyst(role_name name)
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM employment_kpi.grant_reader(role_name);
    PERFORM employment_kpi_internal.grant_group(role_name, 'employment_kpi_analyst',
        'employment_kpi: sees the caseworker scorecards of every team.');
    -- (the reader role exists: grant_reader made it)
    PERFORM employment_kpi_internal.grant_group('employment_kpi_analyst', 'employment_kpi_reader', NULL);
    PERFORM employment_kpi.grant_bi_views();
END
$$;
COMMENT ON FUNCTION employment_kpi.grant_analyst(name) IS
'Makes role_name an analyst: grant_reader(role_name), creates the NOLOGIN group role employment_kpi_analyst on first use (a member of employment_kpi_reader), grants the kpi_* BI views to it (grant_bi_views()) and grants it to role_name. Analysts see every caseworker''s rows. Run by the installing superuser.';

-- Everything that reads citizen-level data, and the grant helpers, is not
-- for PUBLIC.

-------------------------------------------------------------------------------
-- Granting readers
-------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION employment_kpi.grant_bi_views()
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_role  text;
    v_view  text;
    v_fn    text;
    v_n     bigint := 0;
BEGIN
    FOR v_role IN SELECT r.rolname FROM pg_catalog.pg_roles r
                   WHERE r.rolname IN ('employment_kpi_reader', 'employment_kpi_analyst') ORDER BY 1 LOOP
        EXECUTE pg_catalog.format('GRANT USAGE ON SCHEMA employment_kpi TO %I', v_role);
        FOR v_view IN SELECT c.relname FROM pg_catalog.pg_class c
                       WHERE c.relnamespace = 'employment_kpi'::regnamespace AND c.relkind = 'v'
                         AND c.relname LIKE 'kpi\_%' ORDER BY 1 LOOP
            EXECUTE pg_catalog.format('GRANT SELECT ON employment_kpi.%I TO %I', v_view, v_role);
            v_n := v_n + 1;
        END LOOP;
        -- A view calls its functions with the rights of the role reading it:
        -- the internal helpers the kpi_* views call (read from the catalogue,
        -- so a new one is found) are granted with them; no one else may run
        -- them (final/privileges.sql).
        FOR v_fn IN SELECT DISTINCT d.refobjid::regprocedure::text
                      FROM pg_catalog.pg_depend d
                      JOIN pg_catalog.pg_rewrite w ON w.oid = d.objid
                      JOIN pg_catalog.pg_class c ON c.oid = w.ev_class
                      JOIN pg_catalog.pg_proc p ON p.oid = d.refobjid
                     WHERE d.classid = 'pg_catalog.pg_rewrite'::regclass
                       AND d.refclassid = 'pg_catalog.pg_proc'::regclass
                       AND c.relnamespace = 'employment_kpi'::regnamespace AND c.relname LIKE 'kpi\_%'
                       AND p.pronamespace = 'employment_kpi_internal'::regnamespace
                     ORDER BY 1 LOOP
            EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION %s TO %I', v_fn, v_role);
        END LOOP;
    END LOOP;
    RETURN v_n;
END
$fn$;

COMMENT ON FUNCTION employment_kpi.grant_bi_views() IS
'Grants USAGE on the schema and SELECT on every kpi_* view to the group roles employment_kpi_reader and employment_kpi_analyst, where they exist (grant_reader / grant_analyst / grant_leader create them), with EXECUTE on the internal helpers those views call (a view calls functions with the reader''s rights), and returns the number of view grants. Readers get nothing on mv_* or the base tables: the views read those with their owner''s rights and filter rows by the reader''s role. Run it again after adding kpi_* views.';

REVOKE EXECUTE ON FUNCTION employment_kpi.grant_bi_views() FROM PUBLIC;

REVOKE EXECUTE ON FUNCTION employment_kpi_internal.scorecard_raw(date, date, int),
                           employment_kpi_internal.scorecard_rows(date, date, int, boolean),
                           employment_kpi_internal.scorecard_mix(date, date),
                           employment_kpi.caseworker_week(date, date, int),
                           employment_kpi.team_week(date, date, int),
                           employment_kpi.caseworker_conversations(date, date),
                           employment_kpi.peer_sparring(text, text, int, int, date),
                           employment_kpi.portfolio_compliance(date, date, text),
                           employment_kpi_internal.timeliness_windows(date, date),
                           employment_kpi.grant_reader(name),
                           employment_kpi.grant_leader(name, text),
                           employment_kpi.grant_analyst(name),
                           employment_kpi_internal.caseworker_teams(),
                           employment_kpi_internal.require_reader(text),
                           employment_kpi_internal.grant_group(name, name, text)
       FROM PUBLIC;
