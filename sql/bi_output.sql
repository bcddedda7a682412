-- Tests src/sql/bi/budget.sql (the offer columns of mv_output_month); also bi/refresh.sql.
-- mv_output_month after changes to offers.  An offer's new end date changes
-- its cost share in every month since its start (its cost is spread over
-- its days), so refresh() updates the offer columns of the months from the
-- offer's start up to the month of the earliest other change in place (mode
-- "..., offer costs from YYYY-MM") and recomputes the months from there on.
-- After every change the incremental contents must equal refresh(full =>
-- true) (differences = 0); changed_from/changed_months show the months the
-- change really altered (full after the change against the contents before
-- it) and changed_columns which columns changed before the recomputed
-- months, so an offer-cost path that did nothing, did the wrong months or
-- touched the wrong columns shows here.
SET client_min_messages = warning;
SET extra_float_digits = 0;
BEGIN;
SELECT count(*) > 0 AS generated FROM employment_kpi.generate_synthetic(300, '2024-01-01', 40, 7);
DELETE FROM employment_kpi_internal.bi_relation WHERE mv_name <> 'mv_output_month';
SELECT view_name, mode, ok FROM employment_kpi.refresh();
SELECT min(month), max(month), count(DISTINCT month) AS months, max(to_date) = employment_kpi.data_end() AS to_last_day
  FROM employment_kpi_internal.mv_output_month;
CREATE TEMP TABLE prev AS SELECT * FROM employment_kpi_internal.mv_output_month;

-- the columns in which a row of mv_output_month differs from the same row
-- of prev, in the months before the given one; compared as jsonb, with
-- extra_float_digits = 1 so that a double precision value is exact there
CREATE FUNCTION pg_temp.changed_columns(before date) RETURNS text
LANGUAGE sql STABLE SET extra_float_digits = 1 AS $$
    SELECT string_agg(DISTINCT x.key, ', ' ORDER BY x.key)
      FROM prev p
      JOIN employment_kpi_internal.mv_output_month m USING (month, scope, scope_code)
     CROSS JOIN LATERAL jsonb_each(to_jsonb(p)) AS x
     WHERE x.value IS DISTINCT FROM to_jsonb(m) -> x.key AND p.month < before
$$;

-- refresh() then refresh(full => true): the incremental mode, the months the
-- change altered, the columns it altered in the months before the first
-- recomputed one, and the rows in which incremental and full differ; then
-- the contents become the "before" of the next change
CREATE FUNCTION pg_temp.round_trip()
RETURNS TABLE (mode text, changed_from text, changed_months bigint, changed_columns text, differences bigint)
LANGUAGE plpgsql AS $$
DECLARE
    v_recomputed date;
BEGIN
    SELECT r.mode INTO mode FROM employment_kpi.refresh() r WHERE r.view_name = 'mv_output_month';
    v_recomputed := coalesce(to_date(substring(mode FROM 'incremental from (\d{4}-\d\d)'), 'YYYY-MM'), 'infinity');
    CREATE TEMP TABLE inc AS SELECT * FROM employment_kpi_internal.mv_output_month;
    PERFORM 1 FROM employment_kpi.refresh(full => true);
    SELECT employment_kpi.month_label(min(c.month)), count(DISTINCT c.month)
      INTO changed_from, changed_months
      FROM ((TABLE prev EXCEPT TABLE employment_kpi_internal.mv_output_month)
            UNION ALL (TABLE employment_kpi_internal.mv_output_month EXCEPT TABLE prev)) c;
    changed_columns := pg_temp.changed_columns(v_recomputed);
    SELECT (SELECT count(*) FROM (TABLE inc EXCEPT TABLE employment_kpi_internal.mv_output_month) a)
         + (SELECT count(*) FROM (TABLE employment_kpi_internal.mv_output_month EXCEPT TABLE inc) b)
      INTO differences;
    DROP TABLE inc;
    TRUNCATE prev;
    INSERT INTO prev SELECT * FROM employment_kpi_internal.mv_output_month;
    RETURN NEXT;
END $$;

-- the offer under test: started in February (the synthetic offers all have
-- a planned end date)
CREATE TEMP TABLE o AS
SELECT citizen_id, source_id, start_date, end_date, cost_dkk FROM employment_kpi.intervention
 WHERE start_date BETWEEN '2024-02-01' AND '2024-02-29' AND end_date > '2024-03-31'
 ORDER BY citizen_id, source_id LIMIT 1;
SELECT start_date, end_date, cost_dkk > 0 AS has_cost FROM o;
CREATE FUNCTION pg_temp.set_end(d date) RETURNS void LANGUAGE sql AS $$
    UPDATE employment_kpi.intervention i SET end_date = d FROM o
     WHERE (i.citizen_id, i.source_id) = (o.citizen_id, o.source_id)
$$;

-- 1. it becomes ongoing (end date removed): its share of each month is now
-- spread over start..month end; from its old end date on recomputed
SELECT pg_temp.set_end(NULL);
SELECT * FROM pg_temp.round_trip();
-- 2. it gets an end date in August, months after its start: February to
-- July change only their offer cost shares (updated in place: cost and the
-- ratios built on it), August on is recomputed
SELECT pg_temp.set_end('2024-08-20');
SELECT * FROM pg_temp.round_trip();
-- 3. the end date moved earlier, to May, and 4. later, to September
SELECT pg_temp.set_end('2024-05-06');
SELECT * FROM pg_temp.round_trip();
SELECT pg_temp.set_end('2024-09-12');
SELECT * FROM pg_temp.round_trip();
-- 5. a planned end after the last day of the data, moved later still: every
-- month since the start changes its offer costs only
SELECT employment_kpi.data_end() < '2024-12-01' AS before_planned_end;
SELECT pg_temp.set_end('2024-12-31');
SELECT * FROM pg_temp.round_trip();
SELECT pg_temp.set_end('2025-06-30');
SELECT * FROM pg_temp.round_trip();
-- 6. the offer deleted: everything since its start is recomputed
DELETE FROM employment_kpi.intervention i USING o WHERE (i.citizen_id, i.source_id) = (o.citizen_id, o.source_id);
SELECT * FROM pg_temp.round_trip();
-- 7. an offer change together with an earlier change of another source (a
-- conversation in January): no month is left to the offer-cost path
UPDATE employment_kpi.intervention SET end_date = '2024-08-30'
 WHERE (citizen_id, source_id) = (SELECT citizen_id, source_id FROM employment_kpi.intervention
                                   WHERE start_date BETWEEN '2024-03-01' AND '2024-03-31' AND end_date IS NULL
                                   ORDER BY citizen_id, source_id LIMIT 1);
INSERT INTO employment_kpi.conversation (citizen_id, source_id, caseworker_id, held_on, kind, status)
SELECT citizen_id, 'bi-test-conv', (SELECT min(caseworker_id) FROM employment_kpi.caseworker), '2024-01-15', 'job', 'held'
  FROM employment_kpi.support_spell
 WHERE start_date <= '2024-01-15' AND coalesce(end_date, 'infinity') >= '2024-01-15'
 ORDER BY citizen_id LIMIT 1;
SELECT * FROM pg_temp.round_trip();
-- 8. only the offer-cost source pending (recorded directly: the trigger
-- always records an offer's own source with it): months updated in place,
-- nothing recomputed, nothing actually different
INSERT INTO employment_kpi_internal.bi_change VALUES ('intervention_span', NULL, '2024-03-10');
SELECT * FROM pg_temp.round_trip();

-- 9. random edits in three rounds: end dates of offers that started before
-- June and end after May set, moved earlier and later, removed (so the
-- months before June are left to the offer-cost path); offers starting from
-- July deleted, added, their cost changed; in the last round also a spell
-- ending in July
SELECT setseed(0.42);
CREATE FUNCTION pg_temp.random_edits() RETURNS void LANGUAGE sql AS $$
    UPDATE employment_kpi.intervention i
       SET end_date = CASE WHEN x.r < 0.2 THEN NULL ELSE DATE '2024-06-01' + (x.r * 300)::int END
      FROM (SELECT citizen_id, source_id, random() AS r, random() AS pick
              FROM employment_kpi.intervention ORDER BY citizen_id, source_id) x
     WHERE (i.citizen_id, i.source_id) = (x.citizen_id, x.source_id) AND x.pick < 0.5
       AND i.start_date < '2024-06-01' AND coalesce(i.end_date, 'infinity') >= '2024-06-01';
    UPDATE employment_kpi.intervention i SET cost_dkk = round(i.cost_dkk * 1.1)
      FROM (SELECT citizen_id, source_id, random() AS pick FROM employment_kpi.intervention
             ORDER BY citizen_id, source_id) x
     WHERE (i.citizen_id, i.source_id) = (x.citizen_id, x.source_id) AND x.pick < 0.2
       AND i.start_date >= '2024-07-01';
    INSERT INTO employment_kpi.intervention (citizen_id, source_id, caseworker_id, type_code, start_date, end_date, cost_dkk)
    SELECT i.citizen_id, 'bi-test-' || pg_catalog.md5(i.source_id || x.r::text), i.caseworker_id, i.type_code,
           DATE '2024-07-01' + (x.r * 90)::int, CASE WHEN x.r < 0.5 THEN DATE '2024-07-01' + (x.r * 300)::int END, i.cost_dkk
      FROM employment_kpi.intervention i
      JOIN (SELECT citizen_id, source_id, random() AS r, random() AS pick FROM employment_kpi.intervention
             ORDER BY citizen_id, source_id) x USING (citizen_id, source_id)
     WHERE x.pick < 0.02;
    DELETE FROM employment_kpi.intervention i
     USING (SELECT citizen_id, source_id, random() AS pick FROM employment_kpi.intervention
             ORDER BY citizen_id, source_id) x
     WHERE (i.citizen_id, i.source_id) = (x.citizen_id, x.source_id) AND x.pick < 0.1
       AND i.start_date >= '2024-07-01';
$$;
SELECT pg_temp.random_edits();
SELECT * FROM pg_temp.round_trip();
SELECT pg_temp.random_edits();
SELECT * FROM pg_temp.round_trip();
SELECT pg_temp.random_edits();
UPDATE employment_kpi.support_spell SET end_date = '2024-07-15', exit_reason = 'job'
 WHERE (citizen_id, source_id) = (SELECT citizen_id, source_id FROM employment_kpi.support_spell
                                   WHERE start_date < '2024-06-01' AND end_date IS NULL
                                   ORDER BY citizen_id, source_id LIMIT 1);
SELECT * FROM pg_temp.round_trip();
-- a new offer type and a new target group: a row each in every month
INSERT INTO employment_kpi.intervention_type (type_code, label, label_da) VALUES ('bi_test_type', 'Test offer', 'Testtilbud');
SELECT * FROM pg_temp.round_trip();
INSERT INTO employment_kpi.citizen_group (group_code, label, label_da) VALUES ('bi_test_group', 'Test group', 'Testgruppe');
SELECT * FROM pg_temp.round_trip();
-- the log says what was done
SELECT mode, ok FROM employment_kpi.refresh_log
 WHERE view_name = 'mv_output_month' AND mode LIKE '%offer costs%' ORDER BY started_at;
ROLLBACK;
