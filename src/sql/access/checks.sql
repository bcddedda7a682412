-- The access layer, part 1: the one definition of who may see what, and of
-- small-cell suppression.  Every view and function of the later layers
-- asks these functions; none repeats their logic.
--
-- Whose rights count: session_user, the role that logged in (or was set by
-- SET SESSION AUTHORIZATION).  Inside the SECURITY DEFINER scorecard
-- functions current_user is the functions' owner, so current_user cannot
-- tell who called; session_user can, and it is the same role in a view, in
-- a function and in a BI tool's connection.  SET ROLE does not change it:
-- an application that logs in as one role and SET ROLEs to its users gets
-- the rights of the login role.  Membership counts through other roles
-- (pg_has_role(..., 'MEMBER')), so a login role holding a group role has
-- its rights.
--
-- The roles employment_kpi_reader and employment_kpi_analyst and the teams'
-- leader_role roles are created by grant_reader / grant_analyst /
-- grant_leader (access/grants.sql), never by the install script, so every
-- check looks the role up first (a missing role is simply not held).
--
-- The three checks are SECURITY DEFINER: views call them as the reader,
-- who may not read employment_kpi.team; they reveal only the rights of the
-- caller.

CREATE OR REPLACE FUNCTION employment_kpi.is_analyst()
RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT coalesce((SELECT r.rolsuper FROM pg_catalog.pg_roles AS r WHERE r.rolname = session_user), false)
        OR pg_catalog.pg_has_role(session_user,
                                  (SELECT n.nspowner FROM pg_catalog.pg_namespace AS n
                                    WHERE n.nspname = 'employment_kpi'), 'MEMBER')
        OR coalesce((SELECT pg_catalog.pg_has_role(session_user, r.oid, 'MEMBER')
                       FROM pg_catalog.pg_roles AS r WHERE r.rolname = 'employment_kpi_analyst'), false)
$$;

COMMENT ON FUNCTION employment_kpi.is_analyst() IS
'True when the session user is an analyst: a superuser, a member of the role owning the extension''s schema (the installing role), or a member of employment_kpi_analyst (grant_analyst). Analysts see every row of every kpi_* view and every caseworker''s scorecard. Rights are those of session_user (see docs/access.md).';

CREATE OR REPLACE FUNCTION employment_kpi.is_reader()
RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT employment_kpi.is_analyst()
        OR coalesce((SELECT pg_catalog.pg_has_role(session_user, r.oid, 'MEMBER')
                       FROM pg_catalog.pg_roles AS r WHERE r.rolname = 'employment_kpi_reader'), false)
$$;

COMMENT ON FUNCTION employment_kpi.is_reader() IS
'True when the session user is a reader: a member of employment_kpi_reader (grant_reader, also given by grant_leader and grant_analyst) or an analyst. Readers see the aggregate kpi_* rows (target groups, teams, the municipality, budget, effects), suppressed.';

CREATE OR REPLACE FUNCTION employment_kpi.leader_teams()
RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT coalesce(pg_catalog.array_agg(t.team_id ORDER BY t.team_id), '{}')
      FROM employment_kpi.team AS t
      JOIN pg_catalog.pg_roles AS r ON r.rolname = t.leader_role
     WHERE pg_catalog.pg_has_role(session_user, r.oid, 'MEMBER')
$$;

COMMENT ON FUNCTION employment_kpi.leader_teams() IS
'The teams the session user leads: those whose team.leader_role it is a member of (grant_leader sets it), in team_id order; empty when none. A team leader sees the caseworker rows of these teams.';

-- The functions that show team and municipality totals (team_week,
-- portfolio_compliance) serve readers and team leaders; anyone else gets
-- 42501 rather than an empty result.
CREATE OR REPLACE FUNCTION employment_kpi_internal.require_reader(what text)
RETURNS void
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT employment_kpi.is_reader() AND pg_catalog.cardinality(employment_kpi.leader_teams()) = 0 THEN
        RAISE EXCEPTION 'permission denied for %', what
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Role %s is not a member of employment_kpi_reader.', session_user),
                  HINT = 'The installing superuser runs employment_kpi.grant_reader(role).';
    END IF;
END
$$;

COMMENT ON FUNCTION employment_kpi_internal.require_reader(text) IS
'Internal, for the functions showing team and municipality totals: raises insufficient_privilege (42501), permission denied for <what>, unless the session user is a reader (is_reader()) or leads a team (leader_teams()).';

-- Small-cell suppression (diskretionering).  The threshold is
-- suppression_k() (model/rules.sql).
CREATE OR REPLACE FUNCTION employment_kpi.suppress_count(n bigint, k int)
RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT CASE WHEN n > 0 AND n < k THEN NULL ELSE n END $$;

COMMENT ON FUNCTION employment_kpi.suppress_count(bigint, int) IS
'Small-cell suppression (diskretionering) of a count of persons: counts from 1 to k - 1 become NULL; 0, counts >= k and NULL pass unchanged. k is normally suppression_k().';

CREATE OR REPLACE FUNCTION employment_kpi.is_small_cell(n bigint, k int)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT coalesce(n > 0 AND n < k, false) $$;

COMMENT ON FUNCTION employment_kpi.is_small_cell(bigint, int) IS
'True when a count of persons is suppressed by suppress_count (1 <= n < k).';

-- Complementary suppression (sekundær diskretionering).  Hiding the small
-- cells alone is not enough when a total is shown: the total minus the
-- shown siblings gives back a lone hidden cell, and the sum of hidden cells
-- that are all 1 gives each of them back.  One rule for every kpi_* view
-- that shows counts of persons under a total: within one sibling set (the
-- cells of one measure under one total, e.g. the target groups of a week
-- under the municipality), while the total is shown, the hidden cells must
-- be at least two and their sum (what the total minus the shown cells
-- reveals) must exceed their number; otherwise the smallest shown non-zero
-- sibling is hidden too (a shown 0 is never hidden: hiding it would not
-- protect, since an attacker may take any hidden cell to be 0 or more),
-- and when no such sibling is left the total itself.  A hidden total
-- (forced by a sibling set of another breakdown of the same total) needs at
-- least one hidden cell in every breakdown, or the shown cells would add up
-- to it.  Counts may arrive already hidden (NULL); the sum of the hidden
-- cells is then taken, like the attacker takes it, as the total minus the
-- shown cells.  The cells are persons, so a cell of 1 .. k - 1 is small
-- (is_small_cell).  Cells the viewer knows anyway (shown: a team leader's
-- own team) count as shown, small or not, and are never hidden.
CREATE OR REPLACE FUNCTION employment_kpi_internal.complementary_suppression(
    keys text[], counts bigint[], total bigint, k int, total_hidden boolean DEFAULT false,
    shown text[] DEFAULT '{}')
RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    n        int := coalesce(pg_catalog.cardinality(keys), 0);
    hid      boolean[];
    t_hid    boolean := coalesce(total_hidden, false) OR total IS NULL
                        OR employment_kpi.is_small_cell(total, k);
    s        int;
    r        numeric;
    pick     int;
    res      text[] := '{}';
BEGIN
    IF n <> coalesce(pg_catalog.cardinality(counts), 0) THEN
        RAISE EXCEPTION 'complementary_suppression: % keys but % counts', n, coalesce(pg_catalog.cardinality(counts), 0)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    hid := pg_catalog.array_fill(false, ARRAY[n]);
    FOR i IN 1 .. n LOOP
        hid[i] := NOT coalesce(keys[i] = ANY (shown), false)
                  AND (counts[i] IS NULL OR employment_kpi.is_small_cell(counts[i], k));
    END LOOP;
    LOOP
        s := 0;
        r := total;
        FOR i IN 1 .. n LOOP
            IF hid[i] THEN
                s := s + 1;
            ELSE
                r := r - counts[i];
            END IF;
        END LOOP;
        -- safe: nothing hidden under a shown total; or the total hidden and
        -- not recoverable from this breakdown; or two or more hidden cells
        -- whose sum does not force each to 1
        EXIT WHEN (NOT t_hid AND s = 0)
               OR (t_hid AND s > 0)
               OR (NOT t_hid AND s >= 2 AND r <> s);
        pick := NULL;
        FOR i IN 1 .. n LOOP
            IF NOT hid[i] AND counts[i] > 0 AND NOT coalesce(keys[i] = ANY (shown), false)
               AND (pick IS NULL OR counts[i] < counts[pick] OR (counts[i] = counts[pick] AND keys[i] < keys[pick])) THEN
                pick := i;
            END IF;
        END LOOP;
        IF pick IS NOT NULL THEN
            hid[pick] := true;
        ELSIF t_hid THEN
            EXIT;                        -- nothing non-zero shown: the shown cells are 0
        ELSE
            t_hid := true;
        END IF;
    END LOOP;
    FOR i IN 1 .. n LOOP
        IF hid[i] THEN
            res := res || keys[i];
        END IF;
    END LOOP;
    IF t_hid THEN
        res := res || ''::text;
    END IF;
    RETURN res;
END
$$;

COMMENT ON FUNCTION employment_kpi_internal.complementary_suppression(text[], bigint[], bigint, int, boolean, text[]) IS
'Internal: small-cell and complementary suppression of one sibling set: keys and counts of the cells of one measure under one total (a NULL count is already hidden), the total, the threshold k (suppression_k()) and whether the total is hidden already (by another breakdown of it). Returns the keys to hide, with the empty string for the total: the small cells (is_small_cell), and, while the total is shown and the hidden cells are fewer than two or all 1 (their sum, the total minus the shown cells, equals their number), the smallest shown non-zero sibling, else the total. A hidden total keeps at least one hidden cell in the set. The keys in shown (cells the viewer knows: a team leader''s own team, with their true counts) count as shown and are never hidden. The kpi_* views apply it to what readers and team leaders see (docs/access.md).';
