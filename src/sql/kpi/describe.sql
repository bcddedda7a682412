-- The descriptions of the kpi layer's tables: re-run by every upgrade, so
-- an upgraded database describes its storage exactly as a fresh install.

SELECT employment_kpi_internal.comment_columns('employment_kpi.contact_window_rule', $c$
rule_id: Identifier of the rule, passed through to the output.
group_code: Target group (målgruppe) the rule applies to; compared bytewise with the spell groups.
effective_from: First day the rule is in force (ikrafttræden); -infinity allowed.
effective_to: Last day the rule is in force (inclusive); NULL = still in force.
window_from_week: Start of the window in whole weeks since the start of the current benefit (inclusive; >= 0).
window_to_week: End of the window in whole weeks since the start of the current benefit (exclusive; > window_from_week).
min_conversations: Minimum number of held conversations (afholdte samtaler) in the window (>= 1).
coverage_pct: NULL = a per-citizen rule; a percentage in (0, 100] = a portfolio rule (porteføljekrav), passed through to the output.
conversation_kinds: The conversation kinds (conversation.kind) that count, e.g. {job}; NULL = every kind; not empty, no NULL elements.
$c$);
