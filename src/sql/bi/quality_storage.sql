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

INSERT INTO employment_kpi.spell_duration_limit (group_code, max_weeks, note, seeded)
SELECT v.* FROM (VALUES
 ('dagpenge', 104,
  'ASSUMED plausibility limit: the dagpenge period is 2 years within 3 years (lov om arbejdsløshedsforsikring m.v.); a longer open spell probably lacks its end date.', true),
 ('sygedagpenge', 52,
  'ASSUMED plausibility limit: sygedagpenge runs 22 weeks within 9 months before it must be extended or end (sygedagpengeloven § 24); extensions beyond a year are rare.', true),
 ('jobafklaring', 104,
  'ASSUMED plausibility limit: a jobafklaringsforløb is granted for up to 6 months at a time and re-assessed; two years is taken as implausible.', true),
 ('ressourceforloeb', 260,
  'ASSUMED plausibility limit: a ressourceforløb lasts 1 to 5 years per decision.', true),
 ('revalidering', 260,
  'ASSUMED plausibility limit: revalidering rarely exceeds 5 years.', true)
) AS v(group_code, max_weeks, note, seeded)
 WHERE EXISTS (SELECT 1 FROM employment_kpi.citizen_group g WHERE g.group_code = v.group_code);

SELECT pg_catalog.pg_extension_config_dump('employment_kpi.spell_duration_limit', 'WHERE NOT seeded');
