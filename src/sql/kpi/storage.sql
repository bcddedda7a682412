-- ---------------------------------------------------------------------------
-- 69_timeliness.sql: contact-rule windows (rettidighed), issue 5.
--
--   * contact_window_rule: a contact rule as a value (the columns of
--     contact_rule that define a window)
--   * contact_windows: the windows of one support period that end in a day
--     range, with the held conversations in each (src/timeliness.c)
--
-- Sorted before 70_scorecard.sql because scorecard_raw calls it.
-- ---------------------------------------------------------------------------

CREATE TYPE employment_kpi.contact_window_rule AS (
    rule_id            text,
    group_code         text,
    effective_from     date,
    effective_to       date,
    window_from_week   int,
    window_to_week     int,
    min_conversations  int,
    coverage_pct       numeric
);
COMMENT ON TYPE employment_kpi.contact_window_rule IS
'A contact rule (samtalekrav) as a value, the argument type of contact_windows: build it from employment_kpi.contact_rule with ROW(rule_id, group_code, effective_from, effective_to, window_from_week, window_to_week, min_conversations, coverage_pct)::employment_kpi.contact_window_rule, or write hypothetical rules by hand.';
COMMENT ON COLUMN employment_kpi.contact_window_rule.rule_id IS 'Identifier of the rule, passed through to the output.';
COMMENT ON COLUMN employment_kpi.contact_window_rule.group_code IS 'Target group (målgruppe) the rule applies to; compared bytewise with the spell groups.';
COMMENT ON COLUMN employment_kpi.contact_window_rule.effective_from IS 'First day the rule is in force (ikrafttræden); -infinity allowed.';
COMMENT ON COLUMN employment_kpi.contact_window_rule.effective_to IS 'Last day the rule is in force (inclusive); NULL = still in force.';
COMMENT ON COLUMN employment_kpi.contact_window_rule.window_from_week IS 'Start of the window in whole weeks since the start of the support period (inclusive; >= 0).';
COMMENT ON COLUMN employment_kpi.contact_window_rule.window_to_week IS 'End of the window in whole weeks since the start of the support period (exclusive; > window_from_week).';
COMMENT ON COLUMN employment_kpi.contact_window_rule.min_conversations IS 'Minimum number of held conversations (afholdte samtaler) in the window (>= 1).';
COMMENT ON COLUMN employment_kpi.contact_window_rule.coverage_pct IS 'NULL = a per-citizen rule; a percentage in (0, 100] = a portfolio rule (porteføljekrav), passed through to the output.';

-- The BI layer's copy of effect_week_rows for every citizen and week, kept by
-- refresh() (see 93_bi_effects.sql; created here because the effect
-- functions below can read it).
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
COMMENT ON COLUMN employment_kpi_internal.mv_effect_week.citizen_id IS 'Pseudonymous citizen id.';
COMMENT ON COLUMN employment_kpi_internal.mv_effect_week.week IS 'Monday of the ISO week.';
COMMENT ON COLUMN employment_kpi_internal.mv_effect_week.kind IS 'C = comparison week (on support, no offer running or starting); T = treated start (one offer starts, no other runs).';
COMMENT ON COLUMN employment_kpi_internal.mv_effect_week.group_code IS 'Target group (målgruppe) of the spell holding the week.';
COMMENT ON COLUMN employment_kpi_internal.mv_effect_week.band IS 'Duration band: weeks since the support period began 0-12 = 0, 13-25 = 1, 26-51 = 2, 52-103 = 3, 104+ = 4.';
COMMENT ON COLUMN employment_kpi_internal.mv_effect_week.prior IS 'An offer started earlier in the support period (prior participation).';
COMMENT ON COLUMN employment_kpi_internal.mv_effect_week.period_week IS 'Weeks since the support period''s first week.';
COMMENT ON COLUMN employment_kpi_internal.mv_effect_week.end_date IS 'Last day of the support period; NULL = ongoing at the data''s end.';
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
COMMENT ON COLUMN employment_kpi_internal.bi_effect_comparison.group_code IS 'Target group (målgruppe).';
COMMENT ON COLUMN employment_kpi_internal.bi_effect_comparison.week IS 'Monday of the ISO week.';
COMMENT ON COLUMN employment_kpi_internal.bi_effect_comparison.band IS 'Duration band (see mv_effect_week.band).';
COMMENT ON COLUMN employment_kpi_internal.bi_effect_comparison.prior IS 'Prior participation.';
COMMENT ON COLUMN employment_kpi_internal.bi_effect_comparison.dur IS 'Weeks from the week''s Monday to the end of the support period, capped at 53; 0 = the period is ongoing (the duration follows from the data''s end when read).';
COMMENT ON COLUMN employment_kpi_internal.bi_effect_comparison.ev IS 'The period ended with an exit within 52 weeks.';
COMMENT ON COLUMN employment_kpi_internal.bi_effect_comparison.n IS 'Comparison weeks.';
COMMENT ON COLUMN employment_kpi_internal.bi_effect_comparison.raw_days IS 'Sum over the ended periods of the days from the week''s Monday to the period''s end (inclusive): the days on support within a horizon of at least dur weeks.';
