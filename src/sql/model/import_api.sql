-- The import API: one function per table of the model,
-- employment_kpi.import_<table>(source, number_style, date_style), each a
-- call of the engine import_rows (import.sql), and the view of the rejects
-- still to deal with.  Load order and what an import does: import.sql.

-- The ten functions differ only in their table and comment, so one template
-- declares them: employment_kpi.import_<table>(source regclass,
-- number_style text, date_style text), a SQL function that calls the
-- engine import_rows('<table>', source, number_style, date_style).
DO $$
DECLARE
    t record;
    styles CONSTANT text := ' number_style: ''da'' (4.500,50), ''en'' (4,500.50) or NULL (default: a value whose reading depends on the style is rejected); date_style: ''iso'' (default, YYYY-MM-DD) or ''da'' (also dd-mm-yyyy, dd.mm.yyyy). Returns (inserted, updated, rejected).';
BEGIN
    FOR t IN SELECT * FROM (VALUES
        ('budget_area', 'Import budget areas from source (area, kind, group_code, type_code, label); rejects invalid kinds and unknown group or type codes. Import them before budget and expense.'),
        ('team', 'Import teams from source (columns team_id, team_name, leader_role; any types): insert new, update changed, reject the rest into import_reject.'),
        ('caseworker', 'Import caseworkers from source (caseworker_id, caseworker_name, team_id, login_role; login_role may be empty); import teams first.'),
        ('support_spell', 'Import support spells from source (citizen_id, source_id, group_code, start_date, end_date, exit_reason, weekly_benefit_dkk). Rejects CPR-like ids, unknown groups, groups not valid on the start date (citizen_group.valid_from/valid_to), end before start, invalid exit reasons, negative amounts and spells overlapping another spell of the citizen (in the source or stored).'),
        ('case_assignment', 'Import case assignments from source (citizen_id, source_id, caseworker_id, start_date, end_date); import caseworkers first.'),
        ('conversation', 'Import conversations from source (citizen_id, source_id, caseworker_id, held_on, and optionally kind and status, which default to job and held).'),
        ('intervention', 'Import interventions (active offers) from source (citizen_id, source_id, caseworker_id, type_code, start_date, end_date, cost_dkk).'),
        ('budget', 'Import annual budgets from source (fiscal_year, area, amount_dkk); import budget_area first.'),
        ('budget_month', 'Import monthly budget profiles from source (fiscal_year, area, month, amount_dkk); import the annual budgets first.'),
        ('expense', 'Import bookings from source (source_id, booked_on, area, amount_dkk; negative amounts are corrections and accepted); import budget_area first.')
    ) AS v(target_table, comment) LOOP
        EXECUTE format('CREATE OR REPLACE FUNCTION employment_kpi.%I(source regclass, number_style text DEFAULT NULL, '
                       'date_style text DEFAULT %L) '
                       'RETURNS TABLE (inserted bigint, updated bigint, rejected bigint) '
                       'LANGUAGE sql VOLATILE PARALLEL UNSAFE AS %L',
                       'import_' || t.target_table, 'iso',
                       format(' SELECT * FROM employment_kpi_internal.import_rows(%L, source, number_style, date_style) ',
                              t.target_table));
        EXECUTE format('COMMENT ON FUNCTION employment_kpi.%I(regclass, text, text) IS %L',
                       'import_' || t.target_table, t.comment || styles);
    END LOOP;
END
$$;

-- The rejects still to deal with: a reject is resolved when a later import
-- accepts its key or rejects it with other values (import_rows).
CREATE OR REPLACE VIEW employment_kpi.import_reject_open AS
SELECT reject_id, imported_at, last_seen_at, target_table, row_data, reason, source_rows
  FROM employment_kpi.import_reject
 WHERE resolved_at IS NULL;

COMMENT ON VIEW employment_kpi.import_reject_open IS
'The open rejects: import_reject without the resolved ones (a later import accepted the key, or rejected it with other values). The list to work through after a load.';
SELECT employment_kpi_internal.comment_like('employment_kpi.import_reject', 'employment_kpi.import_reject_open',
       'reject_id', 'imported_at', 'last_seen_at', 'target_table', 'row_data', 'reason', 'source_rows');
