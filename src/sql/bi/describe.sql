-- The descriptions of the bi layer's tables: re-run by every upgrade, so
-- an upgraded database describes its storage exactly as a fresh install.

COMMENT ON TABLE employment_kpi_internal.bi_relation IS
'Registry of the BI summary tables (mv_*) that refresh() refreshes, in position order (= dependency order), each by its refresh_function(mv_name text, from_date date, concurrently boolean, last_day date) RETURNS text, called with the earliest date its pending changes reach (see refresh.sql).';
SELECT employment_kpi_internal.comment_columns('employment_kpi_internal.bi_relation', $c$
position: Refresh order (ascending); a relation comes after everything it reads.
mv_name: Name of the summary table in schema employment_kpi_internal (mv_*).
refresh_function: Its refresh function, (mv_name text, from_date date, concurrently boolean, last_day date) RETURNS text: recomputes what changed from from_date on (-infinity = everything) and returns the mode it used.
depends_on: mv_* relations this one reads: when one of them fails in a refresh, this one is skipped (and logged as failed) rather than built on stale input.
last_day: data_end() at this relation's last successful refresh.
description: What the relation holds.
sources: The change sources (bi_change.source: the tables it reads, and config_suppression_k or intervention_span where it stores what they change) whose pending changes make it recompute.
$c$);

COMMENT ON TABLE employment_kpi_internal.bi_change IS
'Changes to the facts since the last refresh(), written by statement-level triggers on the fact and setting tables: per statement and citizen the earliest date the change can affect. citizen_id NULL = a change not tied to citizens (bookings, budgets, settings); changed_from -infinity = everything (TRUNCATE, settings). refresh() moves the rows to bi_pending.';
SELECT employment_kpi_internal.comment_columns('employment_kpi_internal.bi_change', $c$
source: Table that changed.
citizen_id: Citizen whose facts changed; NULL for changes not tied to a citizen.
changed_from: Earliest date whose derived figures the change can alter (for support spells already moved back by config.exit_grace_days + 1 days, because a spell can end or join the support period before it).
$c$);
SELECT employment_kpi_internal.comment_like('employment_kpi_internal.bi_change', 'employment_kpi_internal.bi_pending',
                                            'source', 'citizen_id');
COMMENT ON TABLE employment_kpi_internal.bi_change_citizen IS
'Changes to the citizen-level facts recorded on a Citus cluster: distribute() makes it a distributed table colocated with the facts, the change-tracking triggers on the facts'' shards write here (into the shard beside theirs), and refresh() moves the rows to bi_change. Empty on a single node.';
SELECT employment_kpi_internal.comment_like('employment_kpi_internal.bi_change', 'employment_kpi_internal.bi_change_citizen',
                                            'source', 'citizen_id', 'changed_from');
COMMENT ON INDEX employment_kpi_internal.bi_pending_mv IS 'Finds a summary table''s pending changes by source.';

COMMENT ON TABLE employment_kpi_internal.bi_pending IS
'Changes not yet applied to each summary table: refresh() copies bi_change to one row set per registered summary table, and each table''s refresh function deletes its rows when it succeeds, so a relation that fails keeps its changes for the next refresh.';
SELECT employment_kpi_internal.comment_columns('employment_kpi_internal.bi_pending', $c$
mv_name: Summary table the change is pending for.
changed_from: Earliest date the change can affect (see bi_change).
$c$);
COMMENT ON INDEX employment_kpi.refresh_log_started IS 'The latest refreshes first.';

COMMENT ON TABLE employment_kpi.refresh_log IS
'One row per relation per refresh() call: when it ran, how (full or incremental), the rows it holds afterwards, and the error when it failed. Written in the refresh''s own transaction.';
SELECT employment_kpi_internal.comment_columns('employment_kpi.refresh_log', $c$
view_name: Storage relation refreshed (mv_*).
started_at: Wall-clock start of this relation's refresh.
finished_at: Wall-clock end of this relation's refresh.
rows: Rows in the relation after the refresh; NULL when it failed.
mode: full, incremental, unchanged (nothing to do), full concurrently / full blocking (materialized views) or skipped (a relation it depends on failed).
ok: True when the relation was refreshed; false when it failed or was skipped (its previous contents and pending changes are kept).
error: SQLSTATE and message of the failure; NULL when ok.
$c$);

COMMENT ON TABLE employment_kpi_internal.mv_support_period IS
'BI storage (summary table, maintained by refresh()): support_periods(data_end()) for every citizen, recomputed per citizen whose spells changed. Not granted to readers.';
SELECT employment_kpi_internal.comment_columns('employment_kpi_internal.mv_support_period', $c$
citizen_id: Pseudonymous citizen id.
period_no: Number of the support period within the citizen (1 = first).
start_date: First day of the support period.
end_date: Last day of the support period as known at the refresh's last day; NULL = ongoing.
first_group_code: Target group (målgruppe) of the period's first spell.
last_group_code: Target group (målgruppe) of the period's last spell.
is_exit: True when the period ended with an exit to self-support (afgang til selvforsørgelse; period_outcome = exit).
is_transition: True when the period ended with a transition to another public benefit (period_outcome = transition).
$c$);

COMMENT ON TABLE employment_kpi_internal.mv_group_week IS
'BI storage (summary table, maintained by refresh()) behind kpi_group_week: unsuppressed counts per target group and ISO week; group_code '''' = the municipality (each citizen once). Incremental refresh recomputes the weeks from the earliest changed date on. Not granted to readers.';
SELECT employment_kpi_internal.comment_columns('employment_kpi_internal.mv_group_week', $c$
group_code: Target group (målgruppe); the empty string for the municipality total.
week: Monday of the ISO week.
days_in_week: Days of the week covered: 7, or fewer in the last week when it is not over (to date).
citizens_on_support: Citizens with a spell of the group overlapping the covered days of the week.
support_days: Days on support of the group within the covered days of the week, summed over citizens.
inflow: Support periods starting in the week, by their first group.
exits: Support periods ending in the week with an exit to self-support (period_outcome = exit), by their last group.
in_offer: Citizens on support of the group in the week with an active offer overlapping the week.
median_weeks_on_support: Median over the citizens on support of the ISO weeks since their support period started (1 in its first week).
transitions: Support periods ending in the week with a transition to another public benefit (period_outcome = transition), by their last group.
benefit_weeks: Benefit weeks: (citizen, target group) pairs with at least one day of the group's benefit in the week; the municipality row sums them over the groups (a citizen on two benefits in one week counts twice, as Jobindsats counts full-time persons).
$c$);

COMMENT ON TABLE employment_kpi_internal.mv_caseworker_week IS
'BI storage (summary table, maintained by refresh()) behind kpi_caseworker_week: scorecard_rows(by_team => false) (caseworker_week without the access check, 13-week window, true counts) for every week. Not granted to readers.';
SELECT employment_kpi_internal.comment_like('employment_kpi_internal.mv_group_week', 'employment_kpi_internal.mv_caseworker_week', 'week');
SELECT employment_kpi_internal.comment_columns('employment_kpi_internal.mv_caseworker_week', $c$
team_id: Team of the caseworker.
caseworker_id: Caseworker.
transitions: See kpi_caseworker_week.
$c$);

COMMENT ON TABLE employment_kpi_internal.mv_team_week IS
'BI storage (summary table, maintained by refresh()) behind kpi_team_week: team_week() (13-week window) for every week; the municipality row has team_id '''' here (NULL in the view). Not granted to readers.';
SELECT employment_kpi_internal.comment_like('employment_kpi_internal.mv_group_week', 'employment_kpi_internal.mv_team_week', 'week');
SELECT employment_kpi_internal.comment_columns('employment_kpi_internal.mv_team_week', $c$
level: team or municipality.
team_id: Team; the empty string on the municipality row.
transitions: See kpi_team_week.
$c$);

COMMENT ON TABLE employment_kpi_internal.mv_budget_month IS
'BI storage (summary table, maintained by refresh()) behind kpi_budget_month: budget_status(year of month, as_of) per month. Not granted to readers.';
SELECT employment_kpi_internal.comment_columns('employment_kpi_internal.mv_budget_month', $c$
month: First day of the month.
as_of: The as-of date used: the month's last day, or the last day of the data in the latest month.
area: Budget area; total for the total row.
$c$);

COMMENT ON TABLE employment_kpi_internal.mv_output_month IS
'BI storage (summary table, maintained by refresh()) behind kpi_output_month: output_ratios(month start, month end or last day) per month; scope_code '''' on the municipality row. Not granted to readers.';
SELECT employment_kpi_internal.comment_like('employment_kpi_internal.mv_budget_month', 'employment_kpi_internal.mv_output_month', 'month');
COMMENT ON COLUMN employment_kpi_internal.mv_output_month.to_date IS 'Last day covered: the month''s last day, or the last day of the data in the latest month.';

COMMENT ON TABLE employment_kpi_internal.mv_intervention_effect IS
'BI storage (summary table, maintained by refresh()) behind kpi_intervention_effect: intervention_effect(horizon_weeks, period_start, period_end) for horizons 13, 26 and 52 weeks, per calendar quarter of the start and for the last 12 months. Not granted to readers.';
SELECT employment_kpi_internal.comment_columns('employment_kpi_internal.mv_intervention_effect', $c$
period_kind: quarter (a calendar quarter of the start) or last_12_months (the 12 months to the last day of the data).
period_start: First day of the period (from_date of intervention_effect).
period_end: Last day of the period (to_date of intervention_effect).
horizon_weeks: Outcome horizon in weeks (13, 26 or 52).
type_code: Offer type (tilbudstype).
group_code: Target group (målgruppe).
$c$);

COMMENT ON TABLE employment_kpi_internal.mv_exit_curve IS
'BI storage (summary table, maintained by refresh()) behind kpi_exit_curve: intervention_exit_curve(type_code, group_code, period_start, period_end) for every offer type and target group with starts in the period, weeks 1 to 52, unsuppressed. Not granted to readers.';
SELECT employment_kpi_internal.comment_columns('employment_kpi_internal.mv_exit_curve', $c$
period_kind: quarter or last_12_months, as in mv_intervention_effect.
period_start: First day of the start period.
period_end: Last day of the start period.
$c$);
SELECT employment_kpi_internal.comment_like('employment_kpi_internal.mv_intervention_effect', 'employment_kpi_internal.mv_exit_curve',
       'type_code', 'group_code');
SELECT employment_kpi_internal.comment_columns('employment_kpi_internal.mv_exit_curve', $c$
arm: participants or comparison (see intervention_exit_curve).
week: Weeks from the start week (1 = the start week), 1..52; only weeks with an exit.
$c$);
COMMENT ON INDEX employment_kpi_internal.mv_effect_week_week IS 'Finds the weeks a refresh adds.';
COMMENT ON INDEX employment_kpi_internal.mv_effect_week_starts IS 'Finds the treated starts of the start periods a refresh recomputes (2% of the rows).';

COMMENT ON TABLE employment_kpi_internal.mv_effect_week IS
'BI storage (summary table, maintained by refresh()): effect_week_rows(NULL, NULL, NULL), the comparison weeks and treated starts of every citizen, from which the effect relations (mv_intervention_effect, mv_exit_curve) are computed. A refresh rebuilds the rows of the citizens whose spells or offers changed and adds the weeks since the data''s previous end. Not granted to readers: it holds citizen ids.';
SELECT employment_kpi_internal.comment_like('employment_kpi_internal.mv_support_period', 'employment_kpi_internal.mv_effect_week', 'citizen_id');
SELECT employment_kpi_internal.comment_like('employment_kpi_internal.mv_group_week', 'employment_kpi_internal.mv_effect_week', 'week');
SELECT employment_kpi_internal.comment_columns('employment_kpi_internal.mv_effect_week', $c$
kind: C = comparison week (on support, no offer running or starting); T = treated start (one offer starts, no other runs).
group_code: Target group (målgruppe) of the spell holding the week.
band: Duration band: weeks since the support period began 0-12 = 0, 13-25 = 1, 26-51 = 2, 52-103 = 3, 104+ = 4.
prior: An offer started earlier in the support period (prior participation).
period_week: Weeks since the support period's first week.
end_date: Last day of the support period; NULL = ongoing at the data's end, or ended with a transition to another public benefit (for the effects the citizen stays on public support).
is_exit: The support period ended with an exit (afgang til selvforsørgelse).
weekly_benefit_dkk: Weekly benefit of the spell holding the week.
type_code: Kind T: the offer type started (tilbudstype); NULL on kind C.
iv_start: Kind T: the offer's start date.
cost_dkk: Kind T: the offer's cost.
planned_weeks: Kind T: the offer's length in weeks (start to end; 1 while it has no end).
iv_end: Kind T: the offer's end date (NULL = ongoing).
$c$);

COMMENT ON TABLE employment_kpi_internal.bi_effect_comparison IS
'Internal BI storage (maintained by refresh() together with mv_effect_week, not a registered relation of its own): its comparison weeks (kind C) counted per target group, week, duration band, prior participation and outcome. Not granted to readers.';
SELECT employment_kpi_internal.comment_like('employment_kpi_internal.mv_intervention_effect', 'employment_kpi_internal.bi_effect_comparison', 'group_code');
SELECT employment_kpi_internal.comment_like('employment_kpi_internal.mv_group_week', 'employment_kpi_internal.bi_effect_comparison', 'week');
SELECT employment_kpi_internal.comment_columns('employment_kpi_internal.bi_effect_comparison', $c$
band: Duration band (see mv_effect_week.band).
prior: Prior participation.
dur: Weeks from the week's Monday to the end of the support period, capped at 53; 0 = the period is ongoing (the duration follows from the data's end when read).
ev: The period ended with an exit within 52 weeks.
n: Comparison weeks.
raw_days: Sum over the ended periods of the days from the week's Monday to the period's end (inclusive): the days on support within a horizon of at least dur weeks.
$c$);

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

COMMENT ON TABLE employment_kpi.spell_duration_limit IS
'The longest a spell of a target group can plausibly run, in weeks: an open spell that has run longer is reported by data_quality (check spell_too_long) as a probable missing end date. Not a rule of law: a plausibility limit, seeded for the groups whose benefit the law limits in time (ASSUMED values, see note) and editable; a group without a row is not checked.';
SELECT employment_kpi_internal.comment_columns('employment_kpi.spell_duration_limit', $c$
group_code: Target group (målgruppe); deleting the group deletes its limit.
max_weeks: Whole weeks from the spell's start after which an open spell is implausible.
note: Why this limit, and what in it is assumed.
seeded: True only for a seed row unchanged since CREATE EXTENSION (maintained by a trigger); rows with false are dumped by pg_dump.
$c$);

COMMENT ON TABLE employment_kpi.benchmark_measure IS
'The Jobindsats measures a download may hold, each with the figure of kpi_output_month it corresponds to (kpi, for the municipality or, with group_code, a target group): kpi_benchmark sets the municipality''s own figure beside the published ones. Seeded with the full-time person measures under ASSUMED names (write them as the download does; see docs/benchmark.md); editable.';
SELECT employment_kpi_internal.comment_columns('employment_kpi.benchmark_measure', $c$
measure: The measure as the Jobindsats download names it (the value of its measure column).
kpi: Our figure of the same definition: fulltime_persons (fuldtidspersoner, Jobindsats MM14), exits (afgange til selvforsørgelse) or transitions (overgange til anden offentlig forsørgelse), as kpi_output_month computes them per month.
group_code: Target group (målgruppe) the measure is for; NULL = all groups (the municipality). Deleting the group deletes its measures.
note: Where the measure is defined, how our definition differs, and what is assumed.
seeded: True only for a seed row unchanged since CREATE EXTENSION (maintained by a trigger); rows with false are dumped by pg_dump.
$c$);
COMMENT ON INDEX employment_kpi.benchmark_municipality_one_own IS 'At most one own municipality and one national figure.';

COMMENT ON TABLE employment_kpi.benchmark_municipality IS
'The municipalities of the Jobindsats downloads that kpi_benchmark shows: the own municipality, its peers (sammenlignelige kommuner, e.g. Jobindsats'' cluster of comparable municipalities) and the national figure (Hele landet). Not seeded: fill it with INSERT.';
SELECT employment_kpi_internal.comment_columns('employment_kpi.benchmark_municipality', $c$
municipality: The municipality as the download names it (the value of its municipality column), e.g. Aarhus or Hele landet.
role: own (the municipality whose data employment_kpi holds), peer (a comparable municipality) or national (the figure for the whole country).
label: Readable name, if it differs.
$c$);

COMMENT ON TABLE employment_kpi.benchmark IS
'Published monthly measures from Jobindsats downloads (import_benchmark): one value per municipality, month and measure.';
SELECT employment_kpi_internal.comment_columns('employment_kpi.benchmark', $c$
municipality: The municipality (or Hele landet) as the download names it.
period: The month: its first day.
measure: The measure (benchmark_measure); deleting the measure deletes its figures.
value: The published value.
$c$);
