-- Tests src/sql/bi/refresh.sql with random edits; also bi/tracking.sql, bi/group_week.sql and bi/effects.sql.
-- Incremental refresh equals full refresh after random edits of the facts
-- (inserts, deletes, end-date and group changes of spells and offers, a
-- change of the settings), on a small synthetic municipality.
SET client_min_messages = warning;
BEGIN;
SELECT count(*) > 0 AS generated FROM employment_kpi.generate_synthetic(400, '2024-01-01', 40, 3);
-- the relations of kpi_group_week (bi_scorecard compares the scorecard relations), and
-- those of the effects in rounds 1 to 13 (they cost seconds per refresh)
DELETE FROM employment_kpi_internal.bi_relation
 WHERE mv_name NOT IN ('mv_support_period', 'mv_group_week', 'mv_effect_week', 'mv_intervention_effect', 'mv_exit_curve');
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

-- One edit of one citizen: the sharpest test of the affected-week bounds.
CREATE FUNCTION pg_temp.single_edit(round int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    r record;
BEGIN
    PERFORM setseed(round / 100.0);
    CASE round % 7
    WHEN 0 THEN  -- a new spell chaining to (or just missing) the last ended one
        SELECT s.citizen_id, max(s.end_date) AS last_end INTO r
          FROM employment_kpi.support_spell s GROUP BY s.citizen_id
        HAVING bool_and(s.end_date IS NOT NULL) AND max(s.end_date) < '2024-09-01'
           AND (array_agg(s.exit_reason ORDER BY s.end_date DESC))[1] = 'job'
         ORDER BY random() LIMIT 1;
        -- gaps of 10, 19, 28 (still the same period) and 37 days (a new one)
        INSERT INTO employment_kpi.support_spell (citizen_id, source_id, group_code, start_date, end_date, exit_reason)
        VALUES (r.citizen_id, 'edit-' || round, 'sygedagpenge', r.last_end + 1 + (round * 7) % 40, NULL, NULL);
    WHEN 1 THEN  -- an ongoing spell ends with a job
        UPDATE employment_kpi.support_spell s SET end_date = '2024-08-20', exit_reason = 'job'
         WHERE (s.citizen_id, s.source_id) = (SELECT citizen_id, source_id FROM employment_kpi.support_spell
                                               WHERE end_date IS NULL AND start_date < '2024-08-01' ORDER BY random() LIMIT 1);
    WHEN 2 THEN  -- an ended last spell is extended by 1..40 days
        UPDATE employment_kpi.support_spell s SET end_date = s.end_date + 1 + (random() * 39)::int
         WHERE (s.citizen_id, s.source_id) = (SELECT x.citizen_id, x.source_id FROM employment_kpi.support_spell x
                                               WHERE x.end_date < '2024-08-01'
                                                 AND NOT EXISTS (SELECT 1 FROM employment_kpi.support_spell n
                                                                  WHERE n.citizen_id = x.citizen_id AND n.start_date > x.start_date)
                                               ORDER BY random() LIMIT 1);
    WHEN 3 THEN  -- a spell is deleted
        DELETE FROM employment_kpi.support_spell s
         WHERE (s.citizen_id, s.source_id) = (SELECT citizen_id, source_id FROM employment_kpi.support_spell
                                               WHERE start_date > '2024-03-01' ORDER BY random() LIMIT 1);
    WHEN 4 THEN  -- an exit becomes a move (censored)
        UPDATE employment_kpi.support_spell s SET exit_reason = 'moved'
         WHERE (s.citizen_id, s.source_id) = (SELECT citizen_id, source_id FROM employment_kpi.support_spell
                                               WHERE exit_reason = 'job' ORDER BY random() LIMIT 1);
    WHEN 5 THEN  -- a spell changes group
        UPDATE employment_kpi.support_spell s SET group_code = 'revalidering'
         WHERE (s.citizen_id, s.source_id) = (SELECT citizen_id, source_id FROM employment_kpi.support_spell
                                               WHERE start_date > '2024-02-01' ORDER BY random() LIMIT 1);
    ELSE         -- an offer ends earlier
        UPDATE employment_kpi.intervention i SET end_date = i.start_date + 2
         WHERE (i.citizen_id, i.source_id) = (SELECT citizen_id, source_id FROM employment_kpi.intervention
                                               WHERE coalesce(end_date, 'infinity') > start_date + 20
                                                 AND start_date > '2024-03-01' ORDER BY random() LIMIT 1);
    END CASE;
END
$$;

CREATE FUNCTION pg_temp.compare(round int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF round <= 6 THEN
        PERFORM pg_temp.random_edits(round);
    ELSE
        PERFORM pg_temp.single_edit(round);
    END IF;
    INSERT INTO round_result
    SELECT round, f.view_name, f.mode, NULL FROM employment_kpi.refresh() f;
    CREATE TEMP TABLE inc_sp AS SELECT * FROM employment_kpi_internal.mv_support_period;
    CREATE TEMP TABLE inc_gw AS SELECT * FROM employment_kpi_internal.mv_group_week;
    CREATE TEMP TABLE inc_ew AS SELECT * FROM employment_kpi_internal.mv_effect_week;
    CREATE TEMP TABLE inc_ewc AS SELECT * FROM employment_kpi_internal.bi_effect_comparison;
    CREATE TEMP TABLE inc_ie AS SELECT * FROM employment_kpi_internal.mv_intervention_effect;
    CREATE TEMP TABLE inc_ec AS SELECT * FROM employment_kpi_internal.mv_exit_curve;
    PERFORM count(*) FROM employment_kpi.refresh(full => true);
    UPDATE round_result rr SET differences =
           (SELECT count(*) FROM (TABLE inc_sp EXCEPT TABLE employment_kpi_internal.mv_support_period) x)
         + (SELECT count(*) FROM (TABLE employment_kpi_internal.mv_support_period EXCEPT TABLE inc_sp) x)
     WHERE rr.round = compare.round AND rr.relation = 'mv_support_period';
    UPDATE round_result rr SET differences =
           (SELECT count(*) FROM (TABLE inc_gw EXCEPT TABLE employment_kpi_internal.mv_group_week) x)
         + (SELECT count(*) FROM (TABLE employment_kpi_internal.mv_group_week EXCEPT TABLE inc_gw) x)
     WHERE rr.round = compare.round AND rr.relation = 'mv_group_week';
    UPDATE round_result rr SET differences =
           (SELECT count(*) FROM (TABLE inc_ew EXCEPT ALL TABLE employment_kpi_internal.mv_effect_week) x)
         + (SELECT count(*) FROM (TABLE employment_kpi_internal.mv_effect_week EXCEPT ALL TABLE inc_ew) x)
         -- and the counts kept with it
         + (SELECT count(*) FROM (TABLE inc_ewc EXCEPT ALL TABLE employment_kpi_internal.bi_effect_comparison) x)
         + (SELECT count(*) FROM (TABLE employment_kpi_internal.bi_effect_comparison EXCEPT ALL TABLE inc_ewc) x)
     WHERE rr.round = compare.round AND rr.relation = 'mv_effect_week';
    UPDATE round_result rr SET differences =
           (SELECT count(*) FROM (TABLE inc_ie EXCEPT ALL TABLE employment_kpi_internal.mv_intervention_effect) x)
         + (SELECT count(*) FROM (TABLE employment_kpi_internal.mv_intervention_effect EXCEPT ALL TABLE inc_ie) x)
     WHERE rr.round = compare.round AND rr.relation = 'mv_intervention_effect';
    UPDATE round_result rr SET differences =
           (SELECT count(*) FROM (TABLE inc_ec EXCEPT ALL TABLE employment_kpi_internal.mv_exit_curve) x)
         + (SELECT count(*) FROM (TABLE employment_kpi_internal.mv_exit_curve EXCEPT ALL TABLE inc_ec) x)
     WHERE rr.round = compare.round AND rr.relation = 'mv_exit_curve';
    -- the comparison must not be vacuous
    IF (SELECT count(*) FROM inc_gw) < 100
       OR (round <= 13 AND ((SELECT count(*) FROM inc_ie) < 100 OR (SELECT count(*) FROM inc_ec) < 100
                           OR (SELECT count(*) FROM inc_ew) < 1000)) THEN
        RAISE EXCEPTION 'too few rows to compare';
    END IF;
    DROP TABLE inc_sp;
    DROP TABLE inc_gw;
    DROP TABLE inc_ew;
    DROP TABLE inc_ewc;
    DROP TABLE inc_ie;
    DROP TABLE inc_ec;
    IF round = 13 THEN
        DELETE FROM employment_kpi_internal.bi_relation WHERE mv_name IN ('mv_effect_week', 'mv_intervention_effect', 'mv_exit_curve');
    END IF;
END
$$;

SELECT count(*) AS rounds FROM (SELECT pg_temp.compare(g) FROM generate_series(1, 34) g) x;
-- every round was incremental (except the settings change of round 4) and identical to full
SELECT round, relation, regexp_replace(mode, ' from .*', '') AS mode, differences FROM round_result
 WHERE round <= 6 ORDER BY round, relation;
SELECT relation, count(*) AS rounds, count(*) FILTER (WHERE mode LIKE 'full%') AS full_rebuilds,
       sum(differences) AS differences
  FROM round_result WHERE round > 6 GROUP BY relation ORDER BY relation;
-- the edits did change the figures (the comparison is not of identical data)
SELECT count(*) > 0 AS edited FROM employment_kpi.support_spell WHERE source_id LIKE 'edit-%';
ROLLBACK;
