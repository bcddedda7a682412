-- The canonical data model, part 2: the contract a municipality's ETL
-- loads into (part 1, storage.sql: the reference data).
--   * organisation: team, caseworker
--   * facts: support_spell, case_assignment, conversation, intervention,
--     budget, budget_month, expense
--   * the reject table of the imports
-- Citizen-level fact tables have citizen_id first in their primary key and
-- every unique/exclusion constraint on them includes citizen_id, so they can
-- be distributed by citizen_id (Citus) without changing the model.  Every
-- table holding user data is registered with pg_extension_config_dump.

-------------------------------------------------------------------------------
-- Organisation
-------------------------------------------------------------------------------

CREATE TABLE employment_kpi.team (
    team_id      text PRIMARY KEY CHECK (btrim(team_id) <> ''),
    team_name    text NOT NULL CHECK (btrim(team_name) <> ''),
    leader_role  text NULL CHECK (btrim(leader_role) <> '')
);

CREATE TABLE employment_kpi.caseworker (
    caseworker_id    text PRIMARY KEY CHECK (btrim(caseworker_id) <> ''),
    caseworker_name  text NOT NULL CHECK (btrim(caseworker_name) <> ''),
    team_id          text NOT NULL REFERENCES employment_kpi.team (team_id),
    login_role       text NULL CHECK (btrim(login_role) <> '')
);

-------------------------------------------------------------------------------
-- Facts
-------------------------------------------------------------------------------

CREATE TABLE employment_kpi.support_spell (
    citizen_id          text NOT NULL CHECK (btrim(citizen_id) <> '' AND NOT employment_kpi.is_cpr_like(citizen_id)),
    source_id           text NOT NULL CHECK (btrim(source_id) <> ''),
    group_code          text NOT NULL REFERENCES employment_kpi.citizen_group (group_code),
    start_date          date NOT NULL CHECK (pg_catalog.isfinite(start_date)),
    end_date            date NULL CHECK (pg_catalog.isfinite(end_date) AND end_date >= start_date),
    exit_reason         text NULL CHECK (exit_reason IN ('job', 'education', 'other_benefit', 'moved', 'deceased', 'other')),
    weekly_benefit_dkk  numeric NULL CHECK (weekly_benefit_dkk >= 0),
    PRIMARY KEY (citizen_id, source_id),
    CONSTRAINT support_spell_exit_needs_end CHECK (end_date IS NOT NULL OR exit_reason IS NULL),
    CONSTRAINT support_spell_no_overlap
        EXCLUDE USING gist (citizen_id WITH =, daterange(start_date, end_date, '[]') WITH &&)
);

CREATE TABLE employment_kpi.case_assignment (
    citizen_id     text NOT NULL CHECK (btrim(citizen_id) <> '' AND NOT employment_kpi.is_cpr_like(citizen_id)),
    source_id      text NOT NULL CHECK (btrim(source_id) <> ''),
    caseworker_id  text NOT NULL REFERENCES employment_kpi.caseworker (caseworker_id),
    start_date     date NOT NULL CHECK (pg_catalog.isfinite(start_date)),
    end_date       date NULL CHECK (pg_catalog.isfinite(end_date) AND end_date >= start_date),
    PRIMARY KEY (citizen_id, source_id)
);

CREATE TABLE employment_kpi.conversation (
    citizen_id     text NOT NULL CHECK (btrim(citizen_id) <> '' AND NOT employment_kpi.is_cpr_like(citizen_id)),
    source_id      text NOT NULL CHECK (btrim(source_id) <> ''),
    caseworker_id  text NOT NULL REFERENCES employment_kpi.caseworker (caseworker_id),
    held_on        date NOT NULL CHECK (pg_catalog.isfinite(held_on)),
    kind           text NOT NULL DEFAULT 'job' CHECK (btrim(kind) <> ''),
    status         text NOT NULL DEFAULT 'held' CHECK (status IN ('held', 'cancelled', 'no_show')),
    PRIMARY KEY (citizen_id, source_id)
);

CREATE TABLE employment_kpi.intervention (
    citizen_id     text NOT NULL CHECK (btrim(citizen_id) <> '' AND NOT employment_kpi.is_cpr_like(citizen_id)),
    source_id      text NOT NULL CHECK (btrim(source_id) <> ''),
    caseworker_id  text NULL REFERENCES employment_kpi.caseworker (caseworker_id),
    type_code      text NOT NULL REFERENCES employment_kpi.intervention_type (type_code),
    start_date     date NOT NULL CHECK (pg_catalog.isfinite(start_date)),
    end_date       date NULL CHECK (pg_catalog.isfinite(end_date) AND end_date >= start_date),
    cost_dkk       numeric NULL CHECK (cost_dkk >= 0),
    PRIMARY KEY (citizen_id, source_id)
);

CREATE TABLE employment_kpi.budget (
    fiscal_year  int NOT NULL CHECK (fiscal_year BETWEEN 1990 AND 2200),
    area         text NOT NULL REFERENCES employment_kpi.budget_area (area),
    amount_dkk   numeric NOT NULL CHECK (amount_dkk >= 0),
    PRIMARY KEY (fiscal_year, area)
);

CREATE TABLE employment_kpi.budget_month (
    fiscal_year  int NOT NULL,
    area         text NOT NULL,
    month        int NOT NULL CHECK (month BETWEEN 1 AND 12),
    amount_dkk   numeric NOT NULL CHECK (amount_dkk >= 0),
    PRIMARY KEY (fiscal_year, area, month),
    FOREIGN KEY (fiscal_year, area) REFERENCES employment_kpi.budget (fiscal_year, area)
);

CREATE TABLE employment_kpi.expense (
    source_id   text PRIMARY KEY CHECK (btrim(source_id) <> ''),
    booked_on   date NOT NULL CHECK (pg_catalog.isfinite(booked_on)),
    area        text NOT NULL REFERENCES employment_kpi.budget_area (area),
    amount_dkk  numeric NOT NULL
);

-- Indexes for the foreign keys that reports join and filter on (and that
-- deleting a caseworker, type or area must check).
CREATE INDEX case_assignment_caseworker_idx ON employment_kpi.case_assignment (caseworker_id);
CREATE INDEX conversation_caseworker_idx ON employment_kpi.conversation (caseworker_id, held_on);
CREATE INDEX intervention_type_idx ON employment_kpi.intervention (type_code, start_date);
CREATE INDEX expense_area_idx ON employment_kpi.expense (area, booked_on);
-- The data's end (data_end()) is the latest date of any
-- fact: without this index the conversations are scanned each time (a
-- refresh asks about ten times).
CREATE INDEX conversation_held_on_idx ON employment_kpi.conversation (held_on);

-------------------------------------------------------------------------------
-- pg_dump registration of every table holding user data
-------------------------------------------------------------------------------

SELECT employment_kpi_internal.dump_with_extension('', 'employment_kpi.team',
    'employment_kpi.caseworker', 'employment_kpi.support_spell', 'employment_kpi.case_assignment',
    'employment_kpi.conversation', 'employment_kpi.intervention', 'employment_kpi.budget',
    'employment_kpi.budget_month', 'employment_kpi.expense');

-- The reject table of the imports (model/import.sql).
CREATE TABLE employment_kpi.import_reject (
    reject_id     bigserial PRIMARY KEY,
    imported_at   timestamptz NOT NULL DEFAULT pg_catalog.now(),
    target_table  text NOT NULL,
    row_data      jsonb NOT NULL,
    reason        text NOT NULL,
    source_rows   integer NOT NULL DEFAULT 1 CHECK (source_rows >= 1),
    last_seen_at  timestamptz NOT NULL DEFAULT pg_catalog.now(),
    resolved_at   timestamptz NULL,
    resolution    text NULL CHECK (resolution IN ('accepted', 'superseded')),
    CONSTRAINT import_reject_resolved_check CHECK ((resolved_at IS NULL) = (resolution IS NULL))
);

-- One entry per (table, row, reason): a re-run does not repeat its rejects.
CREATE UNIQUE INDEX import_reject_once
    ON employment_kpi.import_reject (target_table, reason, pg_catalog.md5(row_data::text));

SELECT employment_kpi_internal.dump_with_extension('', 'employment_kpi.import_reject',
    'employment_kpi.import_reject_reject_id_seq');
