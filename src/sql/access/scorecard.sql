-- The access layer, part 2: the scorecard API, SECURITY DEFINER functions
-- that check the caller (checks.sql) and return what that role may see:
-- caseworker_week, team_week, caseworker_conversations, peer_sparring.

-- The teams whose caseworker rows the session user may see: NULL = every
-- team (an analyst), else the teams it leads; anyone else gets 42501.
CREATE OR REPLACE FUNCTION employment_kpi_internal.caseworker_teams()
RETURNS text[]
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_teams text[];
BEGIN
    IF employment_kpi.is_analyst() THEN
        RETURN NULL;
    END IF;
    v_teams := employment_kpi.leader_teams();
    IF pg_catalog.cardinality(v_teams) = 0 THEN
        RAISE EXCEPTION 'permission denied for caseworker scorecards'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = format('Role %s is neither a member of employment_kpi_analyst nor the leader_role of a team.', session_user),
                  HINT = 'The installing superuser runs employment_kpi.grant_analyst(role) or grant_leader(role, team_id).';
    END IF;
    RETURN v_teams;
END
$$;
COMMENT ON FUNCTION employment_kpi_internal.caseworker_teams() IS
'Internal: the teams whose caseworker rows the session user may see in the scorecard API: NULL = every team (is_analyst()), else leader_teams(); insufficient_privilege (42501) when it may see none.';

CREATE OR REPLACE FUNCTION employment_kpi.caseworker_week(from_week date, to_week date, window_weeks int DEFAULT 13)
RETURNS TABLE (
    week date, team_id text, caseworker_id text, caseload int, conversations_held int, no_shows int,
    in_offer int, activation_rate float8, offers_started int, exits int, transitions int, exits_per_100 float8,
    timeliness float8, portfolio_share float8, exits_expected float8, exits_oe float8,
    exits_flag text, activation_oe float8, activation_flag text, exits_tau2 float8,
    activation_expected float8, activation_tau2 float8, suppressed boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_teams text[];
BEGIN
    PERFORM employment_kpi_internal.scorecard_check_weeks(from_week, to_week, window_weeks);
    v_teams := employment_kpi_internal.caseworker_teams();
    RETURN QUERY
        SELECT s.week, s.team_id, s.caseworker_id, s.caseload, s.conversations_held, s.no_shows, s.in_offer,
               s.activation_rate, s.offers_started, s.exits, s.transitions, s.exits_per_100, s.timeliness,
               s.portfolio_share, s.exits_expected, s.exits_oe, s.exits_flag, s.activation_oe, s.activation_flag,
               s.exits_tau2, s.activation_expected, s.activation_tau2, s.suppressed
          FROM employment_kpi_internal.scorecard_rows(from_week, to_week, window_weeks, false) AS s
         WHERE v_teams IS NULL OR s.team_id = ANY (v_teams)
         ORDER BY s.week, s.team_id, s.caseworker_id;
END
$$;
COMMENT ON FUNCTION employment_kpi.caseworker_week(date, date, int) IS
'Caseworker scorecard (sagsbehandlerscorecard) per ISO week (Monday keys from_week..to_week, both Mondays, else 22023): caseload, conversations, activation, offers started, exits to self-support, transitions to another public benefit (never counted in exits), timeliness (rettidighed: the share of the per-citizen contact-rule windows met), portfolio_share (the caseworker''s contribution to the portfolio rules, which the law judges for the municipality: portfolio_compliance) and mix-adjusted O/E with funnel flags over a rolling window of window_weeks (default 13). Analysts (employment_kpi_analyst) see every caseworker; a team leader (member of a team''s leader_role) sees the caseworkers of their own team(s); anyone else gets insufficient_privilege (42501). Rights are those of session_user. The counts are true (not suppressed: only those who may see the cases get the rows); suppressed is false. No citizen ids. See docs/scorecards.md for the definitions.';

-- The teams' counts of one week as a reader or a team leader may see them:
-- the small cells are hidden already (NULL); complementary_suppression
-- (checks.sql) hides, per measure, what the municipality row minus the
-- shown teams would give back.  known: the teams whose true counts the
-- viewer sees (a leader's own teams; their counts true in the arrays),
-- which an attacker could subtract.  kpi_team_week and team_week() both
-- hide through this.
CREATE OR REPLACE FUNCTION employment_kpi_internal.team_week_hidden(
    team_ids text[], caseload int[], in_offer int[], offers_started int[], exits int[], transitions int[], k int,
    known text[] DEFAULT '{}')
RETURNS TABLE (team_id text, h_caseload boolean, h_in_offer boolean, h_offers_started boolean,
               h_exits boolean, h_transitions boolean)
LANGUAGE plpgsql IMMUTABLE SECURITY DEFINER PARALLEL SAFE
-- (SECURITY DEFINER: the body names the internal schema, which a reader
-- reading kpi_team_week may not look up; PL/pgSQL: its plan is kept for
-- the session, not made again for every week)
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN QUERY
    WITH a AS (
        SELECT u.id, u.cl, u.io, u.os, u.ex, u.tr, u.o
          FROM unnest(team_ids, caseload, in_offer, offers_started, exits, transitions)
               WITH ORDINALITY AS u(id, cl, io, os, ex, tr, o)
    ), h AS (
        -- per measure (1 caseload, 2 in_offer, 3 offers_started, 4 exits,
        -- 5 transitions) the teams hidden under the municipality
        SELECT x.measure,
               employment_kpi_internal.complementary_suppression(
                   pg_catalog.array_agg(a.id ORDER BY a.o) FILTER (WHERE a.id <> ''),
                   pg_catalog.array_agg(x.n::bigint ORDER BY a.o) FILTER (WHERE a.id <> ''),
                   pg_catalog.max(x.n) FILTER (WHERE a.id = ''), k, false, known) AS hidden
          FROM a CROSS JOIN LATERAL (VALUES (1, a.cl), (2, a.io), (3, a.os), (4, a.ex), (5, a.tr)) AS x(measure, n)
         GROUP BY x.measure
    )
    SELECT a.id, a.id = ANY ((SELECT h.hidden FROM h WHERE h.measure = 1)::text[]),
           a.id = ANY ((SELECT h.hidden FROM h WHERE h.measure = 2)::text[]),
           a.id = ANY ((SELECT h.hidden FROM h WHERE h.measure = 3)::text[]),
           a.id = ANY ((SELECT h.hidden FROM h WHERE h.measure = 4)::text[]),
           a.id = ANY ((SELECT h.hidden FROM h WHERE h.measure = 5)::text[])
      FROM a ORDER BY a.o;
END
$$;
COMMENT ON FUNCTION employment_kpi_internal.team_week_hidden(text[], int[], int[], int[], int[], int[], int, text[]) IS
'Internal: for the rows of one week of the team scorecard (team ids, the municipality as the empty string, and their caseload, in_offer, offers_started, exits and transitions, NULL where already suppressed), which counts a reader or team leader may not see: complementary_suppression over the teams under the municipality, per measure, with threshold k; the known teams (a leader''s own, with their true counts) count as shown. Used by kpi_team_week and team_week().';

CREATE OR REPLACE FUNCTION employment_kpi.team_week(from_week date, to_week date, window_weeks int DEFAULT 13)
RETURNS TABLE (
    week date, level text, team_id text, caseworkers int, caseload int, conversations_held int, no_shows int,
    in_offer int, activation_rate float8, offers_started int, exits int, transitions int, exits_per_100 float8,
    timeliness float8, portfolio_share float8, exits_expected float8, exits_oe float8,
    exits_flag text, activation_oe float8, activation_flag text, exits_tau2 float8,
    activation_expected float8, activation_tau2 float8, suppressed boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM employment_kpi_internal.scorecard_check_weeks(from_week, to_week, window_weeks);
    PERFORM employment_kpi_internal.require_reader('team scorecards');
    -- An analyst sees the true counts of every team and the municipality, a
    -- team leader those of the own teams (the sums of their caseworker rows,
    -- which they see anyway); the rest as a reader sees it, without the
    -- cells that the municipality minus the shown and known teams gives
    -- back (team_week_hidden).
    RETURN QUERY
        WITH s AS MATERIALIZED (
            SELECT * FROM employment_kpi_internal.scorecard_rows(from_week, to_week, window_weeks, true)
        ), own AS (
            SELECT o.week, coalesce(o.team_id, '') AS team_id,
                   pg_catalog.sum(o.caseload)::int AS cl, pg_catalog.sum(o.in_offer)::int AS io,
                   pg_catalog.sum(o.offers_started)::int AS os, pg_catalog.sum(o.exits)::int AS ex,
                   pg_catalog.sum(o.transitions)::int AS tr
              FROM employment_kpi_internal.scorecard_rows(from_week, to_week, window_weeks, false) AS o
             WHERE (employment_kpi.is_analyst() OR pg_catalog.cardinality(employment_kpi.leader_teams()) > 0)
               AND (employment_kpi.is_analyst() OR o.team_id = ANY (employment_kpi.leader_teams()))
             GROUP BY GROUPING SETS ((o.week, o.team_id), (o.week))
            HAVING GROUPING(o.team_id) = 0 OR employment_kpi.is_analyst()
        ), v AS (
            SELECT s.*, own.team_id IS NOT NULL AS known,
                   coalesce(own.cl, s.caseload) AS cl, coalesce(own.io, s.in_offer) AS io,
                   coalesce(own.os, s.offers_started) AS os, coalesce(own.ex, s.exits) AS ex,
                   coalesce(own.tr, s.transitions) AS tr
              FROM s LEFT JOIN own ON own.week = s.week AND own.team_id = coalesce(s.team_id, '')
        ), h AS (
            SELECT c.week, w.*
              FROM (SELECT v.week, pg_catalog.array_agg(coalesce(v.team_id, '')) AS ids,
                           pg_catalog.array_agg(v.cl) AS cl, pg_catalog.array_agg(v.io) AS io,
                           pg_catalog.array_agg(v.os) AS os, pg_catalog.array_agg(v.ex) AS ex,
                           pg_catalog.array_agg(v.tr) AS tr,
                           coalesce(pg_catalog.array_agg(coalesce(v.team_id, '')) FILTER (WHERE v.known), '{}') AS known
                      FROM v GROUP BY v.week) c
             CROSS JOIN LATERAL employment_kpi_internal.team_week_hidden(c.ids, c.cl, c.io, c.os, c.ex, c.tr,
                                                                         employment_kpi.suppression_k(), c.known) w
             WHERE NOT employment_kpi.is_analyst()
        )
        SELECT v.week, v.level, v.team_id, v.caseworkers,
               CASE WHEN h.h_caseload THEN NULL ELSE v.cl END,
               v.conversations_held, v.no_shows,
               CASE WHEN h.h_in_offer THEN NULL ELSE v.io END,
               CASE WHEN v.known THEN t.activation_rate WHEN h.h_caseload OR h.h_in_offer THEN NULL
                    ELSE v.activation_rate END,
               CASE WHEN h.h_offers_started THEN NULL ELSE v.os END,
               CASE WHEN h.h_exits THEN NULL ELSE v.ex END,
               CASE WHEN h.h_transitions THEN NULL ELSE v.tr END,
               CASE WHEN v.known THEN t.exits_per_100 WHEN h.h_caseload OR h.h_exits THEN NULL
                    ELSE v.exits_per_100 END,
               v.timeliness, v.portfolio_share, v.exits_expected, v.exits_oe, v.exits_flag, v.activation_oe,
               v.activation_flag, v.exits_tau2, v.activation_expected, v.activation_tau2,
               CASE WHEN v.known
                    -- the counts are true; a figure of the rolling or rule windows may still be hidden
                    THEN v.suppressed AND (v.timeliness IS NULL OR v.portfolio_share IS NULL OR v.exits_oe IS NULL)
                    ELSE v.suppressed OR coalesce(h.h_caseload OR h.h_in_offer OR h.h_offers_started OR h.h_exits
                                                  OR h.h_transitions, false) END
          FROM v
          LEFT JOIN h ON h.week = v.week AND h.team_id = coalesce(v.team_id, '')
          -- the rates of the true counts, as scorecard_cells defines them
         CROSS JOIN LATERAL employment_kpi_internal.scorecard_cells(0, v.cl, v.io, v.os, v.ex, v.tr, 0, 0, 0, 0,
                                                                     0, NULL, 0, NULL, NULL, NULL, false) AS t
         ORDER BY v.week, v.level DESC, v.team_id;
END
$$;
COMMENT ON FUNCTION employment_kpi.team_week(date, date, int) IS
'Team scorecard per ISO week: one row per team (level = ''team'') and one for the whole municipality (level = ''municipality'', team_id NULL), each the sum of its caseworkers'' rows of caseworker_week (a citizen reassigned mid-week counts in both caseloads), with the same measures, mix-adjusted O/E and funnel flags among teams (over-dispersion estimated across the teams of the week; the municipality row has no flags). Visible to members of employment_kpi_reader, team leaders and analysts; others get insufficient_privilege (42501). Counts: analysts see the true counts of every row, a team leader those of the own team(s); otherwise small cells, and the teams'' cells that would give them back from the municipality row (complementary suppression, team_week_hidden), are NULL with the rates built on them. timeliness, portfolio_share and exits_oe are NULL for everyone when their window counts are small.';

CREATE OR REPLACE FUNCTION employment_kpi.caseworker_conversations(from_week date, to_week date)
RETURNS TABLE (week date, team_id text, caseworker_id text, kind text, held int, no_shows int, cancelled int)
LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_teams text[];
BEGIN
    PERFORM employment_kpi_internal.scorecard_check_weeks(from_week, to_week, 1);
    v_teams := employment_kpi_internal.caseworker_teams();
    RETURN QUERY
        SELECT employment_kpi.iso_monday(c.held_on), cw.team_id, c.caseworker_id, c.kind,
               pg_catalog.count(*) FILTER (WHERE c.status = 'held')::int,
               pg_catalog.count(*) FILTER (WHERE c.status = 'no_show')::int,
               pg_catalog.count(*) FILTER (WHERE c.status = 'cancelled')::int
          FROM employment_kpi.conversation AS c
          JOIN employment_kpi.caseworker AS cw ON cw.caseworker_id = c.caseworker_id
         WHERE c.held_on BETWEEN from_week AND to_week + 6
           AND (v_teams IS NULL OR cw.team_id = ANY (v_teams))
         GROUP BY 1, 2, 3, 4
         ORDER BY 1, 2, 3, 4;
END
$$;
COMMENT ON FUNCTION employment_kpi.caseworker_conversations(date, date) IS
'Conversations (samtaler) per caseworker, ISO week and kind: held (afholdt), no_shows (udeblevet), cancelled (aflyst). Counts of conversations, not of citizens, so not suppressed. Same access rules as caseworker_week (analysts: all; team leaders: own team; others 42501); weeks validated as there.';

-- Caseload mix: citizen-weeks per caseworker and target group in a range of
-- weeks (same week grid as scorecard_raw).

CREATE OR REPLACE FUNCTION employment_kpi.peer_sparring(caseworker_id text, metric text DEFAULT 'activation_rate',
                                             weeks int DEFAULT 13, max_peers int DEFAULT 3,
                                             to_week date DEFAULT NULL)
RETURNS TABLE (peer_caseworker_id text, peer_team_id text, peer_value float8, own_value float8,
               caseload_similarity float8)
LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_teams text[];
    own_team text;
    -- default: the last complete ISO week on or before the data's end
    -- (without facts: the last complete week before today)
    last_week date := coalesce(to_week, employment_kpi.iso_monday(employment_kpi.data_end() + 1) - 7,
                               employment_kpi.iso_monday(current_date) - 7);
    first_week date;
    k int;
    valid text[] := ARRAY['activation_rate', 'exits_per_100', 'timeliness', 'exits_oe', 'activation_oe'];
BEGIN
    IF metric IS NULL OR NOT metric = ANY (valid) THEN
        RAISE EXCEPTION 'unknown metric %', coalesce(quote_literal(metric), 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Valid metrics: ' || array_to_string(valid, ', ') || '.';
    END IF;
    IF weeks IS NULL OR weeks < 1 OR weeks > 104 THEN
        RAISE EXCEPTION 'weeks must be between 1 and 104, got %', weeks USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF max_peers IS NULL OR max_peers < 1 THEN
        RAISE EXCEPTION 'max_peers must be at least 1, got %', max_peers USING ERRCODE = 'invalid_parameter_value';
    END IF;
    first_week := last_week - 7 * (weeks - 1);
    PERFORM employment_kpi_internal.scorecard_check_weeks(first_week, last_week, weeks);
    v_teams := employment_kpi_internal.caseworker_teams();
    SELECT c.team_id INTO own_team FROM employment_kpi.caseworker AS c WHERE c.caseworker_id = peer_sparring.caseworker_id;
    -- A team leader learns nothing about other teams: an unknown caseworker
    -- and one of another team get the same answer.
    IF v_teams IS NOT NULL AND (own_team IS NULL OR NOT own_team = ANY (v_teams)) THEN
        RAISE EXCEPTION 'permission denied for caseworker %: not in your team', coalesce(quote_literal(peer_sparring.caseworker_id), 'NULL')
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF own_team IS NULL THEN
        RAISE EXCEPTION 'unknown caseworker %', coalesce(quote_literal(peer_sparring.caseworker_id), 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    k := employment_kpi.suppression_k();

    RETURN QUERY
    WITH r AS MATERIALIZED (
        SELECT * FROM employment_kpi_internal.scorecard_raw(first_week, last_week, weeks)
    ), agg AS (
        -- rates over the weeks; O/E over the rolling window ending in the last week
        SELECT r.caseworker_id, pg_catalog.min(r.team_id) AS team_id,
               pg_catalog.sum(r.caseload) AS cl, pg_catalog.sum(r.in_offer) AS io,
               pg_catalog.sum(r.exits) AS ex, pg_catalog.sum(r.tl_counted) AS tc, pg_catalog.sum(r.tl_met) AS tm,
               pg_catalog.sum(r.exits_window) FILTER (WHERE r.week = last_week) AS eo,
               employment_kpi.fsum(r.exits_expected) FILTER (WHERE r.week = last_week) AS ee,
               pg_catalog.sum(r.offer_weeks_window) FILTER (WHERE r.week = last_week) AS ao,
               employment_kpi.fsum(r.offer_weeks_expected) FILTER (WHERE r.week = last_week) AS ae
          FROM r GROUP BY r.caseworker_id
    ), val AS (
        -- value and a lower 95% limit ("clearly better" = the peer's lower
        -- limit is above our value): Wilson for shares, exact Poisson for O/E
        SELECT a.caseworker_id, a.team_id, a.cl, a.tc,
               CASE metric
                 WHEN 'activation_rate' THEN CASE WHEN a.cl > 0 THEN a.io::float8 / a.cl END
                 WHEN 'exits_per_100' THEN CASE WHEN a.cl > 0 THEN 100.0 * a.ex / a.cl END
                 WHEN 'timeliness' THEN CASE WHEN a.tc > 0 THEN a.tm::float8 / a.tc END
                 WHEN 'exits_oe' THEN CASE WHEN a.ee > 0 THEN a.eo / a.ee END
                 ELSE CASE WHEN a.ae > 0 THEN a.ao / a.ae END END AS value,
               CASE metric
                 WHEN 'activation_rate' THEN employment_kpi.wilson_low(a.io, a.cl)
                 WHEN 'exits_per_100' THEN 100.0 * employment_kpi.wilson_low(a.ex, a.cl)
                 WHEN 'timeliness' THEN employment_kpi.wilson_low(a.tm, a.tc)
                 WHEN 'exits_oe' THEN CASE WHEN a.ee > 0 AND a.eo > 0
                     THEN employment_kpi.chisq_quantile(0.025, 2.0 * a.eo) / (2.0 * a.ee) WHEN a.ee > 0 THEN 0 END
                 ELSE CASE WHEN a.ae > 0 AND a.ao > 0
                     THEN employment_kpi.chisq_quantile(0.025, 2.0 * a.ao) / (2.0 * a.ae) WHEN a.ae > 0 THEN 0 END
               END AS low
          FROM agg AS a
    ), mix AS (
        SELECT m.caseworker_id, m.group_code,
               m.citizen_weeks::float8 / pg_catalog.sum(m.citizen_weeks) OVER (PARTITION BY m.caseworker_id) AS share
          FROM employment_kpi_internal.scorecard_mix(first_week, last_week) AS m
    ), grp AS (
        SELECT DISTINCT m.group_code FROM mix AS m
    ), peer AS (
        SELECT DISTINCT m.caseworker_id FROM mix AS m WHERE m.caseworker_id <> peer_sparring.caseworker_id
    ), sim AS (
        -- 1 - total variation distance between the two group mixes
        SELECT pr.caseworker_id,
               1.0 - 0.5 * pg_catalog.sum(pg_catalog.abs(coalesce(o.share, 0) - coalesce(p.share, 0))) AS similarity
          FROM peer AS pr
         CROSS JOIN grp AS g
          LEFT JOIN mix AS o ON o.caseworker_id = peer_sparring.caseworker_id AND o.group_code = g.group_code
          LEFT JOIN mix AS p ON p.caseworker_id = pr.caseworker_id AND p.group_code = g.group_code
         GROUP BY pr.caseworker_id
    ), own AS (
        SELECT v.value, v.cl >= k * weeks AND (metric <> 'timeliness' OR v.tc >= k) AS shown
          FROM val AS v WHERE v.caseworker_id = peer_sparring.caseworker_id
    )
    SELECT v.caseworker_id, v.team_id, v.value, CASE WHEN own.shown THEN own.value END, s.similarity
      FROM val AS v
      JOIN sim AS s ON s.caseworker_id = v.caseworker_id
     CROSS JOIN own
     WHERE (v_teams IS NULL OR v.team_id = ANY (v_teams))
       AND v.cl >= k * weeks
       AND (metric <> 'timeliness' OR v.tc >= k)
       AND v.low > own.value
     ORDER BY s.similarity DESC, v.value DESC, v.caseworker_id
     LIMIT max_peers;
END
$$;
COMMENT ON FUNCTION employment_kpi.peer_sparring(text, text, int, int, date) IS
'Sparring partners (sparringspartnere) for a caseworker: up to max_peers colleagues whose caseload mix (share of caseload citizen-weeks per target group over the weeks weeks ending in to_week; NULL = the last complete ISO week on or before data_end(); a later week raises 22023) is most similar (caseload_similarity = 1 - half the sum of absolute differences of the shares, 1 = identical) and whose metric is clearly better: the peer''s lower 95% limit (Wilson for activation_rate, exits_per_100, timeliness; exact Poisson for exits_oe, activation_oe over the rolling window of weeks weeks) lies above the caseworker''s own value. Metrics: activation_rate, exits_per_100, timeliness, exits_oe, activation_oe (others raise 22023 listing them). Peers with an average caseload below config.suppression_k are left out; own_value is NULL when the caseworker''s own cell is that small. Analysts: any caseworker and peers from every team (an unknown caseworker raises 22023); team leaders: caseworkers of their own team and peers from their own team(s), and 42501 for any other caseworker id, known or not (a leader learns nothing about other teams); others 42501.';
