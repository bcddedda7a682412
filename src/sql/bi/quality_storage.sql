-- The data-quality report's one piece of reference data: how long a spell
-- of a target group can plausibly run (data_quality, bi/quality.sql).
-- Seeded reference data like citizen_group (seed_guard, dumped when
-- changed).

CREATE TABLE employment_kpi.spell_duration_limit (
    group_code  text PRIMARY KEY REFERENCES employment_kpi.citizen_group (group_code) ON DELETE CASCADE,
    max_weeks   int NOT NULL CHECK (max_weeks >= 1),
    note        text NOT NULL CHECK (btrim(note) <> ''),
    seeded      boolean NOT NULL DEFAULT false
);

COMMENT ON TABLE employment_kpi.spell_duration_limit IS
'The longest a spell of a target group can plausibly run, in weeks: an open spell that has run longer is reported by data_quality (check spell_too_long) as a probable missing end date. Not a rule of law: a plausibility limit, seeded for the groups whose benefit the law limits in time (ASSUMED values, see note) and editable; a group without a row is not checked.';
COMMENT ON COLUMN employment_kpi.spell_duration_limit.group_code IS 'Target group (målgruppe); deleting the group deletes its limit.';
COMMENT ON COLUMN employment_kpi.spell_duration_limit.max_weeks IS 'Whole weeks from the spell''s start after which an open spell is implausible.';
COMMENT ON COLUMN employment_kpi.spell_duration_limit.note IS 'Why this limit, and what in it is assumed.';
COMMENT ON COLUMN employment_kpi.spell_duration_limit.seeded IS 'True only for a seed row unchanged since CREATE EXTENSION (maintained by a trigger); rows with false are dumped by pg_dump.';

INSERT INTO employment_kpi.spell_duration_limit (group_code, max_weeks, note, seeded) VALUES
 ('dagpenge', 104,
  'ASSUMED plausibility limit: the dagpenge period is 2 years within 3 years (lov om arbejdsløshedsforsikring m.v.); a longer open spell probably lacks its end date.', true),
 ('sygedagpenge', 52,
  'ASSUMED plausibility limit: sygedagpenge runs 22 weeks within 9 months before it must be extended or end (sygedagpengeloven § 24); extensions beyond a year are rare.', true),
 ('jobafklaring', 104,
  'ASSUMED plausibility limit: a jobafklaringsforløb is granted for up to 6 months at a time and re-assessed; two years is taken as implausible.', true),
 ('ressourceforloeb', 260,
  'ASSUMED plausibility limit: a ressourceforløb lasts 1 to 5 years per decision.', true),
 ('revalidering', 260,
  'ASSUMED plausibility limit: revalidering rarely exceeds 5 years.', true);

SELECT pg_catalog.pg_extension_config_dump('employment_kpi.spell_duration_limit', 'WHERE NOT seeded');
