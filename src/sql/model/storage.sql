-- The canonical data model, part 1: the reference data (seeded, editable):
-- citizen_group, intervention_type, refund_rate, contact_rule, budget_area,
-- config, and the seeds' tombstones.  The 2027 groups and citizen_group_map:
-- reform_storage.sql.  Part 2, facts_storage.sql: the organisation, the
-- facts and the reject table.
--
-- pg_dump and extension tables.  Tables created by CREATE EXTENSION are
-- extension members; pg_dump dumps their rows only when registered with
-- pg_extension_config_dump.  Every table holding user data is registered.
-- Seeded reference tables carry a "seeded" flag that is true only for a seed
-- row as the install script wrote it; only rows with seeded = false are
-- dumped (the restore's CREATE EXTENSION re-creates the pristine seeds).
-- seed_guard() (seed.sql) keeps this consistent: changing a seed row clears
-- its flag (so the change is dumped), inserting a row whose key equals a
-- pristine seed row overwrites that seed in place (so a restore of a
-- changed seed does not collide with the re-created one), and deleting a
-- row or changing its key records a tombstone in seed_removed (so a restore
-- removes the re-created seed again).

CREATE TABLE employment_kpi_internal.seed_removed (
    table_name  text NOT NULL,
    key_value   text NOT NULL,
    removed_at  timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (table_name, key_value)
);

-- Row trigger on every seeded table (seed.sql); it finds the key in the
-- table's primary key, and its argument 'keep' forbids deleting rows
-- (config must keep its one row).

-------------------------------------------------------------------------------
-- Reference data
-------------------------------------------------------------------------------

-- Target groups and refund staircases change by law, so their rows are
-- dated: a group has its validity (valid_from, valid_to), a step of the
-- staircase the period it is in force (effective_from, effective_to), and
-- citizen_group_map (reform_storage.sql) says from which day a group is
-- reported as another one (the 2027 reform merges the current groups into
-- five).  The new columns follow "seeded" because an upgraded 0.1.0 table
-- gets them appended.
CREATE TABLE employment_kpi.citizen_group (
    group_code  text PRIMARY KEY CHECK (group_code ~ '^[a-z][a-z0-9_]*$'),
    label       text NOT NULL CHECK (btrim(label) <> ''),
    label_da    text NOT NULL CHECK (btrim(label_da) <> ''),
    seeded      boolean NOT NULL DEFAULT false,
    valid_from  date NULL CONSTRAINT citizen_group_valid_from_check CHECK (pg_catalog.isfinite(valid_from)),
    valid_to    date NULL CONSTRAINT citizen_group_valid_to_check CHECK (pg_catalog.isfinite(valid_to)),
    note        text NULL,
    CONSTRAINT citizen_group_valid_check CHECK (valid_to >= valid_from)
);

INSERT INTO employment_kpi.citizen_group (group_code, label, label_da, seeded, valid_from, valid_to, note) VALUES
 ('dagpenge',                      'Insured unemployment benefit',                 'A-dagpengemodtagere', true, NULL, '2026-12-31',
  'LAB § 6 (lov nr. 548 af 7/5/2019). Ends with the reform of the employment effort (aftale af 9/4/2025), whose new act is expected on 1 January 2027 (assumed date: edit valid_to if it moves).'),
 ('kontanthjaelp_jobparat',        'Social assistance, job-ready',                 'Jobparate kontanthjælpsmodtagere', true, NULL, '2026-12-31',
  'LAB § 6 (lov nr. 548 af 7/5/2019). Ends with the reform of the employment effort (aftale af 9/4/2025), whose new act is expected on 1 January 2027 (assumed date: edit valid_to if it moves).'),
 ('kontanthjaelp_aktivitetsparat', 'Social assistance, activity-ready',            'Aktivitetsparate kontanthjælpsmodtagere', true, NULL, '2026-12-31',
  'LAB § 6 (lov nr. 548 af 7/5/2019). Ends with the reform of the employment effort (aftale af 9/4/2025), whose new act is expected on 1 January 2027 (assumed date: edit valid_to if it moves).'),
 ('uddannelseshjaelp',             'Education benefit (under 30)',                 'Uddannelseshjælpsmodtagere (uddannelsesparate og aktivitetsparate)', true, NULL, '2026-12-31',
  'LAB § 6 (lov nr. 548 af 7/5/2019). Ends with the reform of the employment effort (aftale af 9/4/2025), whose new act is expected on 1 January 2027 (assumed date: edit valid_to if it moves).'),
 ('sygedagpenge',                  'Sickness benefit',                             'Sygedagpengemodtagere', true, NULL, '2026-12-31',
  'LAB § 6 (lov nr. 548 af 7/5/2019). Ends with the reform of the employment effort (aftale af 9/4/2025), whose new act is expected on 1 January 2027 (assumed date: edit valid_to if it moves).'),
 ('jobafklaring',                  'Work-ability clarification programme',         'Jobafklaringsforløb', true, NULL, '2026-12-31',
  'LAB § 6 (lov nr. 548 af 7/5/2019). Ends with the reform of the employment effort (aftale af 9/4/2025), whose new act is expected on 1 January 2027 (assumed date: edit valid_to if it moves).'),
 ('ressourceforloeb',              'Resource programme',                           'Ressourceforløb', true, NULL, '2026-12-31',
  'LAB § 6 (lov nr. 548 af 7/5/2019). Abolished for new citizens by the reform of the employment effort (aftale af 9/4/2025; lovforslag L 66, 2025/26); the date was not confirmed here, the end of 2026 is assumed (edit valid_to if it differs).'),
 ('ledighedsydelse',               'Benefit while waiting for a flex job',         'Ledighedsydelsesmodtagere (visiteret til fleksjob)', true, NULL, '2026-12-31',
  'LAB § 6 (lov nr. 548 af 7/5/2019). Ends with the reform of the employment effort (aftale af 9/4/2025), whose new act is expected on 1 January 2027 (assumed date: edit valid_to if it moves).'),
 ('revalidering',                  'Vocational rehabilitation',                    'Revalidering', true, NULL, '2026-12-31',
  'LAB § 6 (lov nr. 548 af 7/5/2019). Abolished for new citizens by the reform of the employment effort (aftale af 9/4/2025; lovforslag L 66, 2025/26); the date was not confirmed here, the end of 2026 is assumed (edit valid_to if it differs).'),
 ('integration',                   'Integration programme (self-support and return programme)', 'Selvforsørgelses- og hjemrejseprogram / introduktionsprogram', true, NULL, '2026-12-31',
  'LAB § 6 (lov nr. 548 af 7/5/2019). Ends with the reform of the employment effort (aftale af 9/4/2025), whose new act is expected on 1 January 2027 (assumed date: edit valid_to if it moves).');

CREATE TABLE employment_kpi.intervention_type (
    type_code   text PRIMARY KEY CHECK (type_code ~ '^[a-z][a-z0-9_]*$'),
    label       text NOT NULL CHECK (btrim(label) <> ''),
    label_da    text NOT NULL CHECK (btrim(label_da) <> ''),
    seeded      boolean NOT NULL DEFAULT false
);

INSERT INTO employment_kpi.intervention_type (type_code, label, label_da, seeded) VALUES
 ('vejledning_opkvalificering', 'Guidance and upskilling (courses, education)', 'Vejledning og opkvalificering', true),
 ('virksomhedspraktik',         'Firm internship',                             'Virksomhedspraktik', true),
 ('loentilskud_privat',         'Wage subsidy job, private employer',          'Løntilskud, privat arbejdsgiver', true),
 ('loentilskud_offentlig',      'Wage subsidy job, public employer',           'Løntilskud, offentlig arbejdsgiver', true),
 ('nytteindsats',               'Utility work',                                'Nytteindsats', true),
 ('mentor',                     'Mentor support',                              'Mentorstøtte', true),
 ('other',                      'Other offer',                                 'Andet tilbud', true);

CREATE TABLE employment_kpi.refund_rate (
    from_week       int NOT NULL CHECK (from_week >= 1),
    to_week         int NULL CHECK (to_week >= from_week),
    rate            numeric NOT NULL CHECK (rate >= 0 AND rate <= 1),
    seeded          boolean NOT NULL DEFAULT false,
    effective_from  date NOT NULL CONSTRAINT refund_rate_effective_from_check CHECK (pg_catalog.isfinite(effective_from)),
    effective_to    date NULL CONSTRAINT refund_rate_effective_to_check CHECK (pg_catalog.isfinite(effective_to)),
    note            text NULL,
    CONSTRAINT refund_rate_pkey PRIMARY KEY (effective_from, from_week),
    CONSTRAINT refund_rate_effective_check CHECK (effective_to >= effective_from)
);

INSERT INTO employment_kpi.refund_rate (effective_from, effective_to, from_week, to_week, rate, note, seeded) VALUES
 ('2016-01-04', NULL, 1,  4,    0.80, 'LBK nr. 221 af 12/02/2021 § 5 (refusionstrappen, in force since 4 January 2016): weeks 1-4, 80%.', true),
 ('2016-01-04', NULL, 5,  26,   0.40, 'LBK nr. 221 af 12/02/2021 § 5 (refusionstrappen, in force since 4 January 2016): weeks 5-26, 40%.', true),
 ('2016-01-04', NULL, 27, 52,   0.30, 'LBK nr. 221 af 12/02/2021 § 5 (refusionstrappen, in force since 4 January 2016): weeks 27-52, 30%.', true),
 ('2016-01-04', NULL, 53, NULL, 0.20, 'LBK nr. 221 af 12/02/2021 § 5 (refusionstrappen, in force since 4 January 2016): from week 53, 20%.', true);

CREATE TABLE employment_kpi.contact_rule (
    rule_id            text PRIMARY KEY CHECK (btrim(rule_id) <> ''),
    group_code         text NOT NULL REFERENCES employment_kpi.citizen_group (group_code),
    effective_from     date NOT NULL,
    effective_to       date NULL CHECK (effective_to >= effective_from),
    window_from_week   int NOT NULL CHECK (window_from_week >= 0),
    window_to_week     int NOT NULL CHECK (window_to_week > window_from_week),
    min_conversations  int NOT NULL CHECK (min_conversations >= 1),
    coverage_pct       numeric NULL CHECK (coverage_pct > 0 AND coverage_pct <= 100),
    note               text NULL,
    seeded             boolean NOT NULL DEFAULT false,
    -- last: an upgrade adds it with ADD COLUMN, which appends
    conversation_kinds text[] NULL CHECK (pg_catalog.cardinality(conversation_kinds) >= 1
                                          AND pg_catalog.array_ndims(conversation_kinds) = 1
                                          AND pg_catalog.array_position(conversation_kinds, NULL) IS NULL)
);

-- Weeks from the first day of the current benefit: 6 months = weeks
-- [0,26), 3 months = 13 weeks, 1 week = [0,1), 8 weeks = [0,8).  The
-- sources (docs/timeliness.md): LAB § 31 (lov nr. 548 af 7/5/2019, "individuelle
-- jobsamtaler"), sygedagpengeloven § 13 b, STAR's pages on the contact
-- course ("Kontaktforløbet": a change of benefit restarts the count) and
-- on the reform (lov nr. 1750 af 29/12/2025).
INSERT INTO employment_kpi.contact_rule
  (rule_id, group_code, effective_from, effective_to, window_from_week, window_to_week, min_conversations, coverage_pct, note, seeded, conversation_kinds) VALUES
 ('lab31_dagpenge_jobcenter', 'dagpenge', '2020-01-01', '2026-06-30', 13, 26, 3, NULL,
  'LAB § 31, stk. 1 (lov nr. 548 af 7/5/2019): the a-kasse holds >= 3 individual job conversations in the first 3 months, then the job centre >= 3 more before 6 months; this row is the job centre''s part. Job conversations only.', true, '{job}'),
 ('lab31_kh_jobparat_first', 'kontanthjaelp_jobparat', '2020-01-01', '2026-06-30', 0, 1, 1, NULL,
  'LAB § 31, stk. 5: kontanthjælp (job-ready): the first job conversation within 1 week of the first request for help (counted from the benefit''s first day). Job conversations only.', true, '{job}'),
 ('lab31_kh_jobparat_4in6m', 'kontanthjaelp_jobparat', '2020-01-01', '2026-06-30', 0, 26, 4, NULL,
  'LAB § 31, stk. 3: kontanthjælp (job-ready): >= 4 individual job conversations in the first 6 months. Job conversations only.', true, '{job}'),
 ('lab31_kh_aktivitetsparat_first', 'kontanthjaelp_aktivitetsparat', '2020-01-01', '2026-06-30', 0, 1, 1, NULL,
  'LAB § 31, stk. 5: kontanthjælp (activity-ready): the first job conversation within 1 week of the first request for help (counted from the benefit''s first day). Job conversations only.', true, '{job}'),
 ('lab31_kh_aktivitetsparat_4in6m', 'kontanthjaelp_aktivitetsparat', '2020-01-01', '2026-06-30', 0, 26, 4, NULL,
  'LAB § 31, stk. 3: kontanthjælp (activity-ready): >= 4 individual job conversations in the first 6 months. Job conversations only.', true, '{job}'),
 ('lab31_uddannelseshjaelp_first', 'uddannelseshjaelp', '2020-01-01', '2026-06-30', 0, 1, 1, NULL,
  'LAB § 31, stk. 5: uddannelseshjælp: the first job conversation within 1 week of the first request for help (counted from the benefit''s first day). Job conversations only.', true, '{job}'),
 ('lab31_uddannelseshjaelp_4in6m', 'uddannelseshjaelp', '2020-01-01', '2026-06-30', 0, 26, 4, NULL,
  'LAB § 31, stk. 3: uddannelseshjælp: >= 4 individual job conversations in the first 6 months. Job conversations only.', true, '{job}'),
 ('lab31_sygedagpenge_first', 'sygedagpenge', '2020-01-01', '2026-06-30', 0, 8, 1, NULL,
  'Sygedagpengeloven § 13 b (lov nr. 563 af 9/6/2006): the first follow-up conversation (opfølgningssamtale) by the end of week 8 counted from the first day of absence (here: from the benefit''s first day). A follow-up, not a LAB § 31 job conversation: every kind counts.', true, NULL),
 ('lab31_jobafklaring_4in6m', 'jobafklaring', '2020-01-01', '2026-06-30', 0, 26, 4, NULL,
  'LAB § 31, stk. 3: jobafklaringsforløb: >= 4 individual job conversations in the first 6 months. Job conversations only.', true, '{job}'),
 ('lab31_ressourceforloeb_4in6m', 'ressourceforloeb', '2020-01-01', '2026-06-30', 0, 26, 4, NULL,
  'LAB § 31, stk. 3: ressourceforløb: >= 4 individual job conversations in the first 6 months. Job conversations only.', true, '{job}'),
 ('lab31_ledighedsydelse_4in6m', 'ledighedsydelse', '2020-01-01', '2026-06-30', 0, 26, 4, NULL,
  'LAB § 31, stk. 3: ledighedsydelse: >= 4 individual job conversations in the first 6 months. Job conversations only.', true, '{job}'),
 ('lab31_revalidering_4in6m', 'revalidering', '2020-01-01', '2026-06-30', 0, 26, 4, NULL,
  'LAB § 31, stk. 3: revalidering: >= 4 individual job conversations in the first 6 months. Job conversations only.', true, '{job}'),
 ('l1750_dagpenge_portfolio', 'dagpenge', '2026-07-01', NULL, 13, 26, 2, 75,
  'Lov nr. 1750 af 29/12/2025 (STAR, Generelle spørgsmål og svar om reformen, 04-06-2025): portfolio rule; job conversations with >= 75% of dagpenge recipients in the first 6 months, >= 2 held by the municipality from when they pass to it (after the a-kasse''s first 3 months). Job conversations only.', true, '{job}'),
 ('l1750_kh_jobparat_portfolio', 'kontanthjaelp_jobparat', '2026-07-01', NULL, 0, 26, 4, 75,
  'Lov nr. 1750 af 29/12/2025 (STAR, Generelle spørgsmål og svar om reformen, 04-06-2025): portfolio rule; >= 4 job conversations in total in the first 6 months with >= 75% of job-ready kontanthjælp recipients. Job conversations only.', true, '{job}'),
 ('l1750_kh_jobparat_first', 'kontanthjaelp_jobparat', '2026-07-01', NULL, 0, 26, 1, NULL,
  'Lov nr. 1750 af 29/12/2025 (STAR, Generelle spørgsmål og svar om reformen, 04-06-2025): the first job conversation is held with all job-ready persons. ASSUMED deadline: the sources consulted give none, 6 months is assumed - check and edit. Job conversations only.', true, '{job}'),
 ('l1750_ledighedsydelse_portfolio', 'ledighedsydelse', '2026-07-01', NULL, 0, 26, 4, 75,
  'Lov nr. 1750 af 29/12/2025 (STAR, Generelle spørgsmål og svar om reformen, 04-06-2025): portfolio rule; >= 4 job conversations in total in the first 6 months with >= 75% of ledighedsydelse recipients. Job conversations only.', true, '{job}'),
 ('l1750_ledighedsydelse_first', 'ledighedsydelse', '2026-07-01', NULL, 0, 26, 1, NULL,
  'Lov nr. 1750 af 29/12/2025 (STAR, Generelle spørgsmål og svar om reformen, 04-06-2025): the first job conversation is held with all job-ready persons, read here to include ledighedsydelse recipients. ASSUMED deadline: the sources consulted give none, 6 months is assumed - check and edit. Job conversations only.', true, '{job}');

CREATE TABLE employment_kpi.budget_area (
    area        text PRIMARY KEY CHECK (btrim(area) <> ''),
    kind        text NOT NULL CHECK (kind IN ('benefit', 'intervention', 'administration', 'other')),
    group_code  text NULL REFERENCES employment_kpi.citizen_group (group_code),
    type_code   text NULL REFERENCES employment_kpi.intervention_type (type_code),
    label       text NOT NULL CHECK (btrim(label) <> '')
);

CREATE TABLE employment_kpi.config (
    id                              boolean PRIMARY KEY DEFAULT true CHECK (id),
    exit_grace_days                 int NOT NULL DEFAULT 28 CHECK (exit_grace_days >= 0),
    suppression_k                   int NOT NULL DEFAULT 5 CHECK (suppression_k >= 1),
    default_horizon_weeks           int NOT NULL DEFAULT 26 CHECK (default_horizon_weeks >= 1),
    refund_reset_selfsupport_weeks  int NOT NULL DEFAULT 52 CHECK (refund_reset_selfsupport_weeks >= 1),
    refund_reset_window_weeks       int NOT NULL DEFAULT 156,
    seeded                          boolean NOT NULL DEFAULT false,
    data_end_override               date NULL CHECK (pg_catalog.isfinite(data_end_override)),
    data_start                      date NULL CHECK (pg_catalog.isfinite(data_start)),
    import_date_from                date NOT NULL DEFAULT '1990-01-01',
    import_date_to                  date NOT NULL DEFAULT '2100-12-31',
    CONSTRAINT config_import_window_check CHECK (import_date_from <= import_date_to),
    CONSTRAINT config_reset_window_check CHECK (refund_reset_window_weeks >= refund_reset_selfsupport_weeks)
);

INSERT INTO employment_kpi.config (id, seeded) VALUES (true, true);

-------------------------------------------------------------------------------
-- pg_dump registration of the reference tables
-------------------------------------------------------------------------------

SELECT employment_kpi_internal.dump_with_extension('WHERE NOT seeded',
    'employment_kpi.citizen_group', 'employment_kpi.intervention_type', 'employment_kpi.refund_rate',
    'employment_kpi.contact_rule', 'employment_kpi.config');
SELECT employment_kpi_internal.dump_with_extension('', 'employment_kpi_internal.seed_removed',
    'employment_kpi.budget_area');
