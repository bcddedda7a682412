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

CREATE TABLE employment_kpi.synthetic_caseworker_truth (
    caseworker_id           text PRIMARY KEY REFERENCES employment_kpi.caseworker (caseworker_id),
    exit_skill              numeric NOT NULL CHECK (exit_skill > 0),
    activation_style        numeric NOT NULL CHECK (activation_style > 0),
    conversation_diligence  numeric NOT NULL CHECK (conversation_diligence > 0),
    style                   text NOT NULL CHECK (style IN ('average', 'strong_exits', 'weak_exits', 'high_activation', 'low_activation'))
);

SELECT employment_kpi_internal.dump_with_extension('', 'employment_kpi.synthetic_run',
    'employment_kpi.synthetic_truth', 'employment_kpi.synthetic_caseworker_truth');
