-- The descriptions of the kpi layer's tables: re-run by every upgrade, so
-- an upgraded database describes its storage exactly as a fresh install.

SELECT employment_kpi_internal.comment_columns('employment_kpi.contact_window_rule', $c$
rule_id: Identifier of the rule, passed through to the output.
group_code: Target group (målgruppe) the rule applies to; compared bytewise with the spell groups.
effective_from: First day the rule is in force (ikrafttræden); -infinity allowed.
effective_to: Last day the rule is in force (inclusive); NULL = still in force.
window_from_week: Start of the window in whole weeks since the start of the current benefit (inclusive; >= 0).
window_to_week: End of the window in whole weeks since the start of the current benefit (exclusive; > window_from_week).
min_conversations: Minimum number of held conversations (afholdte samtaler) in the window (>= 1).
coverage_pct: NULL = a per-citizen rule; a percentage in (0, 100] = a portfolio rule (porteføljekrav), passed through to the output.
conversation_kinds: The conversation kinds (conversation.kind) that count, e.g. {job}; NULL = every kind; not empty, no NULL elements.
$c$);

COMMENT ON TYPE employment_kpi_internal.effect_person_week IS
'Internal: a row of the effect estimator''s person-weeks, what effect_person_weeks (from the facts) and bi_effect_person_weeks (from the BI storage) return and effect_load reads: a treated start (kind T, one row each) or comparison citizen-weeks counted per stratum and outcome (kind C).';

SELECT employment_kpi_internal.comment_columns('employment_kpi_internal.effect_person_week', $c$
kind: T = a treated start (one offer starting in the week, none other running); C = comparison weeks (on support, no offer running or starting).
type_code: The offer's type (kind T); NULL for kind C.
group_code: Target group of the support period.
week: Monday of the ISO week.
band: Duration band of the support period in the week (duration_band).
prior: Whether an offer of the support period started before the week (prior participation).
citizen_id: The citizen (kind T); NULL for kind C, whose rows are counts.
dur: Weeks from the week's Monday to the support period's end (1 = that week; while ongoing, the whole weeks observed), capped at cap + 1 (effect_outcome).
ev: Ended with an exit within cap weeks (effect_outcome).
n: Person-weeks the row stands for (1 for kind T).
ended: Of them, those in a support period that ended.
ended_days: Days from their Mondays to those ends, together (effect_days gives the days on support within a horizon).
planned_weeks: The offer's planned length in weeks, when the period's end did not cut it short (kind T).
cost_dkk: The offer's cost (kind T).
weekly_benefit_dkk: The spell's weekly benefit (kind T).
observable_to: The Monday after the data's last week: an outcome at horizon H is observable when week + 7 H <= observable_to.
period_week: Weeks since the support period began (kind T).
start_date: The offer's start (kind T).
$c$);
