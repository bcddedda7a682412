-- Benchmarks from Jobindsats (STAR's portal of published measures per
-- municipality, monthly): the downloaded figures (benchmark), which
-- municipalities they are (benchmark_municipality: the own one, its peers,
-- the national figure) and which of our definitions a measure corresponds
-- to (benchmark_measure, seeded).  import_benchmark and kpi_benchmark are
-- in bi/benchmark.sql.

CREATE TABLE employment_kpi.benchmark_measure (
    measure     text PRIMARY KEY CHECK (btrim(measure) <> ''),
    kpi         text NOT NULL CHECK (kpi IN ('fulltime_persons', 'exits', 'transitions')),
    group_code  text NULL REFERENCES employment_kpi.citizen_group (group_code) ON DELETE CASCADE,
    note        text NOT NULL CHECK (btrim(note) <> ''),
    seeded      boolean NOT NULL DEFAULT false
);

COMMENT ON TABLE employment_kpi.benchmark_measure IS
'The Jobindsats measures a download may hold, each with the figure of kpi_output_month it corresponds to (kpi, for the municipality or, with group_code, a target group): kpi_benchmark sets the municipality''s own figure beside the published ones. Seeded with the full-time person measures under ASSUMED names (write them as the download does; see docs/benchmark.md); editable.';
COMMENT ON COLUMN employment_kpi.benchmark_measure.measure IS 'The measure as the Jobindsats download names it (the value of its measure column).';
COMMENT ON COLUMN employment_kpi.benchmark_measure.kpi IS 'Our figure of the same definition: fulltime_persons (fuldtidspersoner, Jobindsats MM14), exits (afgange til selvforsørgelse) or transitions (overgange til anden offentlig forsørgelse), as kpi_output_month computes them per month.';
COMMENT ON COLUMN employment_kpi.benchmark_measure.group_code IS 'Target group (målgruppe) the measure is for; NULL = all groups (the municipality). Deleting the group deletes its measures.';
COMMENT ON COLUMN employment_kpi.benchmark_measure.note IS 'Where the measure is defined, how our definition differs, and what is assumed.';
COMMENT ON COLUMN employment_kpi.benchmark_measure.seeded IS 'True only for a seed row unchanged since CREATE EXTENSION (maintained by a trigger); rows with false are dumped by pg_dump.';

INSERT INTO employment_kpi.benchmark_measure (measure, kpi, group_code, note, seeded) VALUES
 ('Fuldtidspersoner i alt', 'fulltime_persons', NULL,
  'ASSUMED measure name: Jobindsats, full-time persons on public support (measure info MM14: weeks on a benefit in the period / weeks in the period, summed across benefits). Ours counts the job centre''s target groups only (support_spell).', true),
 ('Fuldtidspersoner, a-dagpenge', 'fulltime_persons', 'dagpenge',
  'ASSUMED measure name: Jobindsats, full-time persons on a-dagpenge (MM14).', true),
 ('Fuldtidspersoner, sygedagpenge', 'fulltime_persons', 'sygedagpenge',
  'ASSUMED measure name: Jobindsats, full-time persons on sygedagpenge (MM14).', true);

CREATE TABLE employment_kpi.benchmark_municipality (
    municipality  text PRIMARY KEY CHECK (btrim(municipality) <> ''),
    role          text NOT NULL CHECK (role IN ('own', 'peer', 'national')),
    label         text NULL
);

-- one own municipality and one national figure
CREATE UNIQUE INDEX benchmark_municipality_one_own ON employment_kpi.benchmark_municipality (role)
    WHERE role IN ('own', 'national');
COMMENT ON INDEX employment_kpi.benchmark_municipality_one_own IS 'At most one own municipality and one national figure.';

COMMENT ON TABLE employment_kpi.benchmark_municipality IS
'The municipalities of the Jobindsats downloads that kpi_benchmark shows: the own municipality, its peers (sammenlignelige kommuner, e.g. Jobindsats'' cluster of comparable municipalities) and the national figure (Hele landet). Not seeded: fill it with INSERT.';
COMMENT ON COLUMN employment_kpi.benchmark_municipality.municipality IS 'The municipality as the download names it (the value of its municipality column), e.g. Aarhus or Hele landet.';
COMMENT ON COLUMN employment_kpi.benchmark_municipality.role IS 'own (the municipality whose data employment_kpi holds), peer (a comparable municipality) or national (the figure for the whole country).';
COMMENT ON COLUMN employment_kpi.benchmark_municipality.label IS 'Readable name, if it differs.';

CREATE TABLE employment_kpi.benchmark (
    municipality  text NOT NULL CHECK (btrim(municipality) <> ''),
    period        date NOT NULL CHECK (pg_catalog.date_part('day', period) = 1 AND pg_catalog.isfinite(period)),
    measure       text NOT NULL REFERENCES employment_kpi.benchmark_measure (measure) ON UPDATE CASCADE ON DELETE CASCADE,
    value         numeric NOT NULL,
    PRIMARY KEY (municipality, period, measure)
);

COMMENT ON TABLE employment_kpi.benchmark IS
'Published monthly measures from Jobindsats downloads (import_benchmark): one value per municipality, month and measure.';
COMMENT ON COLUMN employment_kpi.benchmark.municipality IS 'The municipality (or Hele landet) as the download names it.';
COMMENT ON COLUMN employment_kpi.benchmark.period IS 'The month: its first day.';
COMMENT ON COLUMN employment_kpi.benchmark.measure IS 'The measure (benchmark_measure); deleting the measure deletes its figures.';
COMMENT ON COLUMN employment_kpi.benchmark.value IS 'The published value.';

SELECT pg_catalog.pg_extension_config_dump('employment_kpi.benchmark_measure', 'WHERE NOT seeded');
SELECT pg_catalog.pg_extension_config_dump('employment_kpi.benchmark_municipality', '');
SELECT pg_catalog.pg_extension_config_dump('employment_kpi.benchmark', '');
