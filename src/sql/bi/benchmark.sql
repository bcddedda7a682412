-- Benchmarks from Jobindsats: import_benchmark loads a download in the long
-- form Jobindsats exports (municipality, period, measure, value) into
-- benchmark; kpi_benchmark sets the municipality's own monthly figures,
-- computed by the definitions of kpi_output_month, beside the published
-- figures of the municipality, its peers and the whole country.

-- A month as downloads write it: '2024M01' (Jobindsats), '2024-01', or a
-- date 'YYYY-MM-DD' in the month.
CREATE OR REPLACE FUNCTION employment_kpi_internal.benchmark_month(period text)
RETURNS date
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    m  text[];
BEGIN
    m := regexp_match(period, '^\s*([0-9]{4})(?:M|-)([0-9]{2})\s*$');
    IF m IS NOT NULL THEN
        IF m[1]::int < 1 OR m[2]::int NOT BETWEEN 1 AND 12 THEN
            RETURN NULL;
        END IF;
        RETURN make_date(m[1]::int, m[2]::int, 1);
    END IF;
    RETURN date_trunc('month', employment_kpi_internal.import_try_cast(period, NULL::date))::date;
END
$$;

COMMENT ON FUNCTION employment_kpi_internal.benchmark_month(text) IS
'Internal: the first day of the month a Jobindsats download names: ''2024M01'', ''2024-01'' or a date YYYY-MM-DD in the month; NULL for anything else.';

CREATE OR REPLACE FUNCTION employment_kpi.import_benchmark(source regclass)
RETURNS TABLE (inserted bigint, updated bigint, rejected bigint)
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    n_ins  bigint;
    n_upd  bigint;
    n_rej  bigint;
    v_unknown text[];   -- the source's measures benchmark_measure lacks
    v_changed jsonb;    -- the stored rows whose value changes
BEGIN
    PERFORM employment_kpi_internal.import_source_check('import_benchmark', source, ARRAY['municipality', 'period', 'measure', 'value'],
        'The source needs municipality, period, measure and value (Jobindsats'' long form).');
    PERFORM employment_kpi_internal.citus_one_connection();
    LOCK TABLE employment_kpi.benchmark IN SHARE ROW EXCLUSIVE MODE;

    PERFORM employment_kpi_internal.drop_temp_table('ekpi_benchmark_stage');
    EXECUTE format('CREATE TEMP TABLE ekpi_benchmark_stage AS '
                   'SELECT row_number() OVER () AS _row, NULLIF(btrim(s.municipality::text), %1$L) AS t_municipality, '
                   '       NULLIF(btrim(s.period::text), %1$L) AS t_period, NULLIF(btrim(s.measure::text), %1$L) AS t_measure, '
                   '       NULLIF(btrim(s.value::text), %1$L) AS t_value '
                   '  FROM %2$s AS s', '', source);
    ALTER TABLE pg_temp.ekpi_benchmark_stage ADD COLUMN period date, ADD COLUMN value numeric, ADD COLUMN _reason text;
    -- (a number only in its plain form: '1.234' is 1234 in a Danish
    -- download and 1.234 in an English one, so it is rejected, never
    -- misread)
    UPDATE pg_temp.ekpi_benchmark_stage s
       SET period = employment_kpi_internal.benchmark_month(s.t_period),
           value = CASE WHEN s.t_value !~ '^\s*[+-]?[0-9]{1,3}\.[0-9]{3}\s*$'
                        THEN employment_kpi_internal.import_try_cast(s.t_value, NULL::numeric) END;
    -- (the unknown measures first: Citus plans no UPDATE whose condition
    -- reads a reference table)
    SELECT array_agg(DISTINCT s.t_measure) INTO v_unknown
      FROM pg_temp.ekpi_benchmark_stage s
     WHERE NOT EXISTS (SELECT 1 FROM employment_kpi.benchmark_measure m WHERE m.measure = s.t_measure);
    UPDATE pg_temp.ekpi_benchmark_stage s
       SET _reason = NULLIF(concat_ws('; ',
             CASE WHEN s.t_municipality IS NULL THEN 'NULL in required column municipality' END,
             CASE WHEN s.t_period IS NULL THEN 'NULL in required column period'
                  WHEN s.period IS NULL
                  THEN format('invalid month in period: %L (expected 2024M01, 2024-01 or a date YYYY-MM-DD)', s.t_period) END,
             CASE WHEN s.t_measure IS NULL THEN 'NULL in required column measure'
                  WHEN s.t_measure = ANY (v_unknown)
                  THEN format('unknown measure %L: add it to benchmark_measure with the figure it corresponds to', s.t_measure) END,
             CASE WHEN s.t_value IS NULL THEN 'NULL in required column value'
                  WHEN s.t_value ~ '^\s*[+-]?[0-9]{1,3}\.[0-9]{3}\s*$'
                  THEN format('ambiguous number in value: %L is %s with a Danish thousands separator and %s with an English decimal point: write it without the separator', s.t_value, replace(s.t_value, '.', ''), s.t_value)
                  WHEN s.value IS NULL
                  THEN format('invalid number in value: %L (expected a plain number, e.g. 1234.5)', s.t_value) END), '');

    -- identical rows count once; the same key with two values contradicts itself
    DELETE FROM pg_temp.ekpi_benchmark_stage s
     WHERE s._reason IS NULL
       AND s._row IN (SELECT d._row FROM (SELECT x._row, row_number() OVER (PARTITION BY x.t_municipality, x.period, x.t_measure, x.value
                                                                           ORDER BY x._row) AS rn
                                            FROM pg_temp.ekpi_benchmark_stage x WHERE x._reason IS NULL) d WHERE d.rn > 1);
    UPDATE pg_temp.ekpi_benchmark_stage s
       SET _reason = 'duplicate key (municipality, period, measure) within the source with different values'
     WHERE s._reason IS NULL
       AND (s.t_municipality, s.period, s.t_measure) IN (
             SELECT x.t_municipality, x.period, x.t_measure FROM pg_temp.ekpi_benchmark_stage x
              WHERE x._reason IS NULL GROUP BY 1, 2, 3 HAVING count(*) > 1);

    INSERT INTO employment_kpi.import_reject (target_table, row_data, reason)
    SELECT 'benchmark', jsonb_build_object('municipality', s.t_municipality, 'period', s.t_period,
                                           'measure', s.t_measure, 'value', s.t_value), s._reason
      FROM pg_temp.ekpi_benchmark_stage s WHERE s._reason IS NOT NULL ORDER BY s._row
    ON CONFLICT (target_table, reason, md5(row_data::text)) DO NOTHING;
    SELECT count(*) INTO n_rej FROM pg_temp.ekpi_benchmark_stage s WHERE s._reason IS NOT NULL;

    -- (the changed rows reach the UPDATE as one value: Citus cannot join
    -- a reference table to a temporary table in an UPDATE)
    SELECT count(*) FILTER (WHERE b.municipality IS NULL), count(*) FILTER (WHERE b.value <> s.value),
           jsonb_agg(jsonb_build_object('municipality', s.t_municipality, 'period', s.period,
                                        'measure', s.t_measure, 'value', s.value) ORDER BY s._row)
             FILTER (WHERE b.value <> s.value)
      INTO n_ins, n_upd, v_changed
      FROM pg_temp.ekpi_benchmark_stage s
      LEFT JOIN employment_kpi.benchmark b
        ON b.municipality = s.t_municipality AND b.period = s.period AND b.measure = s.t_measure
     WHERE s._reason IS NULL;
    UPDATE employment_kpi.benchmark b SET value = c.value
      FROM jsonb_to_recordset(v_changed) AS c(municipality text, period date, measure text, value numeric)
     WHERE b.municipality = c.municipality AND b.period = c.period AND b.measure = c.measure;
    INSERT INTO employment_kpi.benchmark (municipality, period, measure, value)
    SELECT s.t_municipality, s.period, s.t_measure, s.value
      FROM pg_temp.ekpi_benchmark_stage s
     WHERE s._reason IS NULL
       AND NOT EXISTS (SELECT 1 FROM employment_kpi.benchmark b
                        WHERE b.municipality = s.t_municipality AND b.period = s.period AND b.measure = s.t_measure)
     ORDER BY s._row;
    DROP TABLE pg_temp.ekpi_benchmark_stage;
    RETURN QUERY SELECT n_ins, n_upd, n_rej;
END
$fn$;

COMMENT ON FUNCTION employment_kpi.import_benchmark(regclass) IS
'Import a Jobindsats download in long form into benchmark: source has municipality, period (2024M01, 2024-01 or a date in the month), measure (benchmark_measure.measure) and value (a plain number; 1,5 is rejected, and so is 1.234, which reads 1234 in a Danish download and 1.234 in an English one), any types. Inserts new rows, updates changed values, leaves identical rows alone; rejects rows with a NULL, an invalid month or number, an unknown measure, or a key given twice with different values into import_reject (target_table benchmark, every fault of a row in one reason). Returns (inserted, updated, rejected).';

CREATE OR REPLACE TRIGGER seed_guard BEFORE INSERT OR UPDATE OR DELETE ON employment_kpi.benchmark_measure
    FOR EACH ROW EXECUTE FUNCTION employment_kpi_internal.seed_guard();
COMMENT ON TRIGGER seed_guard ON employment_kpi.benchmark_measure IS 'Keeps the seeded flag and the tombstones right (see seed_guard()).';

-- The own figure is read from kpi_output_month (the same definitions and
-- the same small-cell rule); a month the BI layer does not hold has none.
CREATE VIEW employment_kpi.kpi_benchmark WITH (security_barrier) AS
SELECT b.period AS month, employment_kpi.month_label(b.period) AS month_label, b.measure, m.kpi, m.group_code,
       (SELECT CASE m.kpi WHEN 'fulltime_persons' THEN o.fulltime_persons
                          WHEN 'exits' THEN o.exits::double precision
                          ELSE o.transitions::double precision END
          FROM employment_kpi.kpi_output_month o
         WHERE o.month = b.period
           AND CASE WHEN m.group_code IS NULL THEN o.scope = 'municipality'
                    ELSE o.scope = 'group' AND o.scope_code = m.group_code END) AS own_computed,
       pg_catalog.max(b.value) FILTER (WHERE u.role = 'own') AS own_published,
       pg_catalog.avg(b.value) FILTER (WHERE u.role = 'peer') AS peer_mean,
       pg_catalog.min(b.value) FILTER (WHERE u.role = 'peer') AS peer_min,
       pg_catalog.max(b.value) FILTER (WHERE u.role = 'peer') AS peer_max,
       pg_catalog.count(*) FILTER (WHERE u.role = 'peer') AS peers,
       pg_catalog.max(b.value) FILTER (WHERE u.role = 'national') AS national
  FROM employment_kpi.benchmark b
  JOIN employment_kpi.benchmark_measure m ON m.measure = b.measure
  JOIN employment_kpi.benchmark_municipality u ON u.municipality = b.municipality
 WHERE (SELECT employment_kpi.is_reader())
 GROUP BY b.period, b.measure, m.kpi, m.group_code;

COMMENT ON VIEW employment_kpi.kpi_benchmark IS
'The municipality beside the others (benchmark): per month and Jobindsats measure, our own figure computed by the definitions of kpi_output_month (own_computed), the figure Jobindsats publishes for the municipality (own_published), the mean, minimum and maximum of its peers and the national figure (benchmark_municipality says which is which). Rows: readers, leaders and analysts.';
SELECT employment_kpi_internal.comment_columns('employment_kpi.kpi_benchmark', $c$
month: First day of the month.
month_label: Month label for chart axes, e.g. 2026-11.
measure: The Jobindsats measure (benchmark_measure).
kpi: Our figure of the same definition: fulltime_persons, exits or transitions (kpi_output_month).
group_code: Target group of the measure; NULL = all groups.
own_computed: The municipality's own figure from its own data: kpi_output_month's kpi for the month (the municipality row, or the group's), NULL when the BI layer holds no such month or the count is suppressed.
own_published: The value Jobindsats publishes for the own municipality.
peer_mean: Mean of the peers' published values (unweighted).
peer_min: Lowest published value among the peers.
peer_max: Highest published value among the peers.
peers: Number of peers with a value.
national: The published national figure (Hele landet).
$c$);
