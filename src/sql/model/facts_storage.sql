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

COMMENT ON TABLE employment_kpi.team IS 'Teams of caseworkers in the job centre (teams / afdelinger).';
COMMENT ON COLUMN employment_kpi.team.team_id IS 'Identifier of the team (from the source system).';
COMMENT ON COLUMN employment_kpi.team.team_name IS 'Name of the team.';
COMMENT ON COLUMN employment_kpi.team.leader_role IS 'PostgreSQL role of the team leader (teamleder), used for row-level security; NULL = none.';

CREATE TABLE employment_kpi.caseworker (
    caseworker_id    text PRIMARY KEY CHECK (btrim(caseworker_id) <> ''),
    caseworker_name  text NOT NULL CHECK (btrim(caseworker_name) <> ''),
    team_id          text NOT NULL REFERENCES employment_kpi.team (team_id),
    login_role       text NULL CHECK (btrim(login_role) <> '')
);

COMMENT ON TABLE employment_kpi.caseworker IS 'Caseworkers (sagsbehandlere / jobkonsulenter).';
COMMENT ON COLUMN employment_kpi.caseworker.caseworker_id IS 'Identifier of the caseworker (from the source system).';
COMMENT ON COLUMN employment_kpi.caseworker.caseworker_name IS 'Name (or pseudonym) of the caseworker.';
COMMENT ON COLUMN employment_kpi.caseworker.team_id IS 'Team the caseworker belongs to.';
COMMENT ON COLUMN employment_kpi.caseworker.login_role IS 'PostgreSQL role the caseworker logs in with: its members see the caseworker''s own worklist (caseworker_worklist); NULL = none.';

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

COMMENT ON TABLE employment_kpi.support_spell IS
'Spells on public support (forsørgelsesforløb): a citizen receiving one benefit of one target group from start_date to end_date. A citizen''s spells never overlap. Chains of spells with gaps of at most config.exit_grace_days form support periods (view support_period).';
COMMENT ON COLUMN employment_kpi.support_spell.citizen_id IS 'Pseudonymous citizen id; never a CPR number (CPR-like values are rejected).';
COMMENT ON COLUMN employment_kpi.support_spell.source_id IS 'Record id of the spell in the source system (fagsystem), so re-imports are idempotent.';
COMMENT ON COLUMN employment_kpi.support_spell.group_code IS 'Target group (målgruppe) of the benefit.';
COMMENT ON COLUMN employment_kpi.support_spell.start_date IS 'First day on the benefit.';
COMMENT ON COLUMN employment_kpi.support_spell.end_date IS 'Last day on the benefit (inclusive); NULL = ongoing.';
COMMENT ON COLUMN employment_kpi.support_spell.exit_reason IS 'Why the spell ended (afgangsårsag): job, education, other_benefit, moved, deceased, other; NULL = open or unknown. moved and deceased censor the support period rather than count as an exit.';
COMMENT ON COLUMN employment_kpi.support_spell.weekly_benefit_dkk IS 'Benefit paid per week in DKK (ydelse pr. uge), if known.';

CREATE TABLE employment_kpi.case_assignment (
    citizen_id     text NOT NULL CHECK (btrim(citizen_id) <> '' AND NOT employment_kpi.is_cpr_like(citizen_id)),
    source_id      text NOT NULL CHECK (btrim(source_id) <> ''),
    caseworker_id  text NOT NULL REFERENCES employment_kpi.caseworker (caseworker_id),
    start_date     date NOT NULL CHECK (pg_catalog.isfinite(start_date)),
    end_date       date NULL CHECK (pg_catalog.isfinite(end_date) AND end_date >= start_date),
    PRIMARY KEY (citizen_id, source_id)
);

COMMENT ON TABLE employment_kpi.case_assignment IS 'Which caseworker holds a citizen''s case (sagsansvar), from start_date to end_date.';
COMMENT ON COLUMN employment_kpi.case_assignment.citizen_id IS 'Pseudonymous citizen id; never a CPR number.';
COMMENT ON COLUMN employment_kpi.case_assignment.source_id IS 'Record id of the assignment in the source system.';
COMMENT ON COLUMN employment_kpi.case_assignment.caseworker_id IS 'Responsible caseworker (sagsbehandler).';
COMMENT ON COLUMN employment_kpi.case_assignment.start_date IS 'First day of the assignment.';
COMMENT ON COLUMN employment_kpi.case_assignment.end_date IS 'Last day of the assignment (inclusive); NULL = ongoing.';

CREATE TABLE employment_kpi.conversation (
    citizen_id     text NOT NULL CHECK (btrim(citizen_id) <> '' AND NOT employment_kpi.is_cpr_like(citizen_id)),
    source_id      text NOT NULL CHECK (btrim(source_id) <> ''),
    caseworker_id  text NOT NULL REFERENCES employment_kpi.caseworker (caseworker_id),
    held_on        date NOT NULL CHECK (pg_catalog.isfinite(held_on)),
    kind           text NOT NULL DEFAULT 'job' CHECK (btrim(kind) <> ''),
    status         text NOT NULL DEFAULT 'held' CHECK (status IN ('held', 'cancelled', 'no_show')),
    PRIMARY KEY (citizen_id, source_id)
);

COMMENT ON TABLE employment_kpi.conversation IS 'Conversations (samtaler) between a caseworker and a citizen: booked and held, cancelled or not attended.';
COMMENT ON COLUMN employment_kpi.conversation.citizen_id IS 'Pseudonymous citizen id; never a CPR number.';
COMMENT ON COLUMN employment_kpi.conversation.source_id IS 'Record id of the conversation in the source system.';
COMMENT ON COLUMN employment_kpi.conversation.caseworker_id IS 'Caseworker who held (or was to hold) the conversation.';
COMMENT ON COLUMN employment_kpi.conversation.held_on IS 'Date of the conversation (the booked date when not held).';
COMMENT ON COLUMN employment_kpi.conversation.kind IS 'Kind of conversation as named by the source system; default job (jobsamtale).';
COMMENT ON COLUMN employment_kpi.conversation.status IS 'held (afholdt), cancelled (aflyst) or no_show (udeblevet); only held conversations count for timeliness.';

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

COMMENT ON TABLE employment_kpi.intervention IS 'Active offers (aktive tilbud / indsatser) a citizen took part in.';
COMMENT ON COLUMN employment_kpi.intervention.citizen_id IS 'Pseudonymous citizen id; never a CPR number.';
COMMENT ON COLUMN employment_kpi.intervention.source_id IS 'Record id of the offer in the source system.';
COMMENT ON COLUMN employment_kpi.intervention.caseworker_id IS 'Caseworker who referred the citizen (visiterende sagsbehandler), if known.';
COMMENT ON COLUMN employment_kpi.intervention.type_code IS 'Offer type (tilbudstype).';
COMMENT ON COLUMN employment_kpi.intervention.start_date IS 'First day of the offer.';
COMMENT ON COLUMN employment_kpi.intervention.end_date IS 'Last day of the offer (inclusive); NULL = ongoing.';
COMMENT ON COLUMN employment_kpi.intervention.cost_dkk IS 'Total cost of the offer in DKK (udgift), if known.';

CREATE TABLE employment_kpi.budget (
    fiscal_year  int NOT NULL CHECK (fiscal_year BETWEEN 1990 AND 2200),
    area         text NOT NULL REFERENCES employment_kpi.budget_area (area),
    amount_dkk   numeric NOT NULL CHECK (amount_dkk >= 0),
    PRIMARY KEY (fiscal_year, area)
);

COMMENT ON TABLE employment_kpi.budget IS 'The adopted annual budget (vedtaget budget) per fiscal year (calendar year) and area.';
COMMENT ON COLUMN employment_kpi.budget.fiscal_year IS 'Fiscal year (regnskabsår = calendar year).';
COMMENT ON COLUMN employment_kpi.budget.area IS 'Budget area.';
COMMENT ON COLUMN employment_kpi.budget.amount_dkk IS 'Budgeted amount in DKK (net expenditure).';

CREATE TABLE employment_kpi.budget_month (
    fiscal_year  int NOT NULL,
    area         text NOT NULL,
    month        int NOT NULL CHECK (month BETWEEN 1 AND 12),
    amount_dkk   numeric NOT NULL CHECK (amount_dkk >= 0),
    PRIMARY KEY (fiscal_year, area, month),
    FOREIGN KEY (fiscal_year, area) REFERENCES employment_kpi.budget (fiscal_year, area)
);

COMMENT ON TABLE employment_kpi.budget_month IS 'Optional planned monthly profile (periodisering) of an annual budget; without it, budget-versus-spend assumes an even spread.';
COMMENT ON COLUMN employment_kpi.budget_month.fiscal_year IS 'Fiscal year of the annual budget.';
COMMENT ON COLUMN employment_kpi.budget_month.area IS 'Budget area of the annual budget.';
COMMENT ON COLUMN employment_kpi.budget_month.month IS 'Calendar month 1..12.';
COMMENT ON COLUMN employment_kpi.budget_month.amount_dkk IS 'Planned amount for the month in DKK.';

CREATE TABLE employment_kpi.expense (
    source_id   text PRIMARY KEY CHECK (btrim(source_id) <> ''),
    booked_on   date NOT NULL CHECK (pg_catalog.isfinite(booked_on)),
    area        text NOT NULL REFERENCES employment_kpi.budget_area (area),
    amount_dkk  numeric NOT NULL
);

COMMENT ON TABLE employment_kpi.expense IS 'Bookings (posteringer) from the finance system on the employment areas.';
COMMENT ON COLUMN employment_kpi.expense.source_id IS 'Record id of the booking in the finance system (bilagsnummer), so re-imports are idempotent.';
COMMENT ON COLUMN employment_kpi.expense.booked_on IS 'Booking date (bogføringsdato).';
COMMENT ON COLUMN employment_kpi.expense.area IS 'Budget area the booking falls on.';
COMMENT ON COLUMN employment_kpi.expense.amount_dkk IS 'Amount in DKK; negative for corrections and reversals (modposteringer), which finance systems book as negative amounts.';

-- Indexes for the foreign keys that reports join and filter on (and that
-- deleting a caseworker, type or area must check).
CREATE INDEX case_assignment_caseworker_idx ON employment_kpi.case_assignment (caseworker_id);
CREATE INDEX conversation_caseworker_idx ON employment_kpi.conversation (caseworker_id, held_on);
CREATE INDEX intervention_type_idx ON employment_kpi.intervention (type_code, start_date);
CREATE INDEX expense_area_idx ON employment_kpi.expense (area, booked_on);
COMMENT ON INDEX employment_kpi.case_assignment_caseworker_idx IS 'A caseworker''s assignments (caseload).';
COMMENT ON INDEX employment_kpi.conversation_caseworker_idx IS 'A caseworker''s conversations by date.';
COMMENT ON INDEX employment_kpi.intervention_type_idx IS 'Interventions by type and start date.';
COMMENT ON INDEX employment_kpi.expense_area_idx IS 'Bookings by area and date.';
-- The data's end (data_end()) is the latest date of any
-- fact: without this index the conversations are scanned each time (a
-- refresh asks about ten times).
CREATE INDEX conversation_held_on_idx ON employment_kpi.conversation (held_on);
COMMENT ON INDEX employment_kpi.conversation_held_on_idx IS 'Conversations by date (the latest one, a week''s).';

-------------------------------------------------------------------------------
-- pg_dump registration of every table holding user data
-------------------------------------------------------------------------------

SELECT pg_catalog.pg_extension_config_dump('employment_kpi.team', '');
SELECT pg_catalog.pg_extension_config_dump('employment_kpi.caseworker', '');
SELECT pg_catalog.pg_extension_config_dump('employment_kpi.support_spell', '');
SELECT pg_catalog.pg_extension_config_dump('employment_kpi.case_assignment', '');
SELECT pg_catalog.pg_extension_config_dump('employment_kpi.conversation', '');
SELECT pg_catalog.pg_extension_config_dump('employment_kpi.intervention', '');
SELECT pg_catalog.pg_extension_config_dump('employment_kpi.budget', '');
SELECT pg_catalog.pg_extension_config_dump('employment_kpi.budget_month', '');
SELECT pg_catalog.pg_extension_config_dump('employment_kpi.expense', '');

-- The reject table of the imports (model/import.sql).
CREATE TABLE employment_kpi.import_reject (
    reject_id     bigserial PRIMARY KEY,
    imported_at   timestamptz NOT NULL DEFAULT pg_catalog.now(),
    target_table  text NOT NULL,
    row_data      jsonb NOT NULL,
    reason        text NOT NULL
);

-- One entry per (table, row, reason): a re-run does not repeat its rejects.
CREATE UNIQUE INDEX import_reject_once
    ON employment_kpi.import_reject (target_table, reason, pg_catalog.md5(row_data::text));
COMMENT ON INDEX employment_kpi.import_reject_once IS 'Records each rejected row once per target table and reason (re-runs do not repeat rejects).';

COMMENT ON TABLE employment_kpi.import_reject IS
'Rows the import_* functions could not accept, with the reason. A row is recorded once per target table and reason, however often it is imported. CPR-like citizen ids are masked (**********): this table must never become a store of CPR numbers.';
COMMENT ON COLUMN employment_kpi.import_reject.reject_id IS 'Sequential id of the reject.';
COMMENT ON COLUMN employment_kpi.import_reject.imported_at IS 'When the row was first rejected.';
COMMENT ON COLUMN employment_kpi.import_reject.target_table IS 'Table the row was meant for, e.g. support_spell.';
COMMENT ON COLUMN employment_kpi.import_reject.row_data IS 'The row''s values of the target''s columns as text (trimmed; a CPR-like citizen_id replaced by **********).';
COMMENT ON COLUMN employment_kpi.import_reject.reason IS 'Why the row was rejected, e.g. "unknown group_code ''x''" or "invalid date in end_date: ''2026-13-01''".';

SELECT pg_catalog.pg_extension_config_dump('employment_kpi.import_reject', '');
SELECT pg_catalog.pg_extension_config_dump('employment_kpi.import_reject_reject_id_seq', '');
