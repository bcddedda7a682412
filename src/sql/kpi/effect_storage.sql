-- The storage of the effect estimator: the row type of its person-weeks,
-- the one contract between the estimator (effect_load, effects.sql) and
-- its two sources, effect_person_weeks (from the facts, effect_weeks.sql)
-- and bi_effect_person_weeks (from the BI layer's stored copy).  Its
-- attributes are described in describe.sql.

CREATE TYPE employment_kpi_internal.effect_person_week AS (
    kind                text,
    type_code           text,
    group_code          text,
    week                date,
    band                int,
    prior               boolean,
    citizen_id          text,
    dur                 int,
    ev                  boolean,
    n                   bigint,
    ended               bigint,
    ended_days          bigint,
    planned_weeks       int,
    cost_dkk            numeric,
    weekly_benefit_dkk  numeric,
    observable_to       date,
    period_week         int,
    start_date          date
);
