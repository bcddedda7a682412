-- The 2027 reform of the employment effort as dated reference data: the
-- five target groups from 1 January 2027 and citizen_group_map, which says
-- from which day a group is reported as another one (the current groups
-- merge into the five).  New since 0.1.0: a fresh install runs this file
-- after storage.sql, an upgrade runs it whole after its storage part (which
-- gives citizen_group the columns these rows fill), so the rows are written
-- once.
--
-- The groups are added with the table's triggers off (an upgraded database
-- has them already), so that they stay flagged as pristine seeds and no
-- change is tracked; a code the database already holds keeps its row.  A
-- mapping is seeded only between groups the database has: a group deleted
-- in 0.1.0 is gone, and a restore of a fresh install drops its mapping with
-- it.

ALTER TABLE employment_kpi.citizen_group DISABLE TRIGGER USER;
INSERT INTO employment_kpi.citizen_group (group_code, label, label_da, seeded, valid_from, valid_to, note) VALUES
 ('dagpengeindsats',               '2027: insured unemployed (dagpenge effort)',   'Dagpengeindsats (dagpengemodtagere)', true, '2027-01-01', NULL,
  'ASSUMED: the reform agreement of 9/4/2025 reduces the 13 target groups to five; the act naming them was not confirmed here. Code and name follow the five effort groups the expert group proposed (Ekspertgruppen for fremtidens beskæftigelsesindsats, Anbefalinger, June 2024). Check against the act and edit.'),
 ('jobsoegningsindsats',           '2027: job-ready (job-search effort)',          'Jobsøgningsindsats (jobparate kontanthjælps- og ledighedsydelsesmodtagere)', true, '2027-01-01', NULL,
  'ASSUMED: the reform agreement of 9/4/2025 reduces the 13 target groups to five; the act naming them was not confirmed here. Code and name follow the five effort groups the expert group proposed (Ekspertgruppen for fremtidens beskæftigelsesindsats, Anbefalinger, June 2024). Check against the act and edit.'),
 ('jobhjaelpsindsats',             '2027: not job-ready (job-help effort)',        'Jobhjælpsindsats (kontanthjælpsmodtagere med andre udfordringer end ledighed)', true, '2027-01-01', NULL,
  'ASSUMED: the reform agreement of 9/4/2025 reduces the 13 target groups to five; the act naming them was not confirmed here. Code and name follow the five effort groups the expert group proposed (Ekspertgruppen for fremtidens beskæftigelsesindsats, Anbefalinger, June 2024). Check against the act and edit.'),
 ('sygedagpengeindsats',           '2027: sick-listed (sickness-benefit effort)',  'Sygedagpengeindsats (sygedagpengemodtagere)', true, '2027-01-01', NULL,
  'ASSUMED: the reform agreement of 9/4/2025 reduces the 13 target groups to five; the act naming them was not confirmed here. Code and name follow the five effort groups the expert group proposed (Ekspertgruppen for fremtidens beskæftigelsesindsats, Anbefalinger, June 2024). Check against the act and edit.'),
 ('oevrige_indsats',               '2027: other citizens (other effort)',          'Indsats for øvrige borgere (førtidspensionister, selvforsørgende, unge under 18)', true, '2027-01-01', NULL,
  'ASSUMED: the reform agreement of 9/4/2025 reduces the 13 target groups to five; the act naming them was not confirmed here. Code and name follow the five effort groups the expert group proposed (Ekspertgruppen for fremtidens beskæftigelsesindsats, Anbefalinger, June 2024). Check against the act and edit.')
ON CONFLICT (group_code) DO NOTHING;
ALTER TABLE employment_kpi.citizen_group ENABLE TRIGGER USER;

CREATE TABLE employment_kpi.citizen_group_map (
    group_code         text NOT NULL REFERENCES employment_kpi.citizen_group (group_code) ON DELETE CASCADE,
    valid_from         date NOT NULL CONSTRAINT citizen_group_map_valid_from_check CHECK (pg_catalog.isfinite(valid_from)),
    mapped_group_code  text NOT NULL REFERENCES employment_kpi.citizen_group (group_code),
    note               text NULL,
    seeded             boolean NOT NULL DEFAULT false,
    PRIMARY KEY (group_code, valid_from)
);

INSERT INTO employment_kpi.citizen_group_map (group_code, valid_from, mapped_group_code, note, seeded)
SELECT v.* FROM (VALUES
 ('dagpenge',                      DATE '2027-01-01', 'dagpengeindsats',
  'ASSUMED (act not confirmed): dagpenge recipients form the dagpenge effort group.', true),
 ('kontanthjaelp_jobparat',        DATE '2027-01-01', 'jobsoegningsindsats',
  'ASSUMED (act not confirmed): job-ready kontanthjælp recipients form the job-search group with ledighedsydelse recipients.', true),
 ('ledighedsydelse',               DATE '2027-01-01', 'jobsoegningsindsats',
  'ASSUMED (act not confirmed): ledighedsydelse recipients join the job-search group (as the expert group proposed, June 2024).', true),
 ('uddannelseshjaelp',             DATE '2027-01-01', 'jobsoegningsindsats',
  'ASSUMED (act not confirmed): the agreement of 9/4/2025 puts the under-30s in kontanthjælp under the rules of other kontanthjælp recipients and registers every kontanthjælp recipient as job-ready by default; where the source system tells the activity-ready apart, map them to jobhjaelpsindsats instead.', true),
 ('integration',                   DATE '2027-01-01', 'jobsoegningsindsats',
  'ASSUMED (act not confirmed): recipients of selvforsørgelses- og hjemrejseydelse follow the kontanthjælp rules, job-ready by default.', true),
 ('kontanthjaelp_aktivitetsparat', DATE '2027-01-01', 'jobhjaelpsindsats',
  'ASSUMED (act not confirmed): activity-ready kontanthjælp recipients form the job-help group.', true),
 ('ressourceforloeb',              DATE '2027-01-01', 'jobhjaelpsindsats',
  'ASSUMED (act not confirmed): ressourceforløb is abolished for new citizens (lovforslag L 66, 2025/26); those still in one are counted with the job-help group.', true),
 ('revalidering',                  DATE '2027-01-01', 'jobhjaelpsindsats',
  'ASSUMED (act not confirmed): revalidering is abolished for new citizens (lovforslag L 66, 2025/26); those still in one are counted with the job-help group.', true),
 ('sygedagpenge',                  DATE '2027-01-01', 'sygedagpengeindsats',
  'ASSUMED (act not confirmed): sygedagpenge recipients form the sickness-benefit group.', true),
 ('jobafklaring',                  DATE '2027-01-01', 'sygedagpengeindsats',
  'ASSUMED (act not confirmed): jobafklaringsforløb follows a sygedagpenge spell; counted with the sickness-benefit group.', true)
) AS v(group_code, valid_from, mapped_group_code, note, seeded)
 WHERE EXISTS (SELECT 1 FROM employment_kpi.citizen_group g WHERE g.group_code = v.group_code)
   AND EXISTS (SELECT 1 FROM employment_kpi.citizen_group g WHERE g.group_code = v.mapped_group_code);
SELECT pg_catalog.pg_extension_config_dump('employment_kpi.citizen_group_map', 'WHERE NOT seeded');
