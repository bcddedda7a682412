-- The storage of the KPI layer: the composite type contact_window_rule, a
-- contact rule as a value (the argument of contact_windows).  An upgrade
-- adds attributes at the end (ALTER TYPE ... ADD ATTRIBUTE), so new ones
-- go last here too.

CREATE TYPE employment_kpi.contact_window_rule AS (
    rule_id            text,
    group_code         text,
    effective_from     date,
    effective_to       date,
    window_from_week   int,
    window_to_week     int,
    min_conversations  int,
    coverage_pct       numeric,
    conversation_kinds text[]
);
COMMENT ON TYPE employment_kpi.contact_window_rule IS
'A contact rule (samtalekrav) as a value, the argument type of contact_windows: build it from employment_kpi.contact_rule with ROW(rule_id, group_code, effective_from, effective_to, window_from_week, window_to_week, min_conversations, coverage_pct, conversation_kinds)::employment_kpi.contact_window_rule, or write hypothetical rules by hand.';
