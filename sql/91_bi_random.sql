-- Incremental refresh equals full refresh after random edits of the facts
-- (inserts, deletes, end-date and group changes of spells and offers, a
-- change of the settings), on a small synthetic municipality.
SET client_min_messages = warning;
BEGIN;
SELECT count(*) > 0 AS generated FROM employment_kpi.generate_synthetic(400, '2024-01-01', 40, 3);
SELECT view_name, mode, ok FROM employment_kpi.refresh();

CREATE TEMP TABLE round_result (round int, relation text, mode text, differences bigint);

CREATE FUNCTION pg_temp.random_edits(round int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    r record;
BEGIN
    PERFORM setseed(round / 100.0);
    -- shorten or end ongoing spells (never creates an overlap)
    UPDATE employment_kpi.support_spell s
       SET end_date = s.start_date + (random() * 60)::int,
           exit_reason = (ARRAY['job', 'education', 'moved', 'other', NULL])[1 + (random() * 4.99)::int]
     WHERE (s.citizen_id, s.source_id) IN (SELECT citizen_id, source_id FROM employment_kpi.support_spell
                                            ORDER BY random() LIMIT 15)
       AND s.start_date + 60 < coalesce(s.end_date, 'infinity')
       AND NOT EXISTS (SELECT 1 FROM employment_kpi.support_spell n
                        WHERE n.citizen_id = s.citizen_id AND n.start_date > s.start_date
                          AND n.start_date <= s.start_date + 60);
    -- change the group of some spells
    UPDATE employment_kpi.support_spell s SET group_code = 'revalidering'
     WHERE (s.citizen_id, s.source_id) IN (SELECT citizen_id, source_id FROM employment_kpi.support_spell
                                            ORDER BY random() LIMIT 5);
    -- delete some spells (whole periods split or vanish)
    DELETE FROM employment_kpi.support_spell s
     WHERE (s.citizen_id, s.source_id) IN (SELECT citizen_id, source_id FROM employment_kpi.support_spell
                                            ORDER BY random() LIMIT 8);
    -- new spells after a citizen's last ended spell, with gaps around the grace period
    FOR r IN SELECT s.citizen_id, max(s.end_date) AS last_end
               FROM employment_kpi.support_spell s GROUP BY s.citizen_id
             HAVING bool_and(s.end_date IS NOT NULL) ORDER BY random() LIMIT 10 LOOP
        INSERT INTO employment_kpi.support_spell (citizen_id, source_id, group_code, start_date, end_date, exit_reason)
        VALUES (r.citizen_id, 'edit-' || round || '-' || md5(random()::text), 'dagpenge',
                r.last_end + 1 + (random() * 50)::int,
                CASE WHEN random() < 0.5 THEN NULL ELSE r.last_end + 60 + (random() * 100)::int END, NULL);
    END LOOP;
    UPDATE employment_kpi.support_spell SET exit_reason = 'job'
     WHERE end_date IS NOT NULL AND exit_reason IS NULL AND source_id LIKE 'edit-%';
    -- offers: delete, shorten, insert
    DELETE FROM employment_kpi.intervention i
     WHERE (i.citizen_id, i.source_id) IN (SELECT citizen_id, source_id FROM employment_kpi.intervention
                                            ORDER BY random() LIMIT 5);
    UPDATE employment_kpi.intervention i SET end_date = i.start_date + (random() * 20)::int
     WHERE (i.citizen_id, i.source_id) IN (SELECT citizen_id, source_id FROM employment_kpi.intervention
                                            ORDER BY random() LIMIT 5);
    INSERT INTO employment_kpi.intervention (citizen_id, source_id, type_code, start_date, end_date)
    SELECT s.citizen_id, 'edit-' || round || '-' || s.source_id, 'mentor', s.start_date + 3,
           CASE WHEN random() < 0.3 THEN NULL ELSE s.start_date + 40 END
      FROM employment_kpi.support_spell s ORDER BY random() LIMIT 6;
    -- an unrelated update that changes nothing
    UPDATE employment_kpi.support_spell SET weekly_benefit_dkk = weekly_benefit_dkk
     WHERE citizen_id IN (SELECT citizen_id FROM employment_kpi.support_spell ORDER BY random() LIMIT 3);
    IF round = 4 THEN
        UPDATE employment_kpi.config SET exit_grace_days = 14;
    END IF;
END
$$;

CREATE FUNCTION pg_temp.compare(round int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_temp.random_edits(round);
    INSERT INTO round_result
    SELECT round, f.view_name, f.mode, NULL FROM employment_kpi.refresh() f;
    CREATE TEMP TABLE inc_sp AS SELECT * FROM employment_kpi.mv_support_period;
    CREATE TEMP TABLE inc_gw AS SELECT * FROM employment_kpi.mv_group_week;
    PERFORM count(*) FROM employment_kpi.refresh(full => true);
    UPDATE round_result rr SET differences =
           (SELECT count(*) FROM (TABLE inc_sp EXCEPT TABLE employment_kpi.mv_support_period) x)
         + (SELECT count(*) FROM (TABLE employment_kpi.mv_support_period EXCEPT TABLE inc_sp) x)
     WHERE rr.round = compare.round AND rr.relation = 'mv_support_period';
    UPDATE round_result rr SET differences =
           (SELECT count(*) FROM (TABLE inc_gw EXCEPT TABLE employment_kpi.mv_group_week) x)
         + (SELECT count(*) FROM (TABLE employment_kpi.mv_group_week EXCEPT TABLE inc_gw) x)
     WHERE rr.round = compare.round AND rr.relation = 'mv_group_week';
    -- the comparison must not be vacuous
    IF (SELECT count(*) FROM inc_gw) < 100 THEN
        RAISE EXCEPTION 'too few rows to compare';
    END IF;
    DROP TABLE inc_sp;
    DROP TABLE inc_gw;
END
$$;

SELECT pg_temp.compare(g) FROM generate_series(1, 6) g;
-- every round was incremental (except the settings change of round 4) and identical to full
SELECT round, relation, regexp_replace(mode, ' from .*', '') AS mode, differences FROM round_result ORDER BY round, relation;
-- the edits did change the figures (the comparison is not of identical data)
SELECT count(*) > 0 AS edited FROM employment_kpi.support_spell WHERE source_id LIKE 'edit-%';
ROLLBACK;
