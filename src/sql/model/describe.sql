-- The descriptions of the model layer's tables: re-run by every upgrade, so
-- an upgraded database describes its storage exactly as a fresh install.

COMMENT ON TABLE employment_kpi_internal.seed_removed IS
'Tombstones for keys deleted (or re-keyed) in the seeded reference tables. Dumped by pg_dump; restoring a row removes the matching pristine seed row that CREATE EXTENSION re-created, so deleted seeds stay deleted across dump/restore. Maintained by triggers; not meant to be edited.';
SELECT employment_kpi_internal.comment_columns('employment_kpi_internal.seed_removed', $c$
table_name: Name of the seeded table in schema employment_kpi (citizen_group, citizen_group_map, intervention_type, refund_rate, contact_rule, config).
key_value: Primary-key value of the row that was deleted or whose key was changed: the value as text, or for a key of several columns their values as a JSON array in key order (seed_key).
removed_at: When the key was removed.
$c$);

COMMENT ON TABLE employment_kpi.citizen_group IS
'Target groups (målgrupper, LAB § 6) that a support spell belongs to, each valid from valid_from to valid_to: a spell''s group must be valid on its start date (import_support_spell rejects it otherwise). Seeded with the current groups (valid until the reform expected on 1 January 2027) and the five groups of the 2027 reform (valid from 1 January 2027; their codes are assumed, see note); citizen_group_map says how the current groups are reported from 2027 (reporting_group). Groups are data, not code: add, relabel or retire rows freely.';
SELECT employment_kpi_internal.comment_columns('employment_kpi.citizen_group', $c$
group_code: Short lower-snake-case code of the target group (målgruppe), e.g. dagpenge, kontanthjaelp_jobparat.
label: English name of the target group.
label_da: Danish name of the target group (målgruppe).
seeded: True only for a seed row unchanged since CREATE EXTENSION (maintained by a trigger); rows with false are dumped by pg_dump.
valid_from: First day the group exists in law (inclusive); NULL = since before any data (no lower bound). A spell starting earlier is rejected by the import.
valid_to: Last day a spell may start in the group (inclusive); NULL = still valid. A spell that started earlier may run on past it: from the day citizen_group_map gives, it is reported under the new group.
note: Legal source of the group, and what is assumed about it.
$c$);

COMMENT ON TABLE employment_kpi.citizen_group_map IS
'Which target group a group is reported as, from a day on (the mapping of the current groups to the groups of the 2027 reform): from valid_from until the group''s next row, a spell of group_code counts under mapped_group_code (reporting_group, reporting_groups); before its first row a group is reported as itself. Mappings chain (a group mapped to a group that is itself mapped later follows both) and must not form a cycle. Seeded with the mapping of the ten current groups from 1 January 2027, which is ASSUMED (see note); editable.';
SELECT employment_kpi_internal.comment_columns('employment_kpi.citizen_group_map', $c$
group_code: The target group (målgruppe) whose spells are mapped; deleting the group deletes its mappings.
valid_from: First day of the mapping (inclusive); it holds until the next row of the same group_code.
mapped_group_code: The group the spells are reported as from valid_from; group_code itself ends an earlier mapping. A group mapped to cannot be deleted before its mappings.
note: Legal source of the mapping, and what is assumed about it.
seeded: True only for a seed row unchanged since CREATE EXTENSION (maintained by a trigger); rows with false are dumped by pg_dump.
$c$);

COMMENT ON TABLE employment_kpi.intervention_type IS
'Types of active offers (aktive tilbud / indsatser). Seeded with the Danish offer types and a catch-all; editable.';
SELECT employment_kpi_internal.comment_columns('employment_kpi.intervention_type', $c$
type_code: Short lower-snake-case code of the offer type (tilbudstype), e.g. virksomhedspraktik.
label: English name of the offer type.
label_da: Danish name of the offer type (tilbudstype).
seeded: True only for a seed row unchanged since CREATE EXTENSION (maintained by a trigger); rows with false are dumped by pg_dump.
$c$);

COMMENT ON TABLE employment_kpi.refund_rate IS
'The refund staircase (refusionstrappen), dated: each row is a step, the share of a benefit payment the state refunds for the citizen''s benefit weeks from_week..to_week, in force from effective_from to effective_to. A week''s refund uses the steps in force on its Monday; where steps overlap, the latest effective_from wins, then the highest from_week; a benefit week no step covers gets 0. Seeded with the staircase of LBK nr. 221 af 12/02/2021 § 5, in force since 4 January 2016 (weeks 1-4: 80%, 5-26: 40%, 27-52: 30%, 53-: 20%). A new staircase is new rows with a later effective_from (end the old steps with effective_to where the new one leaves weeks out). For a-dagpenge the municipal co-financing is 1 - rate. The count restarts after 52 weeks of self-support within 3 years (config.refund_reset_*).';
SELECT employment_kpi_internal.comment_columns('employment_kpi.refund_rate', $c$
from_week: First benefit week (1-based, inclusive) of this step of the staircase.
to_week: Last benefit week (inclusive) of this step; NULL = no upper bound.
rate: State refund share (refusionsprocent) as a fraction 0..1.
seeded: True only for a seed row unchanged since CREATE EXTENSION (maintained by a trigger); rows with false are dumped by pg_dump.
effective_from: First day the step is in force (ikrafttræden); it applies to the ISO weeks whose Monday is on or after it.
effective_to: Last day the step is in force (inclusive): it applies to the ISO weeks whose Monday is on or before it; NULL = still in force.
note: Legal source of the step.
$c$);

COMMENT ON TABLE employment_kpi.contact_rule IS
'Legal conversation requirements used for timeliness (rettidighed): within weeks [window_from_week, window_to_week) of a benefit, counted from the first day of the citizen''s current benefit (a change of target group within a support period restarts the count), a citizen of the group must have had at least min_conversations held conversations of the kinds in conversation_kinds (NULL = every kind). coverage_pct NULL = a per-citizen rule; a number = a portfolio rule (the share of the group''s citizens that must meet it, judged for the municipality over a period: portfolio_compliance). Rules change by law, so they are dated data: seeded with the LAB § 31 rules in force until 30 June 2026 and the rules of lov nr. 1750 af 29/12/2025 from 1 July 2026 (docs/timeliness.md).';
SELECT employment_kpi_internal.comment_columns('employment_kpi.contact_rule', $c$
rule_id: Readable identifier of the rule, e.g. lab31_kh_jobparat_first.
group_code: Target group (målgruppe) the rule applies to.
effective_from: First day the rule is in force (ikrafttræden).
effective_to: Last day the rule is in force (inclusive); NULL = still in force.
window_from_week: Start of the window in whole weeks since the start of the current benefit (inclusive; 0 = the first week).
window_to_week: End of the window in whole weeks since the start of the current benefit (exclusive).
min_conversations: Minimum number of held conversations (afholdte samtaler) of the counted kinds within the window.
coverage_pct: NULL = every citizen must meet the rule; a percentage 0..100 = portfolio rule (porteføljekrav): at least this share of the group must meet it, judged for the municipality over a period (portfolio_compliance), not per caseworker.
note: Legal source and wording of the rule.
seeded: True only for a seed row unchanged since CREATE EXTENSION (maintained by a trigger); rows with false are dumped by pg_dump.
conversation_kinds: The conversation kinds (conversation.kind) that count for the rule, e.g. {job} for the job conversations (jobsamtaler) the law requires; NULL = every kind counts.
$c$);

COMMENT ON TABLE employment_kpi.budget_area IS
'Budget and accounting areas (budgetområder / konti) of the employment budget, each optionally tied to the target group or offer type it pays for.';
SELECT employment_kpi_internal.comment_columns('employment_kpi.budget_area', $c$
area: Identifier of the area, e.g. the municipality's account (konto) or its own short code.
kind: What the area pays for: benefit (forsørgelsesydelser), intervention (aktive tilbud), administration, other.
group_code: Target group (målgruppe) whose benefits or offers the area pays, if any.
type_code: Offer type (tilbudstype) the area pays for, if any.
label: Readable name of the area.
$c$);

COMMENT ON TABLE employment_kpi.config IS
'Settings of employment_kpi: exactly one row (id = true), changed with UPDATE; it cannot be deleted.';
SELECT employment_kpi_internal.comment_columns('employment_kpi.config', $c$
id: Always true: makes the table a single row.
exit_grace_days: Support period chaining: a spell starting at most this many days after the previous spell's end date (start_date - end_date <= exit_grace_days) continues the same support period; default 28, i.e. an exit needs 28 whole days without support (register practice: >= 4 weeks without benefit).
suppression_k: Statistical disclosure control: cells with fewer than this many persons are suppressed (Danish practice: fewer than 5).
default_horizon_weeks: Default outcome horizon in weeks (e.g. self-support within 26 weeks).
refund_reset_selfsupport_weeks: Refund staircase reset (LBK nr. 221 § 6): whole weeks of self-support (selvforsørgelse) that restart the benefit-week count.
refund_reset_window_weeks: Refund staircase reset: the look-back window in weeks (3 years = 156) in which the self-support weeks must fall.
seeded: True while the row is unchanged since CREATE EXTENSION (maintained by a trigger); a changed row is dumped by pg_dump.
data_end_override: When set, the data's end (data_end()) is this day instead of the latest fact: to reproduce the figures of a published report, or to work with facts dated after today (a test fixture). NULL (the default): the latest fact, but not after today.
data_start: The first day of the data window (datagrundlagets startdato): the day from which the facts hold every citizen, as an extract begins. Spells running on that day keep their true, earlier start dates (a register extract shows them so), but earlier weeks hold only those citizens: the BI views (kpi_group_week, the scorecards, the effect quarters) start at its week. NULL (the default): from the earliest fact. generate_synthetic() sets it to its first_week.
import_date_from: The imports reject a date before this day as implausible (a typo'd year, a placeholder such as 1900-01-01); default 1990-01-01.
import_date_to: The imports reject a date after this day as implausible (a typo'd year, a placeholder such as 9999-12-31); default 2100-12-31.
$c$);

COMMENT ON TABLE employment_kpi.team IS 'Teams of caseworkers in the job centre (teams / afdelinger).';
SELECT employment_kpi_internal.comment_columns('employment_kpi.team', $c$
team_id: Identifier of the team (from the source system).
team_name: Name of the team.
leader_role: PostgreSQL role of the team leader (teamleder), used for row-level security; NULL = none.
$c$);

COMMENT ON TABLE employment_kpi.caseworker IS 'Caseworkers (sagsbehandlere / jobkonsulenter).';
SELECT employment_kpi_internal.comment_columns('employment_kpi.caseworker', $c$
caseworker_id: Identifier of the caseworker (from the source system).
caseworker_name: Name (or pseudonym) of the caseworker.
team_id: Team the caseworker belongs to.
login_role: PostgreSQL role the caseworker logs in with: its members see the caseworker's own worklist (caseworker_worklist); NULL = none.
$c$);

COMMENT ON TABLE employment_kpi.support_spell IS
'Spells on public support (forsørgelsesforløb): a citizen receiving one benefit of one target group from start_date to end_date. A citizen''s spells never overlap. Chains of spells with gaps of at most config.exit_grace_days form support periods (view support_period).';
SELECT employment_kpi_internal.comment_columns('employment_kpi.support_spell', $c$
citizen_id: Pseudonymous citizen id; never a CPR number (CPR-like values are rejected).
source_id: Record id of the spell in the source system (fagsystem), so re-imports are idempotent.
group_code: Target group (målgruppe) of the benefit.
start_date: First day on the benefit.
end_date: Last day on the benefit (inclusive); NULL = ongoing.
exit_reason: Why the spell ended (afgangsårsag): job, education, other_benefit, moved, deceased, other; NULL = open or unknown. moved and deceased censor the support period rather than count as an exit.
weekly_benefit_dkk: Benefit paid per week in DKK (ydelse pr. uge), if known.
$c$);

COMMENT ON TABLE employment_kpi.case_assignment IS 'Which caseworker holds a citizen''s case (sagsansvar), from start_date to end_date.';
SELECT employment_kpi_internal.comment_columns('employment_kpi.case_assignment', $c$
citizen_id: Pseudonymous citizen id; never a CPR number.
source_id: Record id of the assignment in the source system.
caseworker_id: Responsible caseworker (sagsbehandler).
start_date: First day of the assignment.
end_date: Last day of the assignment (inclusive); NULL = ongoing.
$c$);

COMMENT ON TABLE employment_kpi.conversation IS 'Conversations (samtaler) between a caseworker and a citizen: booked and held, cancelled or not attended.';
SELECT employment_kpi_internal.comment_columns('employment_kpi.conversation', $c$
citizen_id: Pseudonymous citizen id; never a CPR number.
source_id: Record id of the conversation in the source system.
caseworker_id: Caseworker who held (or was to hold) the conversation.
held_on: Date of the conversation (the booked date when not held).
kind: Kind of conversation as named by the source system; default job (jobsamtale).
status: held (afholdt), cancelled (aflyst) or no_show (udeblevet); only held conversations count for timeliness.
$c$);

COMMENT ON TABLE employment_kpi.intervention IS 'Active offers (aktive tilbud / indsatser) a citizen took part in.';
SELECT employment_kpi_internal.comment_columns('employment_kpi.intervention', $c$
citizen_id: Pseudonymous citizen id; never a CPR number.
source_id: Record id of the offer in the source system.
caseworker_id: Caseworker who referred the citizen (visiterende sagsbehandler), if known.
type_code: Offer type (tilbudstype).
start_date: First day of the offer.
end_date: Last day of the offer (inclusive); NULL = ongoing.
cost_dkk: Total cost of the offer in DKK (udgift), if known.
$c$);

COMMENT ON TABLE employment_kpi.budget IS 'The adopted annual budget (vedtaget budget) per fiscal year (calendar year) and area.';
SELECT employment_kpi_internal.comment_columns('employment_kpi.budget', $c$
fiscal_year: Fiscal year (regnskabsår = calendar year).
area: Budget area.
amount_dkk: Budgeted amount in DKK (net expenditure).
$c$);

COMMENT ON TABLE employment_kpi.budget_month IS 'Optional planned monthly profile (periodisering) of an annual budget; without it, budget-versus-spend assumes an even spread.';
SELECT employment_kpi_internal.comment_columns('employment_kpi.budget_month', $c$
fiscal_year: Fiscal year of the annual budget.
area: Budget area of the annual budget.
month: Calendar month 1..12.
amount_dkk: Planned amount for the month in DKK.
$c$);

COMMENT ON TABLE employment_kpi.expense IS 'Bookings (posteringer) from the finance system on the employment areas.';
SELECT employment_kpi_internal.comment_columns('employment_kpi.expense', $c$
source_id: Record id of the booking in the finance system (bilagsnummer), so re-imports are idempotent.
booked_on: Booking date (bogføringsdato).
area: Budget area the booking falls on.
amount_dkk: Amount in DKK; negative for corrections and reversals (modposteringer), which finance systems book as negative amounts.
$c$);
COMMENT ON INDEX employment_kpi.case_assignment_caseworker_idx IS 'A caseworker''s assignments (caseload).';
COMMENT ON INDEX employment_kpi.conversation_caseworker_idx IS 'A caseworker''s conversations by date.';
COMMENT ON INDEX employment_kpi.intervention_type_idx IS 'Interventions by type and start date.';
COMMENT ON INDEX employment_kpi.expense_area_idx IS 'Bookings by area and date.';
COMMENT ON INDEX employment_kpi.conversation_held_on_idx IS 'Conversations by date (the latest one, a week''s).';
COMMENT ON INDEX employment_kpi.import_reject_once IS 'Records each rejected row once per target table and reason (re-runs do not repeat rejects).';

COMMENT ON TABLE employment_kpi.import_reject IS
'Rows the import_* functions could not accept, with every fault of the row in one reason. A row is recorded once per target table and reason, however often it is imported (source_rows counts its identical copies in the last import that saw it). A reject whose key a later import accepts, or rejects with other values, is marked resolved and kept for the audit trail; import_reject_open lists the rest. CPR-like runs of digits are masked (**********) in every value and reason: this table must never become a store of CPR numbers.';
SELECT employment_kpi_internal.comment_columns('employment_kpi.import_reject', $c$
reject_id: Sequential id of the reject.
imported_at: When the row was first rejected.
target_table: Table the row was meant for, e.g. support_spell.
row_data: The row's values of the target's columns as text (trimmed; every CPR-like run of digits replaced by **********).
reason: Every fault of the row, separated by "; ", each saying how to fix it where it can, e.g. "unknown area '5.68.90': import budget_area first; invalid date in end_date: '2026-13-01' (write YYYY-MM-DD ...)".
source_rows: How many identical source rows this entry stands for in the last import that saw it; the rejected count of an import is the sum of source_rows over the entries it saw (last_seen_at).
last_seen_at: When an import last rejected this row (all entries of one import call share the time).
resolved_at: When a later import accepted a row with this key, or rejected it with other values; NULL while the reject is open (import_reject_open).
resolution: How the reject was resolved: accepted (a later import accepted a row with the same key) or superseded (a later import rejected the key with other values, recorded as its own entry); NULL while open.
$c$);

COMMENT ON TABLE employment_kpi.benefit_code IS
'The DREAM code list (ydelseskoder i DREAM, STAR''s forløbsdatabase): what a weekly benefit code means for the job centre, dated (a code''s meaning changes with the law and STAR''s list). import_dream reads a register extract with it: weeks of target_group and wage_subsidy codes are weeks on support in group_code, an other_benefit code after a spell is a transition, a not_support code is no public support (with exit_reason, the reason the spell ended). Seeded with a small ASSUMED subset (docs/dream.md): check every row against STAR''s current code list and edit, add or retire rows.';
SELECT employment_kpi_internal.comment_columns('employment_kpi.benefit_code', $c$
code: The DREAM code as the extract writes it (text, e.g. 111; no blanks).
valid_from: First day of the meaning (inclusive): the row applies to the ISO weeks whose Thursday lies in [valid_from, valid_to].
valid_to: Last day of the meaning (inclusive); NULL = still valid.
counts_as: What a week with the code is: target_group (public support in the target group group_code), wage_subsidy (a wage-subsidy job, løntilskud: not self-support, a week of group_code's spell), other_benefit (public support outside the job centre's target groups, e.g. førtidspension, efterløn: after a spell a transition, never an exit) or not_support (no public support, e.g. SU; like a week without a code).
group_code: Target group (målgruppe) of a target_group or wage_subsidy code; NULL for the others. Deleting the group deletes its codes.
exit_reason: For a not_support code that says why support ended (SU: education, emigration: moved, death: deceased, job): the spell's exit_reason when the week follows it; NULL = a week like one without a code.
label: Readable name of the code.
note: Source of the row, and what in it is assumed.
seeded: True only for a seed row unchanged since CREATE EXTENSION (maintained by a trigger); rows with false are dumped by pg_dump.
$c$);
