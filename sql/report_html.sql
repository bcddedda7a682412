-- Tests src/sql/report/html.sql: the escaping, each chart kind on a small
-- hand-made input (exact SVG where it is short), and the page of a
-- hand-made week: self-contained, every chart there, hostile names as text.
SET client_min_messages = warning;
-- escaping: & first, then < > " '
SELECT employment_kpi_internal.html_escape($$<script>alert("x" & 'y')</script>$$) AS escaped,
       employment_kpi_internal.html_escape('&amp;') AS twice, employment_kpi_internal.html_escape(NULL) IS NULL AS null_stays;
SELECT employment_kpi_internal.report_num(0.123456), employment_kpi_internal.report_num(2), employment_kpi_internal.report_num(NULL);

-- sparkline: 1, hidden, 3, 4, 2 -> a point, then a line through 3 4 2
-- (x = 2 + 116 (i - 1) / 4, y = 22 - 20 (v - 1) / 3)
SELECT employment_kpi_internal.svg_sparkline('spark-1', 'k<&>', ARRAY[1, NULL, 3, 4, 2]);
SELECT employment_kpi_internal.svg_sparkline('spark-2', 'flat', ARRAY[5, 5]);
SELECT employment_kpi_internal.svg_sparkline('spark-3', 'none', ARRAY[NULL, NULL]::float8[]);

-- exit curves: participants 0.8 after week 2, 0.5 after week 5; comparison
-- 0.9 after week 3 (x = 40 + 250 w / 52, y = 165 - 140 s)
SELECT employment_kpi_internal.svg_exit_curves('chart-km-1', 'Mentorstøtte / A / B', 'mentor/g',
                                                ARRAY[2, 5], ARRAY[0.8, 0.5], ARRAY[3], ARRAY[0.9]);
-- a hidden arm is not drawn; both hidden: says so
SELECT employment_kpi_internal.svg_exit_curves('chart-km-2', 'x / y', 'k', ARRAY[2], ARRAY[NULL]::float8[], ARRAY[3], ARRAY[0.9])
       LIKE '%class="curve participants"%' AS participants_drawn;
SELECT employment_kpi_internal.svg_exit_curves('chart-km-3', 'x / y', 'k', '{}', '{}', '{}', '{}') LIKE '%curves hidden%' AS says_hidden;

-- funnel: O/E per unit as data-value, the class its flag; a unit without
-- expected exits or with hidden observed exits is not drawn; a hostile label
-- is escaped; the limits are drawn at both levels
WITH f AS (
    SELECT employment_kpi_internal.svg_funnel('chart-funnel', 'Funnel <test>',
               ARRAY['a', 'b', 'c', 'd'], ARRAY['<b>A</b>', 'B', 'C', 'D'],
               ARRAY[4, 12, 1, NULL], ARRAY[8, 6, 0, 3], ARRAY['below', 'above', NULL, 'within'], 0.05) AS svg
)
SELECT (SELECT array_agg(m[1] || '=' || m[2] || ' ' || m[3]) FROM regexp_matches(f.svg, 'class="pt ([a-z]+)"[^>]*data-key="([^"]*)" data-value="([^"]*)"', 'g') AS m) AS points,
       f.svg LIKE '%&lt;b&gt;A&lt;/b&gt;%' AND f.svg NOT LIKE '%<b>%' AS label_escaped,
       f.svg LIKE '%aria-label="Funnel &lt;test&gt;"%' AS title_escaped,
       (SELECT count(*) FROM regexp_matches(f.svg, 'class="limit l95"', 'g')) AS limits_95,
       (SELECT count(*) FROM regexp_matches(f.svg, 'class="limit l998"', 'g')) AS limits_998
  FROM f;
-- the limits are funnel_limits': at the plot's right edge (E = 1.1 x 8 = 8.8)
-- the 99.8% lower limit with tau2 = 0.05 is exp(-3.0902 sqrt(1/8.8 + 0.05)),
-- at y = 310 - 280 x limit / ymax with ymax = 2.2 (1.1 x the largest O/E, 2);
-- the upper limits lie above the plot there and are clipped to its top (30)
SELECT round(exp(-employment_kpi.norm_quantile(0.999) * sqrt(1 / 8.8 + 0.05))::numeric, 4) AS lower_998,
       to_char(310 - 280 * exp(-employment_kpi.norm_quantile(0.999) * sqrt(1 / 8.8 + 0.05)) / 2.2, 'FM99990.0') AS y;
SELECT string_agg(regexp_replace(m[2], '^.* ', ''), ' | ' ORDER BY m[1], n) AS right_edge
  FROM regexp_matches(employment_kpi_internal.svg_funnel('f', 't', ARRAY['a', 'b'], ARRAY['A', 'B'], ARRAY[4, 12]::float8[],
                                                         ARRAY[8, 6]::float8[], ARRAY['below', 'above'], 0.05),
                      'class="limit (l[0-9]+)" points="([^"]*)"', 'g') WITH ORDINALITY AS x(m, n);
SELECT employment_kpi_internal.svg_funnel('f', 't', '{}', '{}', '{}', '{}', '{}', NULL) LIKE '%No dot to draw%' AS empty_says_so;

-- burn-up: a point per month with actual spending, in DKK as data-value
WITH b AS (
    SELECT employment_kpi_internal.svg_burnup('chart-burnup', 'Budget 2024',
               ARRAY['2024-01-01', '2024-02-01', '2024-03-01']::date[], ARRAY[100000.50, 250000, NULL]::numeric[],
               ARRAY[120000, 240000, 360000]::numeric[], 1440000) AS svg
)
SELECT (SELECT array_agg(m[1] || ' ' || m[2]) FROM regexp_matches(b.svg, 'data-chart="burnup" data-key="([^"]*)" data-value="([^"]*)"', 'g') AS m) AS points,
       b.svg LIKE '%<line class="budget"%' AS budget_line, b.svg LIKE '%<polyline class="profile"%' AS profile_line,
       b.svg LIKE '%budget 1.4</text>%' AS budget_label
  FROM b;

-- the page of a hand-made week, with a caseworker and a team named like markup
BEGIN;
INSERT INTO employment_kpi.team VALUES ('T1', 'Team <i>A</i>', NULL);
INSERT INTO employment_kpi.caseworker VALUES ('C1', '<script>alert(1)</script> & Ø', 'T1');
INSERT INTO employment_kpi.support_spell (citizen_id, source_id, group_code, start_date, end_date, exit_reason, weekly_benefit_dkk)
SELECT 'c' || i, 's1', 'dagpenge', '2023-01-01', CASE WHEN i <= 2 THEN '2024-03-06'::date END, CASE WHEN i <= 2 THEN 'job' END, 4500
  FROM generate_series(1, 8) AS i;
INSERT INTO employment_kpi.case_assignment (citizen_id, source_id, caseworker_id, start_date)
SELECT 'c' || i, 'a1', 'C1', '2023-01-01' FROM generate_series(1, 8) AS i;
INSERT INTO employment_kpi.conversation (citizen_id, source_id, caseworker_id, held_on, kind, status)
SELECT 'c' || i, 'v1', 'C1', '2024-03-12', 'job', 'held' FROM generate_series(1, 8) AS i;
UPDATE employment_kpi.config SET suppression_k = 1;
SELECT count(*) > 0 AS refreshed FROM employment_kpi.refresh() WHERE ok;
CREATE TEMP TABLE page AS
SELECT (SELECT line FROM employment_kpi.weekly_report('2024-03-11', format => 'html')) AS municipality,
       (SELECT line FROM employment_kpi.weekly_report('2024-03-11', team_id => 'T1', format => 'html')) AS team;
SELECT (SELECT count(*) FROM employment_kpi.weekly_report('2024-03-11', format => 'html')) AS rows,
       municipality LIKE '<!DOCTYPE html>%</html>' || E'\n' AS whole_page,
       municipality LIKE '%@media print%' AS print_rules,
       (SELECT array_agg(m[1] ORDER BY m[1]) FROM regexp_matches(team, '<svg id="([a-z]+(-[a-z]+)?)', 'g') AS m) AS team_charts,
       (SELECT array_agg(m[1] ORDER BY m[1]) FROM regexp_matches(municipality, '<svg id="([a-z]+(-[a-z]+)?)', 'g') AS m) AS municipality_charts
  FROM page;
-- self-contained and inert: no script, style sheet, image or link; the only
-- URL is the SVG namespace; the names arrive as text
SELECT p.which,
       p.html !~* '<(script|link|img|iframe|object)' AS no_active_elements,
       (SELECT array_agg(DISTINCT m[1]) FROM regexp_matches(p.html, '(https?://[^" ]*)', 'g') AS m) AS urls,
       p.html LIKE '%&lt;script&gt;alert(1)&lt;/script&gt; &amp; Ø%' AS caseworker_as_text,
       p.html LIKE '%Team &lt;i&gt;A&lt;/i&gt;%' AND p.html NOT LIKE '%<i>%' AS team_as_text
  FROM page, LATERAL (VALUES ('municipality', page.municipality), ('team', page.team)) AS p(which, html);
-- the page's sparklines hold the view's figures: conversations held by C1 in
-- the 13 weeks to 2024-W11 (8 in the last week, none before: the facts begin
-- in 2023, the scorecards in the week of the first assignment)
SELECT m[1] AS key, m[2] AS conversations FROM page, regexp_matches(page.team, 'data-chart="spark" data-key="([^"]*)" data-value="([^"]*)"', 'g') AS m;
SELECT string_agg(coalesce(conversations_held::text, '-'), ' ' ORDER BY week) AS view_figures
  FROM employment_kpi.kpi_caseworker_week WHERE caseworker_id = 'C1' AND week BETWEEN '2023-12-18' AND '2024-03-11';
ROLLBACK;
