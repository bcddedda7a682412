-- Tests the extension as a whole: a long call stops at pg_cancel_backend
-- from another session (the C loops check for interrupts).  A second
-- session, opened with dblink, generates a synthetic municipality; this
-- session waits until that call runs, cancels it and checks that the call
-- ended with query_canceled (57014) rather than finishing.
BEGIN;
SELECT plan(3);

CREATE EXTENSION IF NOT EXISTS dblink;
SELECT lives_ok(format($$SELECT dblink_connect('guard_cancel', %L)$$,
                       format('host=%s port=%s dbname=%s user=%s',
                              split_part(current_setting('unix_socket_directories'), ',', 1),
                              current_setting('port'), current_database(), current_user)),
                'a second session');
SELECT is(dblink_send_query('guard_cancel',
                            'SELECT count(*) FROM employment_kpi.generate_synthetic(citizens => 50000)'),
          1, 'the second session starts a long call');

-- wait (at most a minute) until the call is running, then cancel it
CREATE FUNCTION pg_temp.cancel_and_collect() RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_pid  int;
    v_res  text;
BEGIN
    FOR i IN 1 .. 600 LOOP
        SELECT a.pid INTO v_pid FROM pg_stat_activity AS a
         WHERE a.state = 'active' AND a.query LIKE '%generate_synthetic(citizens => 50000)%'
           AND a.pid <> pg_backend_pid();
        EXIT WHEN v_pid IS NOT NULL;
        PERFORM pg_sleep(0.1);
    END LOOP;
    IF v_pid IS NULL THEN
        RETURN 'not started';
    END IF;
    PERFORM pg_sleep(0.5);    -- well inside the call
    PERFORM pg_cancel_backend(v_pid);
    BEGIN
        SELECT x::text INTO v_res FROM dblink_get_result('guard_cancel') AS t(x bigint);
        RETURN 'finished';
    EXCEPTION WHEN query_canceled THEN
        RETURN 'cancelled ' || SQLSTATE;
    END;
END $$;
SELECT is(pg_temp.cancel_and_collect(), 'cancelled 57014',
          'generate_synthetic stops at pg_cancel_backend from another session');
SELECT dblink_disconnect('guard_cancel');

SELECT * FROM finish();
ROLLBACK;
