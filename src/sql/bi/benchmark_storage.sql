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

INSERT INTO employment_kpi.benchmark_measure (measure, kpi, group_code, note, seeded)
SELECT v.* FROM (VALUES
 ('Fuldtidspersoner i alt', 'fulltime_persons', NULL,
  'ASSUMED measure name: Jobindsats, full-time persons on public support (measure info MM14: weeks on a benefit in the period / weeks in the period, summed across benefits). Ours counts the job centre''s target groups only (support_spell).', true),
 ('Fuldtidspersoner, a-dagpenge', 'fulltime_persons', 'dagpenge',
  'ASSUMED measure name: Jobindsats, full-time persons on a-dagpenge (MM14).', true),
 ('Fuldtidspersoner, sygedagpenge', 'fulltime_persons', 'sygedagpenge',
  'ASSUMED measure name: Jobindsats, full-time persons on sygedagpenge (MM14).', true)
) AS v(measure, kpi, group_code, note, seeded)
 WHERE v.group_code IS NULL OR EXISTS (SELECT 1 FROM employment_kpi.citizen_group g WHERE g.group_code = v.group_code);

CREATE TABLE employment_kpi.benchmark_municipality (
    municipality  text PRIMARY KEY CHECK (btrim(municipality) <> ''),
    role          text NOT NULL CHECK (role IN ('own', 'peer', 'national')),
    label         text NULL
);

-- one own municipality and one national figure
CREATE UNIQUE INDEX benchmark_municipality_one_own ON employment_kpi.benchmark_municipality (role)
    WHERE role IN ('own', 'national');

CREATE TABLE employment_kpi.benchmark (
    municipality  text NOT NULL CHECK (btrim(municipality) <> ''),
    period        date NOT NULL CHECK (pg_catalog.date_part('day', period) = 1 AND pg_catalog.isfinite(period)),
    measure       text NOT NULL REFERENCES employment_kpi.benchmark_measure (measure) ON UPDATE CASCADE ON DELETE CASCADE,
    value         numeric NOT NULL,
    PRIMARY KEY (municipality, period, measure)
);

SELECT pg_catalog.pg_extension_config_dump('employment_kpi.benchmark_measure', 'WHERE NOT seeded');
SELECT pg_catalog.pg_extension_config_dump('employment_kpi.benchmark_municipality', '');
SELECT pg_catalog.pg_extension_config_dump('employment_kpi.benchmark', '');
