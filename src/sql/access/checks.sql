-- Who is calling.  Inside a SECURITY DEFINER function current_user is the
-- owner, so rights are taken from session_user (the role that logged in or
-- was set by SET SESSION AUTHORIZATION); membership is checked with
-- pg_has_role(..., 'MEMBER'), so a login role holding a leader role counts.
CREATE OR REPLACE FUNCTION employment_kpi.scorecard_access(OUT is_analyst boolean, OUT leader_teams text[])
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT (SELECT r.rolsuper FROM pg_catalog.pg_roles AS r WHERE r.rolname = session_user)
           OR (EXISTS (SELECT 1 FROM pg_catalog.pg_roles AS r WHERE r.rolname = 'employment_kpi_analyst')
               AND pg_catalog.pg_has_role(session_user, 'employment_kpi_analyst', 'MEMBER')),
           coalesce((SELECT pg_catalog.array_agg(t.team_id ORDER BY t.team_id)
                       FROM employment_kpi.team AS t
                       JOIN pg_catalog.pg_roles AS r ON r.rolname = t.leader_role
                      WHERE pg_catalog.pg_has_role(session_user, r.oid, 'MEMBER')),
                    '{}')
$$;
COMMENT ON FUNCTION employment_kpi.scorecard_access() IS
'Internal: the rights of session_user in the scorecards: is_analyst (superuser or member of employment_kpi_analyst) and leader_teams (teams whose leader_role session_user is a member of).';

-- Small-cell suppression (diskretionering): 1..k-1 become NULL.
CREATE OR REPLACE FUNCTION employment_kpi.bi_suppress(n bigint, k int)
RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT CASE WHEN n > 0 AND n < k THEN NULL ELSE n END $$;

COMMENT ON FUNCTION employment_kpi.bi_suppress(bigint, int) IS
'Small-cell suppression (diskretionering) of a count of persons: counts from 1 to k - 1 become NULL; 0, counts >= k and NULL pass unchanged.';

CREATE OR REPLACE FUNCTION employment_kpi.bi_is_small(n bigint, k int)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT coalesce(n > 0 AND n < k, false) $$;

COMMENT ON FUNCTION employment_kpi.bi_is_small(bigint, int) IS
'True when a count of persons is suppressed by bi_suppress (1 <= n < k).';

-- The last day the BI relations cover: the latest fact, but never after today.

-------------------------------------------------------------------------------
-- Reader roles
--
-- The group roles employment_kpi_reader and employment_kpi_analyst and the
-- teams' leader_role roles are created by grant_reader/grant_analyst/
-- grant_leader (scorecards), never by the install script, so every check
-- looks the role up in pg_roles first (a missing role is simply not held).
-------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION employment_kpi.bi_has_role(role_name text)
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT coalesce((SELECT pg_catalog.pg_has_role(r.oid, 'MEMBER')
                       FROM pg_catalog.pg_roles r WHERE r.rolname = role_name), false)
$$;

COMMENT ON FUNCTION employment_kpi.bi_has_role(text) IS
'True when the current user is a member (directly or through other roles; superusers always) of the named role; false when the role does not exist or is NULL.';

CREATE OR REPLACE FUNCTION employment_kpi.bi_is_analyst()
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT employment_kpi.bi_has_role('employment_kpi_analyst')
        OR pg_catalog.pg_has_role((SELECT n.nspowner FROM pg_catalog.pg_namespace n
                                    WHERE n.nspname = 'employment_kpi'), 'MEMBER')
$$;

COMMENT ON FUNCTION employment_kpi.bi_is_analyst() IS
'True when the current user holds employment_kpi_analyst (granted by grant_analyst) or owns the extension''s schema (the installing role; superusers always): sees every row of every kpi_* view, caseworker rows included.';

CREATE OR REPLACE FUNCTION employment_kpi.bi_is_reader()
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT employment_kpi.bi_has_role('employment_kpi_reader') OR employment_kpi.bi_is_analyst()
$$;

COMMENT ON FUNCTION employment_kpi.bi_is_reader() IS
'True when the current user holds employment_kpi_reader or is an analyst (bi_is_analyst()): sees the aggregate kpi_* rows (target groups, teams, municipality, budget, effects). A team leader sees them when the leader role was granted employment_kpi_reader (grant_leader).';
