-- The team leader's weekly report (weekly_report(team_id => ...)): one row
-- per caseworker of the team, their change against the previous week and
-- the 13 weeks before, and sparring suggestions.  Read from
-- kpi_caseworker_week and kpi_team_week (the team's total row), so the
-- figures are the scorecards' and the views decide what the caller sees.

SELECT employment_kpi_internal.declare_report_section('report_team_caseworkers', $body$
    WITH r AS (
        SELECT 1 AS ord, v.caseworker_name AS label, v.caseload, v.conversations_held, v.in_offer, v.offers_started,
               v.exits, v.transitions, v.timeliness, v.exits_oe, v.exits_flag, v.activation_oe, v.activation_flag
          FROM employment_kpi.kpi_caseworker_week v
         WHERE v.week = report_team_caseworkers.week AND v.team_id = report_team_caseworkers.team_id
        UNION ALL
        SELECT 2, 'Team total', t.caseload, t.conversations_held, t.in_offer, t.offers_started,
               t.exits, t.transitions, t.timeliness, t.exits_oe, t.exits_flag, t.activation_oe, t.activation_flag
          FROM employment_kpi.kpi_team_week t
         WHERE t.week = report_team_caseworkers.week AND t.team_id = report_team_caseworkers.team_id
    )
    SELECT employment_kpi_internal.report_table(
               'Caseworker', ARRAY['Citizens', 'Conversations', 'In offer', 'Offers started', 'Exits', 'To other benefit',
                                   'On time', 'Exits vs expected', 'In offer vs expected'],
               ARRAY[8, 13, 8, 14, 6, 16, 8, 17, 20],
               pg_catalog.array_agg((r.ord, r.label,
                                     employment_kpi_internal.report_scorecard_cells(
                                         r.caseload, r.conversations_held, r.in_offer, r.offers_started,
                                         r.exits, r.transitions, r.timeliness)
                                     || ARRAY[employment_kpi_internal.report_flagged(r.exits_oe, r.exits_flag),
                                              employment_kpi_internal.report_flagged(r.activation_oe, r.activation_flag)]
                                    )::employment_kpi_internal.report_row),
               if_empty => employment_kpi_internal.report_view_missing(report_team_caseworkers.week),
               after => ARRAY['  The team total is the sum of the caseworkers'' rows; a citizen moved between two of them in the week counts with both.'])
      FROM r
$body$,
'Internal: the team leader''s weekly report, per caseworker of the team and the team total (kpi_caseworker_week, kpi_team_week): citizens of the caseload, conversations held, citizens in an active offer, offers started, exits to self-support, transitions to another public benefit, contact windows met on time, and the mix-adjusted exits and in-offer weeks observed/expected over 13 weeks with their funnel flags.',
    args => 'week date, team_id text');

-- A figure of this week beside the previous week's and the mean of the 13
-- weeks before this one: "11 (+2; 9.5)".  The mean needs every one of those
-- weeks' figures (a hidden week would bias it), else it shows "-".
CREATE OR REPLACE FUNCTION employment_kpi_internal.report_change(now bigint, prev bigint, mean numeric)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT pg_catalog.format('%s (%s; %s)', coalesce(now::text, '-'),
                             coalesce(pg_catalog.to_char(now - prev, 'FMS99990'), '-'),
                             coalesce(pg_catalog.to_char(mean, 'FM99990.0'), '-'))
$$;

COMMENT ON FUNCTION employment_kpi_internal.report_change(bigint, bigint, numeric) IS
'Internal: a weekly figure beside its change against the previous week and the mean of the 13 weeks before, as the team leader''s report prints it: "11 (+2; 9.5)"; "-" for any part that is NULL (hidden or no row).';

SELECT employment_kpi_internal.declare_report_section('report_team_change', $body$
    WITH h AS (
        SELECT v.caseworker_id, v.caseworker_name, v.week, v.conversations_held::bigint AS conv,
               v.in_offer::bigint AS in_offer, v.exits::bigint AS exits
          FROM employment_kpi.kpi_caseworker_week v
         WHERE v.team_id = report_team_change.team_id
           AND v.week BETWEEN report_team_change.week - 7 * 13 AND report_team_change.week
    ), r AS (
        SELECT n.caseworker_name AS label,
               employment_kpi_internal.report_change(n.conv, p.conv, a.conv) AS conv,
               employment_kpi_internal.report_change(n.in_offer, p.in_offer, a.in_offer) AS in_offer,
               employment_kpi_internal.report_change(n.exits, p.exits, a.exits) AS exits
          FROM h AS n
          LEFT JOIN h AS p ON p.caseworker_id = n.caseworker_id AND p.week = n.week - 7
          LEFT JOIN LATERAL (
              SELECT CASE WHEN pg_catalog.count(b.conv) = 13 THEN pg_catalog.avg(b.conv) END AS conv,
                     CASE WHEN pg_catalog.count(b.in_offer) = 13 THEN pg_catalog.avg(b.in_offer) END AS in_offer,
                     CASE WHEN pg_catalog.count(b.exits) = 13 THEN pg_catalog.avg(b.exits) END AS exits
                FROM h AS b
               WHERE b.caseworker_id = n.caseworker_id AND b.week < n.week) AS a ON true
         WHERE n.week = report_team_change.week
    )
    SELECT employment_kpi_internal.report_table(
               'Caseworker', ARRAY['Conversations', 'In offer', 'Exits'], ARRAY[20, 20, 20],
               pg_catalog.array_agg((1, r.label, ARRAY[r.conv, r.in_offer, r.exits])::employment_kpi_internal.report_row),
               if_empty => employment_kpi_internal.report_view_missing(report_team_change.week),
               before => ARRAY['  This week (change against last week; mean of the 13 weeks before)'])
      FROM r
$body$,
'Internal: the team leader''s weekly report, per caseworker of the team: conversations held, citizens in an active offer and exits this week, each with its change against the previous week and the mean of the 13 weeks before (kpi_caseworker_week; the mean only when all 13 weeks have the figure).',
    args => 'week date, team_id text');

-- Sparring: a caseworker whose exits or activation is flagged below or watch
-- gets the peers peer_sparring finds (similar caseload, better value on the
-- flagged measure) to talk with.
SELECT employment_kpi_internal.declare_report_section('report_team_sparring', $body$
    WITH f AS (
        SELECT v.caseworker_id, v.caseworker_name,
               CASE WHEN v.exits_flag IN ('below', 'watch') THEN 'exits_oe' ELSE 'activation_oe' END AS metric,
               CASE WHEN v.exits_flag IN ('below', 'watch') THEN 'exits flagged ' || v.exits_flag
                    ELSE 'in-offer weeks flagged ' || v.activation_flag END AS why
          FROM employment_kpi.kpi_caseworker_week v
         WHERE v.week = report_team_sparring.week AND v.team_id = report_team_sparring.team_id
           AND (v.exits_flag IN ('below', 'watch') OR v.activation_flag IN ('below', 'watch'))
    ), s AS (
        SELECT f.caseworker_name, f.why,
               pg_catalog.string_agg(pg_catalog.format('%s, %s: %s', coalesce(c.caseworker_name, p.peer_caseworker_id),
                                                       coalesce(t.team_name, p.peer_team_id),
                                                       pg_catalog.to_char(p.peer_value, 'FM990.00')),
                                     '; ' ORDER BY p.caseload_similarity DESC, p.peer_caseworker_id) AS peers,
               pg_catalog.min(p.own_value) AS own
          FROM f
          LEFT JOIN LATERAL employment_kpi.peer_sparring(f.caseworker_id, f.metric, 13, 3, report_team_sparring.week) AS p ON true
          LEFT JOIN employment_kpi.caseworker c ON c.caseworker_id = p.peer_caseworker_id
          LEFT JOIN employment_kpi.team t ON t.team_id = p.peer_team_id
         GROUP BY f.caseworker_name, f.why
    )
    SELECT l.line FROM (
        SELECT 1 AS ord, '' AS label, '  No caseworker is flagged below or watch this week: no sparring suggested.' AS line
         WHERE NOT EXISTS (SELECT 1 FROM s)
        UNION ALL
        SELECT 2, s.caseworker_name,
               pg_catalog.format('  %s: %s (%s of expected). Talk with: %s.', s.caseworker_name, s.why,
                                 coalesce(pg_catalog.to_char(s.own, 'FM990.00'), '-'),
                                 coalesce(s.peers, 'no peer with a similar caseload does better'))
          FROM s
    ) l ORDER BY l.ord, l.label COLLATE "C"
$body$,
'Internal: the team leader''s weekly report, sparring suggestions: every caseworker of the team whose exits (else in-offer weeks) observed/expected is flagged below or watch in the week, with up to three peers peer_sparring finds over the 13 weeks to the week (similar caseload, better value on that measure), their team and value.',
    args => 'week date, team_id text', parallel => 'RESTRICTED');

