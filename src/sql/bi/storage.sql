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

CREATE TABLE employment_kpi_internal.bi_change (
    source        text NOT NULL,
    citizen_id    text NULL,
    changed_from  date NOT NULL
);

-- A change of bi_change, per summary table.
CREATE TABLE employment_kpi_internal.bi_pending (
    mv_name  text NOT NULL,
    LIKE employment_kpi_internal.bi_change
);

CREATE INDEX bi_pending_mv ON employment_kpi_internal.bi_pending (mv_name, source);

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
CREATE INDEX mv_effect_week_starts ON employment_kpi_internal.mv_effect_week (week) WHERE kind = 'T';

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

