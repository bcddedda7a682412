-- The DREAM code list: which weekly benefit code of the national register
-- of transfer payments (DREAM, STAR's forløbsdatabase) means what for the
-- job centre.  import_dream (dream.sql) reads a register extract with it.
--
-- Codes change over time and come from STAR, so they are dated, editable
-- data: a row says what a code means in the weeks whose Thursday lies in
-- [valid_from, valid_to] (the ISO rule that gives a week to one day).

CREATE TABLE employment_kpi.benefit_code (
    code         text NOT NULL CHECK (code ~ '^\S+$'),
    valid_from   date NOT NULL CHECK (pg_catalog.isfinite(valid_from)),
    valid_to     date NULL CHECK (pg_catalog.isfinite(valid_to) AND valid_to >= valid_from),
    counts_as    text NOT NULL CHECK (counts_as IN ('target_group', 'wage_subsidy', 'other_benefit', 'not_support')),
    group_code   text NULL REFERENCES employment_kpi.citizen_group (group_code) ON DELETE CASCADE,
    exit_reason  text NULL CHECK (exit_reason IN ('job', 'education', 'moved', 'deceased')),
    label        text NOT NULL CHECK (btrim(label) <> ''),
    note         text NULL,
    seeded       boolean NOT NULL DEFAULT false,
    PRIMARY KEY (code, valid_from),
    -- a week of a target group or of wage subsidy is support in one group
    CONSTRAINT benefit_code_group_needs_support
        CHECK ((counts_as IN ('target_group', 'wage_subsidy')) = (group_code IS NOT NULL)),
    -- only a code meaning "no public support" can say why the support ended
    CONSTRAINT benefit_code_reason_needs_not_support
        CHECK (exit_reason IS NULL OR counts_as = 'not_support'),
    -- one meaning per code and week
    CONSTRAINT benefit_code_no_overlap
        EXCLUDE USING gist (code WITH =, daterange(valid_from, valid_to, '[]') WITH &&)
);

-- The seeds: one code per current target group, one for wage subsidy,
-- three other benefits and three codes of no public support.  The code
-- numbers follow the numbering of DREAM's code list as recalled, NOT
-- checked against STAR's current list: every row says ASSUMED.  DREAM
-- holds weeks from mid-1991, so the rows start in 1991.
INSERT INTO employment_kpi.benefit_code (code, valid_from, valid_to, counts_as, group_code, exit_reason, label, note, seeded)
SELECT v.code, v.valid_from::date, v.valid_to::date, v.counts_as, v.group_code, v.exit_reason, v.label, v.note, v.seeded FROM (VALUES
 ('111', '1991-01-01', NULL, 'target_group', 'dagpenge', NULL, 'A-dagpenge, ledig',
  'ASSUMED code number: check STAR''s DREAM code list (forløbsdatabasen, ydelseskoder).', true),
 ('124', '1991-01-01', NULL, 'wage_subsidy', 'dagpenge', NULL, 'Løntilskud, forsikret ledig',
  'ASSUMED code number: check STAR''s DREAM code list. Wage subsidy is not self-support (LBK nr. 221 af 12/02/2021 § 6: self-support weeks exclude wage-subsidy jobs).', true),
 ('730', '1991-01-01', NULL, 'target_group', 'kontanthjaelp_jobparat', NULL, 'Kontanthjælp, jobparat',
  'ASSUMED code number and split: DREAM''s kontanthjælp codes may not tell job-ready from activity-ready; check STAR''s DREAM code list.', true),
 ('740', '1991-01-01', NULL, 'target_group', 'kontanthjaelp_aktivitetsparat', NULL, 'Kontanthjælp, aktivitetsparat',
  'ASSUMED code number and split: check STAR''s DREAM code list.', true),
 ('750', '1991-01-01', NULL, 'target_group', 'uddannelseshjaelp', NULL, 'Uddannelseshjælp',
  'ASSUMED code number: check STAR''s DREAM code list.', true),
 ('890', '1991-01-01', NULL, 'target_group', 'sygedagpenge', NULL, 'Sygedagpenge',
  'ASSUMED code number: check STAR''s DREAM code list.', true),
 ('774', '1991-01-01', NULL, 'target_group', 'jobafklaring', NULL, 'Jobafklaringsforløb',
  'ASSUMED code number: check STAR''s DREAM code list.', true),
 ('775', '1991-01-01', NULL, 'target_group', 'ressourceforloeb', NULL, 'Ressourceforløb',
  'ASSUMED code number: check STAR''s DREAM code list.', true),
 ('771', '1991-01-01', NULL, 'target_group', 'ledighedsydelse', NULL, 'Ledighedsydelse',
  'ASSUMED code number: check STAR''s DREAM code list.', true),
 ('521', '1991-01-01', NULL, 'target_group', 'revalidering', NULL, 'Revalidering',
  'ASSUMED code number: check STAR''s DREAM code list.', true),
 ('213', '1991-01-01', NULL, 'target_group', 'integration', NULL, 'Integrationsydelse / selvforsørgelses- og hjemrejseprogram',
  'ASSUMED code number: check STAR''s DREAM code list.', true),
 ('783', '1991-01-01', NULL, 'other_benefit', NULL, NULL, 'Førtidspension',
  'ASSUMED code number: check STAR''s DREAM code list. Førtidspension is public support outside the job centre''s target groups: a transition.', true),
 ('621', '1991-01-01', NULL, 'other_benefit', NULL, NULL, 'Efterløn',
  'ASSUMED code number: check STAR''s DREAM code list. A transition.', true),
 ('998', '1991-01-01', NULL, 'other_benefit', NULL, NULL, 'Folkepension',
  'ASSUMED code number: check STAR''s DREAM code list. A transition.', true),
 ('651', '1991-01-01', NULL, 'not_support', NULL, 'education', 'SU (ordinary education)',
  'ASSUMED code number: check STAR''s DREAM code list. SU is not public support in the job centre''s sense: after a spell an exit to education.', true),
 ('997', '1991-01-01', NULL, 'not_support', NULL, 'moved', 'Udvandret',
  'ASSUMED code number: check STAR''s DREAM code list. Emigration censors the support period.', true),
 ('999', '1991-01-01', NULL, 'not_support', NULL, 'deceased', 'Død',
  'ASSUMED code number: check STAR''s DREAM code list. Death censors the support period.', true)
) AS v(code, valid_from, valid_to, counts_as, group_code, exit_reason, label, note, seeded)
 WHERE v.group_code IS NULL OR EXISTS (SELECT 1 FROM employment_kpi.citizen_group g WHERE g.group_code = v.group_code);

SELECT pg_catalog.pg_extension_config_dump('employment_kpi.benefit_code', 'WHERE NOT seeded');
