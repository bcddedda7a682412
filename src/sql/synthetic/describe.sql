-- The descriptions of the synthetic layer's tables: re-run by every upgrade, so
-- an upgraded database describes its storage exactly as a fresh install.

COMMENT ON TABLE employment_kpi.synthetic_run IS
'Bookkeeping of the synthetic municipality currently stored (at most one row). Its presence, together with the ''syn-'' prefix of every synthetic id, marks the data generate_synthetic() may replace.';
SELECT employment_kpi_internal.comment_columns('employment_kpi.synthetic_run', $c$
id: Always true: makes the table a single row.
citizens: Number of citizens in the data: citizens with a support period running at first_week or starting later (syn-000001 ...).
first_week: Monday of the first ISO week of the data window. The simulated burn-in before it leaves no facts except the history of the support periods running at first_week (their true start dates, spells, caseworkers, conversations and offers), as a real extract holds them.
weeks: Number of ISO weeks in the data window.
seed: Seed of the random numbers; the same arguments give byte-identical tables.
last_day: Last day of the data window (a Sunday): first_week + 7 * weeks - 1. No fact is dated later, except planned end dates of offers still running.
$c$);

COMMENT ON TABLE employment_kpi.synthetic_truth IS
'Ground truth of the synthetic municipality: the true average effect on the treated (ATT) of starting an offer of type_code now versus not now, on exit to self-support (afgang til selvforsørgelse) within horizon_weeks, computed from potential outcomes on common random numbers (docs/synthetic.md). A transition to another public benefit (exit_reason other_benefit) is not an exit: outcome 0, like moving away or death. Only participant starts inside the data window whose horizon is observable count.';
SELECT employment_kpi_internal.comment_columns('employment_kpi.synthetic_truth', $c$
type_code: Offer type (tilbudstype) started.
group_code: Target group (målgruppe) of the spell in the start week.
horizon_weeks: Outcome horizon H: exit with end_date < Monday of the start week + 7 * H days.
true_att: True ATT = (exits_treated - exits_untreated) / participants: mean of Y(start now) - Y(not now) over the participant starts.
participants: Participant starts counted: start week inside the data window and start Monday + 7 * H <= the Monday after the last data week.
exits_treated: Participant starts whose factual support period (starting now) ended with an exit to self-support (afgang til selvforsørgelse: not a transition, exit_reason other_benefit, and not moved or deceased) within the horizon.
exits_untreated: Participant starts whose counterfactual support period (not starting now, free to start later) ended with an exit to self-support within the horizon.
$c$);

COMMENT ON TABLE employment_kpi.synthetic_caseworker_truth IS
'Ground truth of the synthetic caseworkers'' working styles (arbejdsstil): the multipliers the simulation applied. Exit skill and activation style are never both non-average for one caseworker.';
SELECT employment_kpi_internal.comment_columns('employment_kpi.synthetic_caseworker_truth', $c$
caseworker_id: Synthetic caseworker (sagsbehandler).
exit_skill: Multiplier of the weekly exit hazard of the caseworker's citizens (1 = average).
activation_style: Multiplier of the weekly probability that the caseworker's citizens start an offer (1 = average).
conversation_diligence: Pace of conversations: booking intervals are divided by it (1 = the base pace; it never changes exit hazards).
style: average, strong_exits, weak_exits, high_activation or low_activation.
$c$);
