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
COMMENT ON COLUMN employment_kpi.contact_window_rule.rule_id IS 'Identifier of the rule, passed through to the output.';
COMMENT ON COLUMN employment_kpi.contact_window_rule.group_code IS 'Target group (målgruppe) the rule applies to; compared bytewise with the spell groups.';
COMMENT ON COLUMN employment_kpi.contact_window_rule.effective_from IS 'First day the rule is in force (ikrafttræden); -infinity allowed.';
COMMENT ON COLUMN employment_kpi.contact_window_rule.effective_to IS 'Last day the rule is in force (inclusive); NULL = still in force.';
COMMENT ON COLUMN employment_kpi.contact_window_rule.window_from_week IS 'Start of the window in whole weeks since the start of the current benefit (inclusive; >= 0).';
COMMENT ON COLUMN employment_kpi.contact_window_rule.window_to_week IS 'End of the window in whole weeks since the start of the current benefit (exclusive; > window_from_week).';
COMMENT ON COLUMN employment_kpi.contact_window_rule.min_conversations IS 'Minimum number of held conversations (afholdte samtaler) in the window (>= 1).';
COMMENT ON COLUMN employment_kpi.contact_window_rule.coverage_pct IS 'NULL = a per-citizen rule; a percentage in (0, 100] = a portfolio rule (porteføljekrav), passed through to the output.';
COMMENT ON COLUMN employment_kpi.contact_window_rule.conversation_kinds IS 'The conversation kinds (conversation.kind) that count, e.g. {job}; NULL = every kind; not empty, no NULL elements.';
