-- The storage of the synthetic municipality: synthetic_run (the current
-- synthetic data set) and the planted truth (synthetic_truth,
-- synthetic_caseworker_truth).  The model is documented in docs/synthetic.md.
--
-- Marker of synthetic data: every id it writes starts with 'syn-' and the
-- one-row table synthetic_run describes the current synthetic data set.  Any
-- row without the prefix, or any row at all while synthetic_run is empty, is
-- data the generator did not make: it then refuses unless replace_real_data.

CREATE TABLE employment_kpi.synthetic_run (
    id          boolean PRIMARY KEY DEFAULT true CHECK (id),
    citizens    int NOT NULL CHECK (citizens >= 1),
    first_week  date NOT NULL,
    weeks       int NOT NULL CHECK (weeks >= 1),
    seed        int NOT NULL,
    last_day    date NOT NULL CHECK (last_day > first_week)
);

COMMENT ON TABLE employment_kpi.synthetic_run IS
'Bookkeeping of the synthetic municipality currently stored (at most one row). Its presence, together with the ''syn-'' prefix of every synthetic id, marks the data generate_synthetic() may replace.';
COMMENT ON COLUMN employment_kpi.synthetic_run.id IS 'Always true: makes the table a single row.';
COMMENT ON COLUMN employment_kpi.synthetic_run.citizens IS 'Number of citizens in the data: citizens with a support period running at first_week or starting later (syn-000001 ...).';
COMMENT ON COLUMN employment_kpi.synthetic_run.first_week IS 'Monday of the first ISO week of the data window. The simulated burn-in before it leaves no facts except the history of the support periods running at first_week (their true start dates, spells, caseworkers, conversations and offers), as a real extract holds them.';
COMMENT ON COLUMN employment_kpi.synthetic_run.weeks IS 'Number of ISO weeks in the data window.';
COMMENT ON COLUMN employment_kpi.synthetic_run.seed IS 'Seed of the random numbers; the same arguments give byte-identical tables.';
COMMENT ON COLUMN employment_kpi.synthetic_run.last_day IS 'Last day of the data window (a Sunday): first_week + 7 * weeks - 1. No fact is dated later, except planned end dates of offers still running.';

CREATE TABLE employment_kpi.synthetic_truth (
    type_code        text NOT NULL REFERENCES employment_kpi.intervention_type (type_code),
    group_code       text NOT NULL REFERENCES employment_kpi.citizen_group (group_code),
    horizon_weeks    int NOT NULL CHECK (horizon_weeks IN (13, 26, 52)),
    true_att         numeric NOT NULL CHECK (true_att BETWEEN -1 AND 1),
    participants     bigint NOT NULL CHECK (participants >= 1),
    exits_treated    bigint NOT NULL CHECK (exits_treated BETWEEN 0 AND participants),
    exits_untreated  bigint NOT NULL CHECK (exits_untreated BETWEEN 0 AND participants),
    PRIMARY KEY (type_code, group_code, horizon_weeks)
);

COMMENT ON TABLE employment_kpi.synthetic_truth IS
'Ground truth of the synthetic municipality: the true average effect on the treated (ATT) of starting an offer of type_code now versus not now, on exit to self-support (afgang til selvforsørgelse) within horizon_weeks, computed from potential outcomes on common random numbers (docs/synthetic.md). A transition to another public benefit (exit_reason other_benefit) is not an exit: outcome 0, like moving away or death. Only participant starts inside the data window whose horizon is observable count.';
COMMENT ON COLUMN employment_kpi.synthetic_truth.type_code IS 'Offer type (tilbudstype) started.';
COMMENT ON COLUMN employment_kpi.synthetic_truth.group_code IS 'Target group (målgruppe) of the spell in the start week.';
COMMENT ON COLUMN employment_kpi.synthetic_truth.horizon_weeks IS 'Outcome horizon H: exit with end_date < Monday of the start week + 7 * H days.';
COMMENT ON COLUMN employment_kpi.synthetic_truth.true_att IS 'True ATT = (exits_treated - exits_untreated) / participants: mean of Y(start now) - Y(not now) over the participant starts.';
COMMENT ON COLUMN employment_kpi.synthetic_truth.participants IS 'Participant starts counted: start week inside the data window and start Monday + 7 * H <= the Monday after the last data week.';
COMMENT ON COLUMN employment_kpi.synthetic_truth.exits_treated IS 'Participant starts whose factual support period (starting now) ended with an exit to self-support (afgang til selvforsørgelse: not a transition, exit_reason other_benefit, and not moved or deceased) within the horizon.';
COMMENT ON COLUMN employment_kpi.synthetic_truth.exits_untreated IS 'Participant starts whose counterfactual support period (not starting now, free to start later) ended with an exit to self-support within the horizon.';

CREATE TABLE employment_kpi.synthetic_caseworker_truth (
    caseworker_id           text PRIMARY KEY REFERENCES employment_kpi.caseworker (caseworker_id),
    exit_skill              numeric NOT NULL CHECK (exit_skill > 0),
    activation_style        numeric NOT NULL CHECK (activation_style > 0),
    conversation_diligence  numeric NOT NULL CHECK (conversation_diligence > 0),
    style                   text NOT NULL CHECK (style IN ('average', 'strong_exits', 'weak_exits', 'high_activation', 'low_activation'))
);

COMMENT ON TABLE employment_kpi.synthetic_caseworker_truth IS
'Ground truth of the synthetic caseworkers'' working styles (arbejdsstil): the multipliers the simulation applied. Exit skill and activation style are never both non-average for one caseworker.';
COMMENT ON COLUMN employment_kpi.synthetic_caseworker_truth.caseworker_id IS 'Synthetic caseworker (sagsbehandler).';
COMMENT ON COLUMN employment_kpi.synthetic_caseworker_truth.exit_skill IS 'Multiplier of the weekly exit hazard of the caseworker''s citizens (1 = average).';
COMMENT ON COLUMN employment_kpi.synthetic_caseworker_truth.activation_style IS 'Multiplier of the weekly probability that the caseworker''s citizens start an offer (1 = average).';
COMMENT ON COLUMN employment_kpi.synthetic_caseworker_truth.conversation_diligence IS 'Pace of conversations: booking intervals are divided by it (1 = the base pace; it never changes exit hazards).';
COMMENT ON COLUMN employment_kpi.synthetic_caseworker_truth.style IS 'average, strong_exits, weak_exits, high_activation or low_activation.';

SELECT pg_catalog.pg_extension_config_dump('employment_kpi.synthetic_run', '');
SELECT pg_catalog.pg_extension_config_dump('employment_kpi.synthetic_truth', '');
SELECT pg_catalog.pg_extension_config_dump('employment_kpi.synthetic_caseworker_truth', '');
