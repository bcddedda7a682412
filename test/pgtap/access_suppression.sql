-- Tests src/sql/access/checks.sql (complementary_suppression); also the
-- kpi_* views of src/sql/bi/ and team_week() of access/scorecard.sql.
-- Suppression by audience: an analyst sees the true counts, a reader and a
-- team leader see the small cells and the cells that would give them back
-- hidden.  The subtraction attack, exactly as a reader can run it: for
-- every kpi_* view and public function with counts of persons, every level
-- (the groups, teams, offer types under the municipality) and every
-- measure, take the total minus the shown siblings; a hidden cell is
-- recovered when it is the only hidden one under a shown total, when the
-- hidden cells add up to their number (each is then 1), or when a hidden
-- total equals the sum of a breakdown shown in full.  Derived columns
-- (full-time persons, rates, cost per exit) must not give a hidden count
-- back either.
BEGIN;
SELECT plan(67);

\i test/lib/as_role.sql

-- a municipality small enough to have small cells every week
SELECT lives_ok($$SELECT * FROM employment_kpi.generate_synthetic(citizens => 600, first_week => '2024-01-01',
                                                                 weeks => 40, seed => 3)$$, 'synthetic data');
SELECT is((SELECT count(*) FILTER (WHERE NOT ok) FROM employment_kpi.refresh()), 0::bigint, 'refresh() succeeds');

CREATE ROLE sup_reader NOLOGIN;
CREATE ROLE sup_analyst NOLOGIN;
CREATE ROLE sup_leader NOLOGIN;
SELECT employment_kpi.grant_reader('sup_reader');
SELECT employment_kpi.grant_analyst('sup_analyst');
SELECT employment_kpi.grant_leader('sup_leader', (SELECT min(team_id) FROM employment_kpi.team));

-- pg_temp.n(who, q): the one count q gives as role who
CREATE FUNCTION pg_temp.n(who text, q text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    r text[] := pg_temp.as_role(who, q);
BEGIN
    IF r[1] LIKE 'ERROR%' THEN
        RAISE EXCEPTION '% as %: %', q, who, r[1];
    END IF;
    RETURN r[1]::bigint;
END
$$;

-- pg_temp.recoverable(who, from, grp, parent, child, m, t[, own]): the
-- sibling sets (one per value of grp) in which role who, reading from (a
-- view or a function call), recovers a hidden cell of measure m under the
-- total t (the parent row's column) from the rows of child.  A hidden total
-- counts as recovered when the shown siblings other than the viewer's own
-- (the rows matching own: a team leader's team) are not all 0.
CREATE FUNCTION pg_temp.recoverable(who text, src text, grp text, parent text, child text, m text, t text,
                                    own text DEFAULT 'false')
RETURNS bigint LANGUAGE sql AS $$
    SELECT pg_temp.n(who, format($q$
        SELECT count(*) FROM (
            SELECT %3$s AS g, %7$s AS t FROM %2$s WHERE %4$s) p
          JOIN (SELECT %3$s AS g, count(*) FILTER (WHERE %6$s IS NULL) AS s,
                       coalesce(sum(%6$s), 0) AS vis,
                       coalesce(sum(%6$s) FILTER (WHERE NOT (%8$s)), 0) AS vis_other
                  FROM %2$s WHERE %5$s GROUP BY 1) c USING (g)
         WHERE (p.t IS NOT NULL AND c.s >= 1 AND (c.s = 1 OR p.t - c.vis = c.s))
            OR (p.t IS NULL AND c.s = 0 AND c.vis_other > 0)$q$, who, src, grp, parent, child, m, t, own))
$$;

-------------------------------------------------------------------------------
-- the subtraction attack, as a reader
-------------------------------------------------------------------------------

-- kpi_group_week: the target groups under the municipality.  The groups'
-- citizens add up to the municipality's full-time persons (benefit weeks).
SELECT is(pg_temp.recoverable('sup_reader', 'employment_kpi.kpi_group_week', 'week', $$scope = 'municipality'$$,
                              $$scope = 'group'$$, m, t), 0::bigint,
          format('kpi_group_week: no %s of a group recovered from the municipality''s %s', m, t))
  FROM (VALUES ('citizens_on_support', 'fulltime_persons'), ('citizens_on_support', 'citizens_on_support'),
               ('inflow', 'inflow'), ('exits', 'exits'), ('transitions', 'transitions'),
               ('in_offer', 'in_offer')) AS v(m, t);
SELECT is(pg_temp.n('sup_reader', $$SELECT count(*) FROM employment_kpi.kpi_group_week
                                    WHERE (citizens_on_support IS NULL AND (fulltime_persons IS NOT NULL
                                           OR median_weeks_on_support IS NOT NULL))
                                       OR (in_offer IS NULL AND activation_rate IS NOT NULL)$$), 0::bigint,
          'kpi_group_week: no full-time persons, median or activation rate beside a hidden count');

-- kpi_team_week: the teams under the municipality
SELECT is(pg_temp.recoverable('sup_reader', 'employment_kpi.kpi_team_week', 'week', $$level = 'municipality'$$,
                              $$level = 'team'$$, m, m), 0::bigint,
          format('kpi_team_week: no %s of a team recovered from the municipality', m))
  FROM unnest(ARRAY['caseload', 'in_offer', 'offers_started', 'exits', 'transitions']) AS m;
SELECT is(pg_temp.n('sup_reader', $$SELECT count(*) FROM employment_kpi.kpi_team_week
                                    WHERE (caseload IS NOT NULL AND in_offer IS NULL AND activation_rate IS NOT NULL)
                                       OR (caseload IS NOT NULL AND exits IS NULL AND exits_per_100 IS NOT NULL)
                                       OR (caseload IS NULL AND (activation_rate IS NOT NULL OR exits_per_100 IS NOT NULL))$$),
          0::bigint, 'kpi_team_week: no rate gives a hidden count back');

-- team_week(): the same figures through the function a reader may call
SELECT is(pg_temp.recoverable('sup_reader',
                              format('employment_kpi.team_week(%L, %L)',
                                     (SELECT min(week) FROM employment_kpi_internal.mv_team_week),
                                     (SELECT max(week) FROM employment_kpi_internal.mv_team_week)),
                              'week', $$level = 'municipality'$$, $$level = 'team'$$, m, m), 0::bigint,
          format('team_week(): no %s of a team recovered from the municipality', m))
  FROM unnest(ARRAY['caseload', 'in_offer', 'offers_started', 'exits', 'transitions']) AS m;

-- kpi_output_month: three breakdowns of the municipality
SELECT is(pg_temp.recoverable('sup_reader', 'employment_kpi.kpi_output_month', 'month', $$scope = 'municipality'$$,
                              format('scope = %L', s), m, m), 0::bigint,
          format('kpi_output_month: no %s of a %s recovered from the municipality', m, s))
  FROM unnest(ARRAY['group', 'intervention_type', 'team']) AS s, unnest(ARRAY['exits', 'transitions']) AS m;
SELECT is(pg_temp.n('sup_reader', $$SELECT count(*) FROM employment_kpi.kpi_output_month
                                    WHERE exits IS NULL AND cost_per_exit IS NOT NULL$$), 0::bigint,
          'kpi_output_month: no cost per exit beside hidden exits');

-- the caseworker level is not the reader's; effects have no total row
SELECT is(pg_temp.n('sup_reader', 'SELECT count(*) FROM employment_kpi.kpi_caseworker_week'), 0::bigint,
          'a reader sees no caseworker rows');
SELECT is(pg_temp.n('sup_reader', $$SELECT count(*) FROM employment_kpi.kpi_intervention_effect
                                    WHERE observable < employment_kpi.suppression_k()
                                      AND (exit_rate IS NOT NULL OR att IS NOT NULL OR self_support_share IS NOT NULL)$$),
          0::bigint, 'kpi_intervention_effect: no outcome of a cell with fewer than k observable participants');

-------------------------------------------------------------------------------
-- what each role sees
-------------------------------------------------------------------------------

-- a reader: no count from 1 to k - 1 is shown
SELECT is(pg_temp.n('sup_reader', format($q$SELECT count(*) FROM employment_kpi.kpi_group_week
              WHERE citizens_on_support BETWEEN 1 AND %1$s OR inflow BETWEEN 1 AND %1$s OR exits BETWEEN 1 AND %1$s
                 OR transitions BETWEEN 1 AND %1$s OR in_offer BETWEEN 1 AND %1$s$q$, employment_kpi.suppression_k() - 1)),
          0::bigint, 'a reader sees no small cell in kpi_group_week');
SELECT is(pg_temp.n('sup_reader', format($q$SELECT count(*) FROM employment_kpi.kpi_team_week
              WHERE caseload BETWEEN 1 AND %1$s OR in_offer BETWEEN 1 AND %1$s OR offers_started BETWEEN 1 AND %1$s
                 OR exits BETWEEN 1 AND %1$s OR transitions BETWEEN 1 AND %1$s$q$, employment_kpi.suppression_k() - 1)),
          0::bigint, 'a reader sees no small cell in kpi_team_week');
SELECT is(pg_temp.n('sup_reader', format($q$SELECT count(*) FROM employment_kpi.team_week(%2$L, %3$L)
              WHERE caseload BETWEEN 1 AND %1$s OR in_offer BETWEEN 1 AND %1$s OR offers_started BETWEEN 1 AND %1$s
                 OR exits BETWEEN 1 AND %1$s OR transitions BETWEEN 1 AND %1$s$q$, employment_kpi.suppression_k() - 1,
              (SELECT min(week) FROM employment_kpi_internal.mv_team_week),
              (SELECT max(week) FROM employment_kpi_internal.mv_team_week))),
          0::bigint, 'a reader sees no small cell in team_week()');
SELECT is((SELECT count(*) FROM employment_kpi_internal.mv_team_week
            WHERE exits BETWEEN 1 AND employment_kpi.suppression_k() - 1
               OR caseload BETWEEN 1 AND employment_kpi.suppression_k() - 1),
          0::bigint, 'kpi_team_week''s storage holds the small cells hidden, whoever refreshed');
SELECT is(pg_temp.n('sup_reader', format($q$SELECT count(*) FROM employment_kpi.kpi_output_month
              WHERE exits BETWEEN 1 AND %1$s OR transitions BETWEEN 1 AND %1$s$q$, employment_kpi.suppression_k() - 1)),
          0::bigint, 'a reader sees no small cell in kpi_output_month');
-- and what is shown is true
SELECT is((SELECT array_agg(v) FROM unnest(pg_temp.as_role('sup_reader',
              $$SELECT week || '/' || coalesce(group_code, '') || '/' || exits FROM employment_kpi.kpi_group_week
                 WHERE exits IS NOT NULL$$)) AS x(v)
            WHERE v NOT IN (SELECT week || '/' || group_code || '/' || exits FROM employment_kpi_internal.mv_group_week)),
          NULL, 'every exit count a reader sees is the true count');
-- some cells are hidden from the reader, none from the analyst
SELECT ok(pg_temp.n('sup_reader', 'SELECT count(*) FROM employment_kpi.kpi_group_week WHERE suppressed') > 0,
          'the data has cells hidden from a reader');
SELECT is(pg_temp.n('sup_analyst', $$SELECT count(*) FROM employment_kpi.kpi_group_week
                                     WHERE suppressed OR exits IS NULL OR inflow IS NULL OR citizens_on_support IS NULL$$),
          0::bigint, 'an analyst sees every count of kpi_group_week');
SELECT is(pg_temp.n('sup_analyst', 'SELECT sum(exits) + sum(inflow) + sum(in_offer) + sum(transitions) + sum(citizens_on_support) FROM employment_kpi.kpi_group_week'),
          (SELECT sum(exits) + sum(inflow) + sum(in_offer) + sum(transitions) + sum(citizens_on_support)
             FROM employment_kpi_internal.mv_group_week)::bigint,
          'an analyst sees the true counts of kpi_group_week');
SELECT is(pg_temp.n('sup_analyst', 'SELECT count(*) FROM employment_kpi.kpi_output_month WHERE suppressed'),
          0::bigint, 'an analyst sees every count of kpi_output_month');
SELECT is(pg_temp.n('sup_analyst', 'SELECT sum(exits) + sum(transitions) FROM employment_kpi.kpi_output_month'),
          (SELECT sum(exits) + sum(transitions) FROM employment_kpi_internal.mv_output_month)::bigint,
          'an analyst sees the true counts of kpi_output_month');
SELECT is(pg_temp.n('sup_analyst', 'SELECT count(*) FROM employment_kpi.kpi_team_week'),
          (SELECT count(*) FROM employment_kpi_internal.mv_team_week),
          'an analyst sees every row of kpi_team_week');
SELECT is(pg_temp.n('sup_analyst', $$SELECT count(*) FROM employment_kpi.kpi_team_week
                                     WHERE caseload IS NULL OR in_offer IS NULL OR offers_started IS NULL
                                        OR exits IS NULL OR transitions IS NULL$$),
          0::bigint, 'an analyst sees every count of kpi_team_week');
SELECT is(pg_temp.n('sup_analyst', $$SELECT sum(caseload) + sum(in_offer) + sum(offers_started) + sum(exits) + sum(transitions)
                                      FROM employment_kpi.kpi_team_week WHERE level = 'team'$$),
          (SELECT sum(caseload) + sum(in_offer) + sum(offers_started) + sum(exits) + sum(transitions)
             FROM employment_kpi_internal.mv_caseworker_week)::bigint,
          'an analyst sees the true counts of kpi_team_week (the sums of the caseworker rows)');
SELECT is(pg_temp.n('sup_analyst', format($q$SELECT sum(exits) FROM employment_kpi.team_week(%L, %L) WHERE level = 'municipality'$q$,
                                          (SELECT min(week) FROM employment_kpi_internal.mv_team_week),
                                          (SELECT max(week) FROM employment_kpi_internal.mv_team_week))),
          (SELECT sum(exits) FROM employment_kpi_internal.mv_caseworker_week)::bigint,
          'an analyst sees the true counts of team_week()');
SELECT is(pg_temp.n('sup_analyst', $$SELECT count(*) FROM employment_kpi.kpi_caseworker_week
                                     WHERE caseload IS NULL OR exits IS NULL OR in_offer IS NULL OR suppressed$$),
          0::bigint, 'an analyst sees every count of kpi_caseworker_week');
-- a team leader: the own team's caseworkers; other figures as a reader sees them
SELECT is(pg_temp.as_role('sup_leader', 'SELECT team_id FROM employment_kpi.kpi_caseworker_week'),
          ARRAY[(SELECT min(team_id) FROM employment_kpi.team)],
          'a team leader sees the caseworker rows of the own team only');
SELECT is(pg_temp.n('sup_leader', 'SELECT count(*) FROM employment_kpi.kpi_caseworker_week'),
          (SELECT count(*) FROM employment_kpi_internal.mv_caseworker_week
            WHERE team_id = (SELECT min(team_id) FROM employment_kpi.team)),
          'a team leader sees every caseworker row of the own team');
SELECT is(pg_temp.n('sup_leader', $$SELECT sum(caseload) + sum(exits) + sum(in_offer) + sum(offers_started) + sum(transitions)
                                    FROM employment_kpi.kpi_caseworker_week WHERE suppressed OR caseload IS NULL OR exits IS NULL$$),
          NULL::bigint, 'a team leader sees every count of the own caseworkers');
SELECT is(pg_temp.n('sup_leader', $$SELECT sum(exits) FROM employment_kpi.kpi_caseworker_week$$),
          (SELECT sum(exits) FROM employment_kpi_internal.mv_caseworker_week
            WHERE team_id = (SELECT min(team_id) FROM employment_kpi.team))::bigint,
          'a team leader sees the true exits of the own caseworkers');
SELECT is(pg_temp.as_role('sup_leader', $$SELECT t.week || ':' || t.caseload || ':' || t.exits || ':' || t.in_offer
                                           FROM employment_kpi.kpi_team_week t
                                          WHERE t.team_id = (SELECT min(team_id) FROM employment_kpi.kpi_caseworker_week)
                                         EXCEPT
                                         SELECT c.week || ':' || sum(c.caseload) || ':' || sum(c.exits) || ':' || sum(c.in_offer)
                                           FROM employment_kpi.kpi_caseworker_week c GROUP BY c.week$$),
          '{}'::text[], 'a team leader sees the true counts of the own team in kpi_team_week');
SELECT is(pg_temp.recoverable('sup_leader', 'employment_kpi.kpi_team_week', 'week', $$level = 'municipality'$$,
                              $$level = 'team'$$, m, m,
                              format('team_id = %L', (SELECT min(team_id) FROM employment_kpi.team))), 0::bigint,
          format('a team leader recovers no %s of another team from kpi_team_week', m))
  FROM unnest(ARRAY['caseload', 'in_offer', 'offers_started', 'exits', 'transitions']) AS m;
SELECT is(pg_temp.recoverable('sup_leader',
                              format('employment_kpi.team_week(%L, %L)',
                                     (SELECT min(week) FROM employment_kpi_internal.mv_team_week),
                                     (SELECT max(week) FROM employment_kpi_internal.mv_team_week)),
                              'week', $$level = 'municipality'$$, $$level = 'team'$$, 'exits', 'exits',
                              format('team_id = %L', (SELECT min(team_id) FROM employment_kpi.team))), 0::bigint,
          'a team leader recovers no exits of another team from team_week()');
SELECT is(pg_temp.n('sup_leader', 'SELECT count(*) FROM employment_kpi.kpi_group_week WHERE exits IS NULL'),
          pg_temp.n('sup_reader', 'SELECT count(*) FROM employment_kpi.kpi_group_week WHERE exits IS NULL'),
          'a team leader sees kpi_group_week as a reader does');
-- money is not persons: budget rows are the same for every role
SELECT is(pg_temp.as_role('sup_reader', 'SELECT md5(string_agg(b::text, '','' ORDER BY b::text)) FROM employment_kpi.kpi_budget_month b'),
          pg_temp.as_role('sup_analyst', 'SELECT md5(string_agg(b::text, '','' ORDER BY b::text)) FROM employment_kpi.kpi_budget_month b'),
          'kpi_budget_month is the same for a reader and an analyst');

-------------------------------------------------------------------------------
-- complementary_suppression by hand (k = 5)
-------------------------------------------------------------------------------
SELECT is(employment_kpi_internal.complementary_suppression('{a,b,c}', '{2,7,30}', 39, 5), '{a,b}',
          'one small cell: the next smallest sibling is hidden too');
SELECT is(employment_kpi_internal.complementary_suppression('{a,b,c,d}', '{1,1,0,40}', 42, 5), '{a,b,d}',
          'two hidden cells of 1 (their sum tells) take a third');
SELECT is(employment_kpi_internal.complementary_suppression('{a,b,c}', '{2,0,0}', 2, 5), '{a,""}',
          'a small total is hidden');
SELECT is(employment_kpi_internal.complementary_suppression('{a,b,c}', '{1,1,0}', 7, 5), '{a,b}',
          'two hidden cells under a shown total whose sum is not their number stay two');
SELECT is(employment_kpi_internal.complementary_suppression('{a,b}', '{1,1}', 2, 2), '{a,b,""}',
          'hidden cells all of 1 and nothing else to hide: the total goes');
SELECT is(employment_kpi_internal.complementary_suppression('{a,b,c}', '{9,8,30}', 47, 5, true), '{b,""}',
          'a total hidden by another breakdown: one cell of this one is hidden');
SELECT is(employment_kpi_internal.complementary_suppression('{a,b,c}', '{NULL,8,30}', 41, 5), '{a,b}',
          'a cell hidden already (NULL) counts as hidden');
SELECT is(employment_kpi_internal.complementary_suppression('{a,b}', '{6,7}', 13, 5), '{}',
          'no small cell: nothing hidden');
SELECT is(employment_kpi_internal.complementary_suppression('{a,b,c}', '{2,3,30}', 35, 5, false, '{a}'), '{b,c}',
          'a cell the viewer knows counts as shown: its small sibling takes another');

SELECT * FROM finish();
ROLLBACK;
