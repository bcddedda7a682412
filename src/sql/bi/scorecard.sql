-- The BI layer over the scorecards: mv_caseworker_week and mv_team_week
-- store caseworker_week / team_week for every week from the first
-- assignment or conversation to the week of data_end() (the current week to
-- date); kpi_caseworker_week and kpi_team_week are what readers see.

CREATE OR REPLACE FUNCTION employment_kpi_internal.bi_scorecard_first_week(from_date date)
RETURNS date
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    RETURN (    SELECT CASE WHEN x.d IS NOT NULL THEN employment_kpi.iso_monday(GREATEST(from_date, x.d, employment_kpi.data_start())) END
      FROM (SELECT LEAST((SELECT pg_catalog.min(a.start_date) FROM employment_kpi.case_assignment a),
                         (SELECT pg_catalog.min(c.held_on) FROM employment_kpi.conversation c)) AS d) x);
END
$$;

COMMENT ON FUNCTION employment_kpi_internal.bi_scorecard_first_week(date) IS
'Internal: the Monday of the first week the scorecard relations cover from from_date on: the week of the first case assignment or conversation, but not before from_date nor data_start(). NULL without assignments and conversations.';

-- The refresh function of both relations.  A change dated d alters only
-- weeks from the week of d on: the rolling windows look back, contact-rule
-- windows end after their conversations, spell changes are tracked from
-- exit_grace_days before (bi_track_range), and the figures of a week do not
-- depend on the week range requested (fsum, funnel_tau2 sort their inputs),
-- so recomputing from there gives exactly what a full rebuild gives
-- (sql/bi_random.sql checks it).
SELECT employment_kpi_internal.declare_refresh_function('bi_refresh_scorecard', $body$
DECLARE
    v_from  date := employment_kpi_internal.bi_clear_from(mv_name, 'week', 'week', from_date, concurrent);
    v_first date := employment_kpi_internal.bi_scorecard_first_week(v_from);
    v_to    date := employment_kpi.iso_monday(last_day);
BEGIN
    IF v_first IS NOT NULL AND v_to IS NOT NULL AND v_first <= v_to THEN
        IF mv_name = 'mv_caseworker_week' THEN
            INSERT INTO employment_kpi_internal.mv_caseworker_week
                   (week, team_id, caseworker_id, caseload, conversations_held, no_shows, in_offer,
                    activation_rate, offers_started, exits, transitions, exits_per_100, timeliness,
                    portfolio_share, exits_expected, exits_oe, exits_flag, activation_oe,
                    activation_flag, suppressed)
            SELECT r.week, r.team_id, r.caseworker_id, r.caseload, r.conversations_held, r.no_shows, r.in_offer,
                   r.activation_rate, r.offers_started, r.exits, r.transitions, r.exits_per_100, r.timeliness,
                   r.portfolio_share, r.exits_expected, r.exits_oe, r.exits_flag, r.activation_oe,
                   r.activation_flag, r.suppressed
              FROM employment_kpi_internal.scorecard_rows(v_first, v_to, 13, false) r;
        ELSE
            INSERT INTO employment_kpi_internal.mv_team_week
                   (week, level, team_id, caseworkers, caseload, conversations_held, no_shows, in_offer,
                    activation_rate, offers_started, exits, transitions, exits_per_100, timeliness,
                    portfolio_share, exits_expected, exits_oe, exits_flag, activation_oe,
                    activation_flag, suppressed)
            SELECT r.week, r.level, coalesce(r.team_id, ''), r.caseworkers, r.caseload, r.conversations_held,
                   r.no_shows, r.in_offer, r.activation_rate, r.offers_started, r.exits, r.transitions, r.exits_per_100,
                   r.timeliness, r.portfolio_share, r.exits_expected, r.exits_oe, r.exits_flag,
                   r.activation_oe, r.activation_flag, r.suppressed
              -- the rows without the audience (team_week() shows an analyst,
              -- such as the refreshing owner, the true counts): small cells
              -- stored hidden, whoever refreshes; kpi_team_week adds the
              -- audience
              FROM employment_kpi_internal.scorecard_rows(v_first, v_to, 13, true) r;
        END IF;
    END IF;
    RETURN employment_kpi_internal.bi_mode('week', v_from);
END
$body$,
'Refresh function of mv_caseworker_week and mv_team_week: recomputes the weeks from the week of from_date on (not before the first assignment or conversation) to the week of last_day, with a 13-week window; the figures of a week do not depend on the week range requested, so this equals a full rebuild.');

CREATE VIEW employment_kpi.kpi_caseworker_week WITH (security_barrier) AS
SELECT m.week, employment_kpi.week_label(m.week) AS week_label,
       -- the week of the data's end at the last refresh, while not over
       m.week + 6 > (SELECT r.last_day FROM employment_kpi_internal.bi_relation r
                      WHERE r.mv_name = 'mv_caseworker_week') AS partial,
       m.team_id, t.team_name, m.caseworker_id, cw.caseworker_name,
       m.caseload, m.conversations_held, m.no_shows, m.in_offer, m.activation_rate, m.offers_started,
       m.exits, m.transitions, m.exits_per_100, m.timeliness, m.portfolio_share, m.exits_expected, m.exits_oe,
       m.exits_flag, m.activation_oe, m.activation_flag, m.suppressed
  FROM employment_kpi_internal.mv_caseworker_week m
  LEFT JOIN employment_kpi.team t ON t.team_id = m.team_id
  LEFT JOIN employment_kpi.caseworker cw ON cw.caseworker_id = m.caseworker_id
 WHERE (SELECT employment_kpi.is_analyst())
    OR m.team_id IN (SELECT pg_catalog.unnest(employment_kpi.leader_teams()));

COMMENT ON VIEW employment_kpi.kpi_caseworker_week IS
'Caseworker scorecards (sagsbehandlerscorecard) per ISO week, all history and the current week to date: caseload, conversations, activation, offers, exits to self-support and transitions to other public benefits, timeliness (rettidighed) and mix-adjusted observed/expected ratios with funnel-plot flags over a 13-week window (definitions: caseworker_week). Rows: analysts (employment_kpi_analyst) see every caseworker; a team leader (member of the team''s leader_role) sees the own team''s caseworkers; others see none. The counts are true: those who see the rows may see the cases, so nothing is suppressed.';
SELECT employment_kpi_internal.comment_like('employment_kpi.kpi_group_week', 'employment_kpi.kpi_caseworker_week',
       'week', 'week_label', 'partial');
SELECT employment_kpi_internal.comment_columns('employment_kpi.kpi_caseworker_week', $c$
team_id: Team of the caseworker (team).
team_name: Name of the team (teamnavn).
caseworker_id: Caseworker (sagsbehandler) id.
caseworker_name: Name (or pseudonym) of the caseworker (sagsbehandlernavn).
caseload: Caseload (sagsstamme): distinct citizens assigned to the caseworker in the week and on public support in it.
conversations_held: Conversations held (afholdte samtaler) in the week.
no_shows: Conversations the citizen did not attend (udeblivelser) in the week.
in_offer: Citizens of the caseload with an active offer (aktivt tilbud) overlapping the week.
activation_rate: Activation rate (aktiveringsgrad): in_offer / caseload. NULL when a count is suppressed.
offers_started: Offers started (påbegyndte tilbud) in the week by the caseload.
exits: Exits to self-support (afgange til selvforsørgelse): support periods of the caseload ending in the week with job, education, other or an unknown reason (period_outcome = exit).
transitions: Transitions to another public benefit (overgange til anden offentlig forsørgelse: exit_reason other_benefit, period_outcome = transition) of the caseload in the week: never counted in exits, nor in exits_oe.
exits_per_100: Exits per 100 citizens of the caseload (afgange pr. 100).
timeliness: Timeliness (rettidighed): share 0..1 of the windows of per-citizen contact rules (every citizen must meet them) ending in the week that had enough held conversations of the rule's kinds, counted from the start of the current benefit; NULL when none ended.
portfolio_share: The caseworker's contribution to the portfolio rules (porteføljekrav): share 0..1 of the caseload's portfolio-rule windows ending in the week that were met. Not a pass/fail: the law judges the municipality's share over a period (portfolio_compliance). NULL when none ended.
exits_expected: Expected exits (forventede afgange) in the 13-week window ending in the week, from the municipality's exit rates per target group and duration band (mix adjustment).
exits_oe: Observed / expected exits in the 13-week window (1 = as expected for this caseload mix).
exits_flag: Funnel-plot flag of exits_oe: above, below (outside the 99.8% limits), watch (between 95% and 99.8%), within.
activation_oe: Observed / expected in-offer citizen-weeks in the 13-week window (aktivering, mix-adjusted).
activation_flag: Funnel-plot flag of activation_oe: above, below, watch or within.
suppressed: Always false: caseworker rows reach only analysts and the team's leader, who see the true counts (the column keeps the shape of kpi_team_week).
$c$);

-- mv_team_week holds the rows with the small cells hidden.  An analyst sees
-- the true counts of every team and the municipality, a team leader those of
-- the own teams: the sums of the caseworker rows (mv_caseworker_week holds
-- them true), which they see anyway.  The rest is shown as a reader sees
-- it, without the cells that the municipality minus the shown and known
-- teams gives back (team_week_hidden, access/scorecard.sql, as team_week()
-- does).  The rates built on a hidden count are hidden with it.
CREATE VIEW employment_kpi.kpi_team_week WITH (security_barrier) AS
WITH k AS (
    SELECT employment_kpi.suppression_k() AS k, employment_kpi.is_analyst() AS analyst,
           employment_kpi.leader_teams() AS teams
), own AS (
    SELECT c.week, coalesce(c.team_id, '') AS team_id,
           pg_catalog.sum(c.caseload)::int AS cl, pg_catalog.sum(c.in_offer)::int AS io,
           pg_catalog.sum(c.offers_started)::int AS os, pg_catalog.sum(c.exits)::int AS ex,
           pg_catalog.sum(c.transitions)::int AS tr
      FROM employment_kpi_internal.mv_caseworker_week c
     CROSS JOIN k
     WHERE k.analyst OR c.team_id = ANY (k.teams)
     GROUP BY GROUPING SETS ((c.week, c.team_id), (c.week))
    HAVING GROUPING(c.team_id) = 0 OR pg_catalog.bool_and(k.analyst)
), v AS (
    SELECT m.*, o.team_id IS NOT NULL AS known,
           coalesce(o.cl, m.caseload) AS cl, coalesce(o.io, m.in_offer) AS io,
           coalesce(o.os, m.offers_started) AS os, coalesce(o.ex, m.exits) AS ex,
           coalesce(o.tr, m.transitions) AS tr
      FROM employment_kpi_internal.mv_team_week m
      LEFT JOIN own o ON o.week = m.week AND o.team_id = m.team_id
), h AS (
    SELECT c.week, w.*
      FROM (SELECT v.week, pg_catalog.array_agg(v.team_id) AS ids,
                   pg_catalog.array_agg(v.cl) AS cl, pg_catalog.array_agg(v.io) AS io,
                   pg_catalog.array_agg(v.os) AS os, pg_catalog.array_agg(v.ex) AS ex,
                   pg_catalog.array_agg(v.tr) AS tr,
                   coalesce(pg_catalog.array_agg(v.team_id) FILTER (WHERE v.known), '{}') AS known
              FROM v GROUP BY v.week) c
     CROSS JOIN k
     CROSS JOIN LATERAL employment_kpi_internal.team_week_hidden(c.ids, c.cl, c.io, c.os, c.ex, c.tr, k.k, c.known) w
     WHERE NOT k.analyst
), x AS (
    SELECT v.*,
           coalesce(h.h_caseload, false) AS h_caseload,
           coalesce(h.h_in_offer, false) AS h_in_offer,
           coalesce(h.h_offers_started, false) AS h_offers_started,
           coalesce(h.h_exits, false) AS h_exits,
           coalesce(h.h_transitions, false) AS h_transitions
      FROM v
      LEFT JOIN h ON h.week = v.week AND h.team_id = v.team_id
)
SELECT m.week, employment_kpi.week_label(m.week) AS week_label,
       m.week + 6 > (SELECT r.last_day FROM employment_kpi_internal.bi_relation r
                      WHERE r.mv_name = 'mv_team_week') AS partial,
       m.level,
       NULLIF(m.team_id, '') AS team_id,
       CASE WHEN m.team_id = '' THEN 'Municipality (hele kommunen)' ELSE t.team_name END AS team_name,
       m.caseworkers,
       CASE WHEN m.h_caseload THEN NULL ELSE m.cl END AS caseload,
       m.conversations_held, m.no_shows,
       CASE WHEN m.h_in_offer THEN NULL ELSE m.io END AS in_offer,
       CASE WHEN m.known THEN r.activation_rate WHEN m.h_caseload OR m.h_in_offer THEN NULL
            ELSE m.activation_rate END AS activation_rate,
       CASE WHEN m.h_offers_started THEN NULL ELSE m.os END AS offers_started,
       CASE WHEN m.h_exits THEN NULL ELSE m.ex END AS exits,
       CASE WHEN m.h_transitions THEN NULL ELSE m.tr END AS transitions,
       CASE WHEN m.known THEN r.exits_per_100 WHEN m.h_caseload OR m.h_exits THEN NULL
            ELSE m.exits_per_100 END AS exits_per_100,
       m.timeliness, m.portfolio_share, m.exits_expected,
       m.exits_oe, m.exits_flag, m.activation_oe, m.activation_flag,
       CASE WHEN m.known
            -- the counts are true; a figure of the rolling or rule windows may still be hidden
            THEN m.suppressed AND (m.timeliness IS NULL OR m.portfolio_share IS NULL OR m.exits_oe IS NULL)
            ELSE m.suppressed OR m.h_caseload OR m.h_in_offer OR m.h_offers_started OR m.h_exits OR m.h_transitions
       END AS suppressed
  FROM x m
  LEFT JOIN employment_kpi.team t ON t.team_id = m.team_id
  -- the rates of the true counts, as scorecard_cells defines them
 CROSS JOIN LATERAL employment_kpi_internal.scorecard_cells(0, m.cl, m.io, m.os, m.ex, m.tr, 0, 0, 0, 0,
                                                             0, NULL, 0, NULL, NULL, NULL, false) AS r
 WHERE (SELECT employment_kpi.is_reader())
    OR pg_catalog.cardinality((SELECT employment_kpi.leader_teams())) > 0;

COMMENT ON VIEW employment_kpi.kpi_team_week IS
'Team scorecards (teamscorecard) per ISO week and a municipality row (level = municipality, team_id NULL), all history and the current week to date: the sums of the teams'' caseworker rows with mix-adjusted ratios and funnel flags among teams (definitions: team_week). Rows: readers (employment_kpi_reader), team leaders and analysts. Counts: analysts see the true counts of every row, a team leader those of the own team(s) (the sums of the caseworker rows); otherwise small cells, and the teams'' cells that would give them back from the municipality row (complementary suppression), are NULL with suppressed = true and the rates built on them. timeliness, portfolio_share and exits_oe are NULL for everyone when their window counts are small.';
SELECT employment_kpi_internal.comment_like('employment_kpi.kpi_caseworker_week', 'employment_kpi.kpi_team_week',
       'week', 'week_label', 'partial', 'conversations_held', 'activation_rate', 'exits_per_100');
SELECT employment_kpi_internal.comment_columns('employment_kpi.kpi_team_week', $c$
suppressed: True when a figure of the row is hidden from the session user (diskretioneret, shown as NULL): a count of 1 to config.suppression_k - 1 citizens or a cell that would give such a count back from the municipality row (complementary suppression), or, on rows with true counts (analysts; a leader's own team), timeliness, portfolio_share or exits_oe with a small window count (true whenever one of them is NULL there).
level: team or municipality (hele kommunen).
team_id: Team; NULL on the municipality row.
team_name: Name of the team (teamnavn); Municipality on the municipality row.
caseworkers: Caseworkers (sagsbehandlere) with a row in the week.
caseload: Caseload (sagsstamme): sum of the caseworkers' caseloads (a citizen reassigned mid-week counts in both). NULL when suppressed.
no_shows: Conversations not attended (udeblivelser) in the week.
in_offer: Citizens in an active offer (aktivt tilbud) overlapping the week. NULL when suppressed.
offers_started: Offers started (påbegyndte tilbud) in the week. NULL when suppressed.
exits: Exits to self-support (afgange til selvforsørgelse, period_outcome = exit) in the week. NULL when suppressed.
transitions: Transitions to another public benefit (overgange, period_outcome = transition) in the week: never counted in exits. NULL when suppressed.
timeliness: Timeliness (rettidighed): share 0..1 of the windows of per-citizen contact rules ending in the week that were met.
portfolio_share: Share 0..1 of the portfolio-rule windows (porteføljekrav) ending in the week that were met: a contribution, not a pass/fail (the law judges the municipality over a period: portfolio_compliance).
exits_expected: Expected exits (forventede afgange) in the 13-week window, mix-adjusted.
exits_oe: Observed / expected exits in the 13-week window.
exits_flag: Funnel-plot flag among teams: above, below, watch or within; NULL on the municipality row.
activation_oe: Observed / expected in-offer citizen-weeks in the 13-week window.
activation_flag: Funnel-plot flag of activation_oe among teams; NULL on the municipality row.
$c$);
