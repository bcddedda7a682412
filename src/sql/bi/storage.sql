-- The storage of the BI layer: the registry of relations, the change log
-- and pending changes, refresh_log, and the summary tables (mv_*) behind
-- the kpi_* views.  Readers are never granted any of these.

CREATE TABLE employment_kpi_internal.bi_relation (
    position          int PRIMARY KEY,
    mv_name           text NOT NULL UNIQUE CHECK (mv_name ~ '^mv_[a-z0-9_]+$'),
    refresh_function  regprocedure NOT NULL,
    depends_on        text[] NOT NULL DEFAULT '{}',
    last_day          date NULL,
    description       text NOT NULL CHECK (btrim(description) <> ''),
    sources           text[] NOT NULL DEFAULT '{}'
);

COMMENT ON TABLE employment_kpi_internal.bi_relation IS
'Registry of the BI summary tables (mv_*) that refresh() refreshes, in position order (= dependency order), each by its refresh_function(mv_name text, from_date date, concurrently boolean, last_day date) RETURNS text, called with the earliest date its pending changes reach (see refresh.sql).';
COMMENT ON COLUMN employment_kpi_internal.bi_relation.position IS 'Refresh order (ascending); a relation comes after everything it reads.';
COMMENT ON COLUMN employment_kpi_internal.bi_relation.mv_name IS 'Name of the summary table in schema employment_kpi_internal (mv_*).';
COMMENT ON COLUMN employment_kpi_internal.bi_relation.refresh_function IS 'Its refresh function, (mv_name text, from_date date, concurrently boolean, last_day date) RETURNS text: recomputes what changed from from_date on (-infinity = everything) and returns the mode it used.';
COMMENT ON COLUMN employment_kpi_internal.bi_relation.depends_on IS 'mv_* relations this one reads: when one of them fails in a refresh, this one is skipped (and logged as failed) rather than built on stale input.';
COMMENT ON COLUMN employment_kpi_internal.bi_relation.last_day IS 'data_end() at this relation''s last successful refresh.';
COMMENT ON COLUMN employment_kpi_internal.bi_relation.description IS 'What the relation holds.';
COMMENT ON COLUMN employment_kpi_internal.bi_relation.sources IS 'The change sources (bi_change.source: the tables it reads, and config_suppression_k or intervention_span where it stores what they change) whose pending changes make it recompute.';

CREATE TABLE employment_kpi_internal.bi_change (
    source        text NOT NULL,
    citizen_id    text NULL,
    changed_from  date NOT NULL
);

COMMENT ON TABLE employment_kpi_internal.bi_change IS
'Changes to the facts since the last refresh(), written by statement-level triggers on the fact and setting tables: per statement and citizen the earliest date the change can affect. citizen_id NULL = a change not tied to citizens (bookings, budgets, settings); changed_from -infinity = everything (TRUNCATE, settings). refresh() moves the rows to bi_pending.';
COMMENT ON COLUMN employment_kpi_internal.bi_change.source IS 'Table that changed.';
COMMENT ON COLUMN employment_kpi_internal.bi_change.citizen_id IS 'Citizen whose facts changed; NULL for changes not tied to a citizen.';
COMMENT ON COLUMN employment_kpi_internal.bi_change.changed_from IS 'Earliest date whose derived figures the change can alter (for support spells already moved back by config.exit_grace_days + 1 days, because a spell can end or join the support period before it).';

-- A change of bi_change, per summary table.
CREATE TABLE employment_kpi_internal.bi_pending (
    mv_name  text NOT NULL,
    LIKE employment_kpi_internal.bi_change INCLUDING COMMENTS
);

CREATE INDEX bi_pending_mv ON employment_kpi_internal.bi_pending (mv_name, source);
COMMENT ON INDEX employment_kpi_internal.bi_pending_mv IS 'Finds a summary table''s pending changes by source.';

COMMENT ON TABLE employment_kpi_internal.bi_pending IS
'Changes not yet applied to each summary table: refresh() copies bi_change to one row set per registered summary table, and each table''s refresh function deletes its rows when it succeeds, so a relation that fails keeps its changes for the next refresh.';
COMMENT ON COLUMN employment_kpi_internal.bi_pending.mv_name IS 'Summary table the change is pending for.';
COMMENT ON COLUMN employment_kpi_internal.bi_pending.changed_from IS 'Earliest date the change can affect (see bi_change).';

CREATE TABLE employment_kpi.refresh_log (
    view_name    text NOT NULL,
    started_at   timestamptz NOT NULL,
    finished_at  timestamptz NOT NULL,
    rows         bigint NULL,
    mode         text NOT NULL,
    ok           boolean NOT NULL,
    error        text NULL,
    PRIMARY KEY (view_name, started_at)
);

CREATE INDEX refresh_log_started ON employment_kpi.refresh_log (started_at);
COMMENT ON INDEX employment_kpi.refresh_log_started IS 'The latest refreshes first.';

COMMENT ON TABLE employment_kpi.refresh_log IS
'One row per relation per refresh() call: when it ran, how (full or incremental), the rows it holds afterwards, and the error when it failed. Written in the refresh''s own transaction.';
COMMENT ON COLUMN employment_kpi.refresh_log.view_name IS 'Storage relation refreshed (mv_*).';
COMMENT ON COLUMN employment_kpi.refresh_log.started_at IS 'Wall-clock start of this relation''s refresh.';
COMMENT ON COLUMN employment_kpi.refresh_log.finished_at IS 'Wall-clock end of this relation''s refresh.';
COMMENT ON COLUMN employment_kpi.refresh_log.rows IS 'Rows in the relation after the refresh; NULL when it failed.';
COMMENT ON COLUMN employment_kpi.refresh_log.mode IS 'full, incremental, unchanged (nothing to do), full concurrently / full blocking (materialized views) or skipped (a relation it depends on failed).';
COMMENT ON COLUMN employment_kpi.refresh_log.ok IS 'True when the relation was refreshed; false when it failed or was skipped (its previous contents and pending changes are kept).';
COMMENT ON COLUMN employment_kpi.refresh_log.error IS 'SQLSTATE and message of the failure; NULL when ok.';

SELECT pg_catalog.pg_extension_config_dump('employment_kpi.refresh_log', '');

-------------------------------------------------------------------------------
-- mv_support_period: support periods as of data_end(), kept per citizen
-------------------------------------------------------------------------------

CREATE TABLE employment_kpi_internal.mv_support_period (
    citizen_id        text NOT NULL,
    period_no         int NOT NULL,
    start_date        date NOT NULL,
    end_date          date NULL,
    first_group_code  text NOT NULL,
    last_group_code   text NOT NULL,
    is_exit           boolean NOT NULL,
    is_transition     boolean NOT NULL,
    PRIMARY KEY (citizen_id, period_no)
);

COMMENT ON TABLE employment_kpi_internal.mv_support_period IS
'BI storage (summary table, maintained by refresh()): support_periods(data_end()) for every citizen, recomputed per citizen whose spells changed. Not granted to readers.';
COMMENT ON COLUMN employment_kpi_internal.mv_support_period.citizen_id IS 'Pseudonymous citizen id.';
COMMENT ON COLUMN employment_kpi_internal.mv_support_period.period_no IS 'Number of the support period within the citizen (1 = first).';
COMMENT ON COLUMN employment_kpi_internal.mv_support_period.start_date IS 'First day of the support period.';
COMMENT ON COLUMN employment_kpi_internal.mv_support_period.end_date IS 'Last day of the support period as known at the refresh''s last day; NULL = ongoing.';
COMMENT ON COLUMN employment_kpi_internal.mv_support_period.first_group_code IS 'Target group (målgruppe) of the period''s first spell.';
COMMENT ON COLUMN employment_kpi_internal.mv_support_period.last_group_code IS 'Target group (målgruppe) of the period''s last spell.';
COMMENT ON COLUMN employment_kpi_internal.mv_support_period.is_exit IS 'True when the period ended with an exit to self-support (afgang til selvforsørgelse; period_outcome = exit).';
COMMENT ON COLUMN employment_kpi_internal.mv_support_period.is_transition IS 'True when the period ended with a transition to another public benefit (period_outcome = transition).';

-------------------------------------------------------------------------------
-- mv_group_week: per target group (and the municipality) and ISO week
-------------------------------------------------------------------------------

CREATE TABLE employment_kpi_internal.mv_group_week (
    group_code               text NOT NULL,
    week                     date NOT NULL,
    days_in_week             int NOT NULL,
    citizens_on_support      bigint NOT NULL,
    support_days             bigint NOT NULL,
    inflow                   bigint NOT NULL,
    exits                    bigint NOT NULL,
    in_offer                 bigint NOT NULL,
    median_weeks_on_support  double precision NULL,
    transitions              bigint NOT NULL,
    benefit_weeks            bigint NOT NULL,
    PRIMARY KEY (group_code, week)
);

COMMENT ON TABLE employment_kpi_internal.mv_group_week IS
'BI storage (summary table, maintained by refresh()) behind kpi_group_week: unsuppressed counts per target group and ISO week; group_code '''' = the municipality (each citizen once). Incremental refresh recomputes the weeks from the earliest changed date on. Not granted to readers.';
COMMENT ON COLUMN employment_kpi_internal.mv_group_week.group_code IS 'Target group (målgruppe); the empty string for the municipality total.';
COMMENT ON COLUMN employment_kpi_internal.mv_group_week.week IS 'Monday of the ISO week.';
COMMENT ON COLUMN employment_kpi_internal.mv_group_week.days_in_week IS 'Days of the week covered: 7, or fewer in the last week when it is not over (to date).';
COMMENT ON COLUMN employment_kpi_internal.mv_group_week.citizens_on_support IS 'Citizens with a spell of the group overlapping the covered days of the week.';
COMMENT ON COLUMN employment_kpi_internal.mv_group_week.support_days IS 'Days on support of the group within the covered days of the week, summed over citizens.';
COMMENT ON COLUMN employment_kpi_internal.mv_group_week.inflow IS 'Support periods starting in the week, by their first group.';
COMMENT ON COLUMN employment_kpi_internal.mv_group_week.exits IS 'Support periods ending in the week with an exit to self-support (period_outcome = exit), by their last group.';
COMMENT ON COLUMN employment_kpi_internal.mv_group_week.in_offer IS 'Citizens on support of the group in the week with an active offer overlapping the week.';
COMMENT ON COLUMN employment_kpi_internal.mv_group_week.median_weeks_on_support IS 'Median over the citizens on support of the ISO weeks since their support period started (1 in its first week).';
COMMENT ON COLUMN employment_kpi_internal.mv_group_week.transitions IS 'Support periods ending in the week with a transition to another public benefit (period_outcome = transition), by their last group.';
COMMENT ON COLUMN employment_kpi_internal.mv_group_week.benefit_weeks IS 'Benefit weeks: (citizen, target group) pairs with at least one day of the group''s benefit in the week; the municipality row sums them over the groups (a citizen on two benefits in one week counts twice, as Jobindsats counts full-time persons).';

-------------------------------------------------------------------------------
-- mv_caseworker_week, mv_team_week: the scorecards per ISO week
-------------------------------------------------------------------------------

-- The two tables hold the same figures, per caseworker and per team (and
-- the municipality): the figures are declared once, after the key columns
-- of each.
DO $do$
DECLARE
    v_figures CONSTANT text := $cols$
        caseload               int NULL,
        conversations_held     int NULL,
        no_shows               int NULL,
        in_offer               int NULL,
        activation_rate        double precision NULL,
        offers_started         int NULL,
        exits                  int NULL,
        exits_per_100          double precision NULL,
        timeliness             double precision NULL,
        portfolio_share        double precision NULL,
        exits_expected         double precision NULL,
        exits_oe               double precision NULL,
        exits_flag             text NULL,
        activation_oe          double precision NULL,
        activation_flag        text NULL,
        suppressed             boolean NOT NULL,
        transitions            int NULL$cols$;
BEGIN
    EXECUTE pg_catalog.format('CREATE TABLE employment_kpi_internal.mv_caseworker_week (
        week date NOT NULL, team_id text NOT NULL, caseworker_id text NOT NULL, %s,
        PRIMARY KEY (week, caseworker_id))', v_figures);
    EXECUTE pg_catalog.format('CREATE TABLE employment_kpi_internal.mv_team_week (
        week date NOT NULL, level text NOT NULL, team_id text NOT NULL, caseworkers int NULL, %s,
        PRIMARY KEY (week, team_id))', v_figures);
END
$do$;

COMMENT ON TABLE employment_kpi_internal.mv_caseworker_week IS
'BI storage (summary table, maintained by refresh()) behind kpi_caseworker_week: scorecard_caseworker_rows() (caseworker_week without the access check, 13-week window, true counts) for every week. Not granted to readers.';
SELECT employment_kpi_internal.comment_like('employment_kpi_internal.mv_group_week', 'employment_kpi_internal.mv_caseworker_week', 'week');
COMMENT ON COLUMN employment_kpi_internal.mv_caseworker_week.team_id IS 'Team of the caseworker.';
COMMENT ON COLUMN employment_kpi_internal.mv_caseworker_week.caseworker_id IS 'Caseworker.';
COMMENT ON COLUMN employment_kpi_internal.mv_caseworker_week.transitions IS 'See kpi_caseworker_week.';

COMMENT ON TABLE employment_kpi_internal.mv_team_week IS
'BI storage (summary table, maintained by refresh()) behind kpi_team_week: team_week() (13-week window) for every week; the municipality row has team_id '''' here (NULL in the view). Not granted to readers.';
SELECT employment_kpi_internal.comment_like('employment_kpi_internal.mv_group_week', 'employment_kpi_internal.mv_team_week', 'week');
COMMENT ON COLUMN employment_kpi_internal.mv_team_week.level IS 'team or municipality.';
COMMENT ON COLUMN employment_kpi_internal.mv_team_week.team_id IS 'Team; the empty string on the municipality row.';
COMMENT ON COLUMN employment_kpi_internal.mv_team_week.transitions IS 'See kpi_team_week.';

-------------------------------------------------------------------------------
-- mv_budget_month, mv_output_month: budget and output per month
-------------------------------------------------------------------------------

CREATE TABLE employment_kpi_internal.mv_budget_month (
    month                   date NOT NULL,
    as_of                   date NOT NULL,
    area                    text NOT NULL,
    kind                    text NULL,
    budget_dkk              numeric NULL,
    ytd_budget_dkk          numeric NULL,
    ytd_actual_dkk          numeric NULL,
    ytd_variance_dkk        numeric NULL,
    forecast_dkk            numeric NULL,
    projected_variance_dkk  numeric NULL,
    overrun_risk            text NULL,
    forecast_through        date NULL,
    forecast_basis          text NULL,
    PRIMARY KEY (month, area)
);

COMMENT ON TABLE employment_kpi_internal.mv_budget_month IS
'BI storage (summary table, maintained by refresh()) behind kpi_budget_month: budget_status(year of month, as_of) per month. Not granted to readers.';
COMMENT ON COLUMN employment_kpi_internal.mv_budget_month.month IS 'First day of the month.';
COMMENT ON COLUMN employment_kpi_internal.mv_budget_month.as_of IS 'The as-of date used: the month''s last day, or the last day of the data in the latest month.';
COMMENT ON COLUMN employment_kpi_internal.mv_budget_month.area IS 'Budget area; total for the total row.';

CREATE TABLE employment_kpi_internal.mv_output_month (
    month                     date NOT NULL,
    to_date                   date NOT NULL,
    scope                     text NOT NULL,
    scope_code                text NOT NULL,
    fulltime_persons          double precision NULL,
    gross_benefit_dkk         numeric NULL,
    net_benefit_dkk           numeric NULL,
    refund_dkk                numeric NULL,
    intervention_cost_dkk     numeric NULL,
    conversations             bigint NULL,
    offer_weeks               bigint NULL,
    exits                     bigint NULL,
    cost_per_fulltime_person  numeric NULL,
    cost_per_conversation     numeric NULL,
    cost_per_offer_week       numeric NULL,
    cost_per_exit             numeric NULL,
    fulltime_persons_days     double precision NULL,
    transitions               bigint NULL,
    PRIMARY KEY (month, scope, scope_code)
);

COMMENT ON TABLE employment_kpi_internal.mv_output_month IS
'BI storage (summary table, maintained by refresh()) behind kpi_output_month: output_ratios(month start, month end or last day) per month; scope_code '''' on the municipality row. Not granted to readers.';
SELECT employment_kpi_internal.comment_like('employment_kpi_internal.mv_budget_month', 'employment_kpi_internal.mv_output_month', 'month');
COMMENT ON COLUMN employment_kpi_internal.mv_output_month.to_date IS 'Last day covered: the month''s last day, or the last day of the data in the latest month.';

-------------------------------------------------------------------------------
-- mv_intervention_effect, mv_exit_curve, mv_effect_week: the effects
-------------------------------------------------------------------------------

CREATE TABLE employment_kpi_internal.mv_intervention_effect (
    period_kind                           text NOT NULL CHECK (period_kind IN ('quarter', 'last_12_months')),
    period_start                          date NOT NULL,
    period_end                            date NOT NULL,
    horizon_weeks                         int NOT NULL,
    type_code                             text NOT NULL,
    group_code                            text NOT NULL,
    participants                          bigint NOT NULL,
    exit_rate                             double precision NULL,
    exit_rate_low                         double precision NULL,
    exit_rate_high                        double precision NULL,
    comparison_rate                       double precision NULL,
    att                                   double precision NULL,
    att_low                               double precision NULL,
    att_high                              double precision NULL,
    unmatched                             bigint NOT NULL,
    median_weeks_to_exit                  double precision NULL,
    comparison_median_weeks               double precision NULL,
    lock_in                               double precision NULL,
    self_support_share                    double precision NULL,
    cost_per_participant                  numeric NULL,
    cost_per_extra_exit                   numeric NULL,
    net_municipal_saving_per_participant  numeric NULL,
    observable                            bigint NOT NULL,
    comparison_rate_low                   double precision NULL,
    comparison_rate_high                  double precision NULL,
    significant                           boolean NULL,
    PRIMARY KEY (period_kind, period_start, horizon_weeks, type_code, group_code)
);

COMMENT ON TABLE employment_kpi_internal.mv_intervention_effect IS
'BI storage (summary table, maintained by refresh()) behind kpi_intervention_effect: intervention_effect(horizon_weeks, period_start, period_end) for horizons 13, 26 and 52 weeks, per calendar quarter of the start and for the last 12 months. Not granted to readers.';
COMMENT ON COLUMN employment_kpi_internal.mv_intervention_effect.period_kind IS 'quarter (a calendar quarter of the start) or last_12_months (the 12 months to the last day of the data).';
COMMENT ON COLUMN employment_kpi_internal.mv_intervention_effect.period_start IS 'First day of the period (from_date of intervention_effect).';
COMMENT ON COLUMN employment_kpi_internal.mv_intervention_effect.period_end IS 'Last day of the period (to_date of intervention_effect).';
COMMENT ON COLUMN employment_kpi_internal.mv_intervention_effect.horizon_weeks IS 'Outcome horizon in weeks (13, 26 or 52).';
COMMENT ON COLUMN employment_kpi_internal.mv_intervention_effect.type_code IS 'Offer type (tilbudstype).';
COMMENT ON COLUMN employment_kpi_internal.mv_intervention_effect.group_code IS 'Target group (målgruppe).';

CREATE TABLE employment_kpi_internal.mv_exit_curve (
    period_kind   text NOT NULL CHECK (period_kind IN ('quarter', 'last_12_months')),
    period_start  date NOT NULL,
    period_end    date NOT NULL,
    type_code     text NOT NULL,
    group_code    text NOT NULL,
    arm           text NOT NULL CHECK (arm IN ('participants', 'comparison')),
    week          int NOT NULL,
    surv          double precision NOT NULL,
    lower         double precision NULL,
    upper         double precision NULL,
    n_risk        bigint NOT NULL,
    PRIMARY KEY (period_kind, period_start, type_code, group_code, arm, week)
);

COMMENT ON TABLE employment_kpi_internal.mv_exit_curve IS
'BI storage (summary table, maintained by refresh()) behind kpi_exit_curve: intervention_exit_curve(type_code, group_code, period_start, period_end) for every offer type and target group with starts in the period, weeks 1 to 52, unsuppressed. Not granted to readers.';
COMMENT ON COLUMN employment_kpi_internal.mv_exit_curve.period_kind IS 'quarter or last_12_months, as in mv_intervention_effect.';
COMMENT ON COLUMN employment_kpi_internal.mv_exit_curve.period_start IS 'First day of the start period.';
COMMENT ON COLUMN employment_kpi_internal.mv_exit_curve.period_end IS 'Last day of the start period.';
SELECT employment_kpi_internal.comment_like('employment_kpi_internal.mv_intervention_effect', 'employment_kpi_internal.mv_exit_curve',
       'type_code', 'group_code');
COMMENT ON COLUMN employment_kpi_internal.mv_exit_curve.arm IS 'participants or comparison (see intervention_exit_curve).';
COMMENT ON COLUMN employment_kpi_internal.mv_exit_curve.week IS 'Weeks from the start week (1 = the start week), 1..52; only weeks with an exit.';

-- The person-weeks of every citizen (effect_week_rows), kept by refresh()
-- (bi/effects.sql).
CREATE TABLE employment_kpi_internal.mv_effect_week (
    citizen_id          text NOT NULL,
    week                date NOT NULL,
    kind                text NOT NULL CHECK (kind IN ('C', 'T')),
    group_code          text NOT NULL,
    band                int NOT NULL,
    prior               boolean NOT NULL,
    period_week         int NOT NULL,
    end_date            date NULL,
    is_exit             boolean NULL,
    weekly_benefit_dkk  numeric NULL,
    type_code           text NULL,
    iv_start            date NULL,
    cost_dkk            numeric NULL,
    planned_weeks       int NULL,
    iv_end              date NULL,
    PRIMARY KEY (citizen_id, week)
);

CREATE INDEX mv_effect_week_week ON employment_kpi_internal.mv_effect_week (week);
COMMENT ON INDEX employment_kpi_internal.mv_effect_week_week IS 'Finds the weeks a refresh adds.';
CREATE INDEX mv_effect_week_starts ON employment_kpi_internal.mv_effect_week (week) WHERE kind = 'T';
COMMENT ON INDEX employment_kpi_internal.mv_effect_week_starts IS 'Finds the treated starts of the start periods a refresh recomputes (2% of the rows).';

COMMENT ON TABLE employment_kpi_internal.mv_effect_week IS
'BI storage (summary table, maintained by refresh()): effect_week_rows(NULL, NULL, NULL), the comparison weeks and treated starts of every citizen, from which the effect relations (mv_intervention_effect, mv_exit_curve) are computed. A refresh rebuilds the rows of the citizens whose spells or offers changed and adds the weeks since the data''s previous end. Not granted to readers: it holds citizen ids.';
SELECT employment_kpi_internal.comment_like('employment_kpi_internal.mv_support_period', 'employment_kpi_internal.mv_effect_week', 'citizen_id');
SELECT employment_kpi_internal.comment_like('employment_kpi_internal.mv_group_week', 'employment_kpi_internal.mv_effect_week', 'week');
COMMENT ON COLUMN employment_kpi_internal.mv_effect_week.kind IS 'C = comparison week (on support, no offer running or starting); T = treated start (one offer starts, no other runs).';
COMMENT ON COLUMN employment_kpi_internal.mv_effect_week.group_code IS 'Target group (målgruppe) of the spell holding the week.';
COMMENT ON COLUMN employment_kpi_internal.mv_effect_week.band IS 'Duration band: weeks since the support period began 0-12 = 0, 13-25 = 1, 26-51 = 2, 52-103 = 3, 104+ = 4.';
COMMENT ON COLUMN employment_kpi_internal.mv_effect_week.prior IS 'An offer started earlier in the support period (prior participation).';
COMMENT ON COLUMN employment_kpi_internal.mv_effect_week.period_week IS 'Weeks since the support period''s first week.';
COMMENT ON COLUMN employment_kpi_internal.mv_effect_week.end_date IS 'Last day of the support period; NULL = ongoing at the data''s end, or ended with a transition to another public benefit (for the effects the citizen stays on public support).';
COMMENT ON COLUMN employment_kpi_internal.mv_effect_week.is_exit IS 'The support period ended with an exit (afgang til selvforsørgelse).';
COMMENT ON COLUMN employment_kpi_internal.mv_effect_week.weekly_benefit_dkk IS 'Weekly benefit of the spell holding the week.';
COMMENT ON COLUMN employment_kpi_internal.mv_effect_week.type_code IS 'Kind T: the offer type started (tilbudstype); NULL on kind C.';
COMMENT ON COLUMN employment_kpi_internal.mv_effect_week.iv_start IS 'Kind T: the offer''s start date.';
COMMENT ON COLUMN employment_kpi_internal.mv_effect_week.cost_dkk IS 'Kind T: the offer''s cost.';
COMMENT ON COLUMN employment_kpi_internal.mv_effect_week.planned_weeks IS 'Kind T: the offer''s length in weeks (start to end; 1 while it has no end).';
COMMENT ON COLUMN employment_kpi_internal.mv_effect_week.iv_end IS 'Kind T: the offer''s end date (NULL = ongoing).';

-- The comparison weeks of mv_effect_week counted per stratum and outcome,
-- kept with it by refresh() (a delta per changed citizen): what the effect
-- relations read instead of the 1.7 million rows of a 50,000-citizen
-- municipality.  An ongoing period's outcome depends on the data's end, so
-- those weeks are counted under dur = 0 and get their duration when read.
-- Durations are capped at 53 weeks (cap 52, as the BI relations use).
CREATE TABLE employment_kpi_internal.bi_effect_comparison (
    group_code  text NOT NULL,
    week        date NOT NULL,
    band        int NOT NULL,
    prior       boolean NOT NULL,
    dur         int NOT NULL CHECK (dur BETWEEN 0 AND 53),
    ev          boolean NOT NULL,
    n           bigint NOT NULL,
    raw_days    bigint NOT NULL,
    PRIMARY KEY (group_code, week, band, prior, dur, ev)
);

COMMENT ON TABLE employment_kpi_internal.bi_effect_comparison IS
'Internal BI storage (maintained by refresh() together with mv_effect_week, not a registered relation of its own): its comparison weeks (kind C) counted per target group, week, duration band, prior participation and outcome. Not granted to readers.';
SELECT employment_kpi_internal.comment_like('employment_kpi_internal.mv_intervention_effect', 'employment_kpi_internal.bi_effect_comparison', 'group_code');
SELECT employment_kpi_internal.comment_like('employment_kpi_internal.mv_group_week', 'employment_kpi_internal.bi_effect_comparison', 'week');
COMMENT ON COLUMN employment_kpi_internal.bi_effect_comparison.band IS 'Duration band (see mv_effect_week.band).';
COMMENT ON COLUMN employment_kpi_internal.bi_effect_comparison.prior IS 'Prior participation.';
COMMENT ON COLUMN employment_kpi_internal.bi_effect_comparison.dur IS 'Weeks from the week''s Monday to the end of the support period, capped at 53; 0 = the period is ongoing (the duration follows from the data''s end when read).';
COMMENT ON COLUMN employment_kpi_internal.bi_effect_comparison.ev IS 'The period ended with an exit within 52 weeks.';
COMMENT ON COLUMN employment_kpi_internal.bi_effect_comparison.n IS 'Comparison weeks.';
COMMENT ON COLUMN employment_kpi_internal.bi_effect_comparison.raw_days IS 'Sum over the ended periods of the days from the week''s Monday to the period''s end (inclusive): the days on support within a horizon of at least dur weeks.';

-- The other columns of the summary tables hold the figures of a view or
-- function described there: each of them points to its description.
DO $do$
DECLARE
    v_col record;
BEGIN
    FOR v_col IN
        SELECT d.mv_name, a.attname, d.described_by
          FROM (VALUES ('mv_caseworker_week', 'kpi_caseworker_week'), ('mv_team_week', 'kpi_team_week'),
                       ('mv_budget_month', 'kpi_budget_month'), ('mv_output_month', 'kpi_output_month'),
                       ('mv_intervention_effect', 'intervention_effect'),
                       ('mv_exit_curve', 'intervention_exit_curve')) AS d(mv_name, described_by)
          JOIN pg_catalog.pg_attribute a
            ON a.attrelid = pg_catalog.format('employment_kpi_internal.%I', d.mv_name)::regclass
         WHERE a.attnum > 0 AND NOT a.attisdropped
           AND pg_catalog.col_description(a.attrelid, a.attnum) IS NULL
    LOOP
        EXECUTE pg_catalog.format('COMMENT ON COLUMN employment_kpi_internal.%I.%I IS %L',
                                  v_col.mv_name, v_col.attname, 'See ' || v_col.described_by || '.');
    END LOOP;
END
$do$;
