-- The weekly report as one self-contained HTML page (weekly_report(format
-- => 'html')): the text report, and the charts drawn as inline SVG by one
-- function per chart kind -- funnel plot, exit curves, budget burn-up and
-- sparkline -- each taking plain arrays, so each can be tested on its own.
-- No script, font or network: the page opens offline, in a mail client and
-- on paper.  Every text taken from the data goes through html_escape.
-- Every drawn figure carries data-chart, data-key and data-value
-- attributes holding the figure as read from its view (report_num), so a
-- test can compare the page with the views.

CREATE OR REPLACE FUNCTION employment_kpi_internal.html_escape(s text)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(
               s, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&#39;')
$$;

COMMENT ON FUNCTION employment_kpi_internal.html_escape(text) IS
'Internal: text made safe for HTML and SVG element content and quoted attribute values: & < > " and '' replaced by their character references (& first). NULL stays NULL.';

-- A figure as the page's data-value: four decimals, the form the browser
-- test computes from the views to compare.
CREATE OR REPLACE FUNCTION employment_kpi_internal.report_num(x float8)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(pg_catalog.round(x::numeric, 4)::text, '-')
$$;

COMMENT ON FUNCTION employment_kpi_internal.report_num(float8) IS
'Internal: a figure as the HTML report''s data-value attribute holds it: round(x::numeric, 4) as text; "-" when NULL.';

-- A coordinate in SVG user units.
CREATE OR REPLACE FUNCTION employment_kpi_internal.svg_coord(x float8)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT pg_catalog.to_char(x, 'FM99990.0')
$$;

COMMENT ON FUNCTION employment_kpi_internal.svg_coord(float8) IS
'Internal: an SVG coordinate, one decimal.';

-- Funnel plot: observed/expected (y) against expected (x) for every unit,
-- the target line at 1 and the 95% and 99.8% limits drawn by funnel_limits
-- at the same over-dispersion tau2; points coloured by their flag.
CREATE OR REPLACE FUNCTION employment_kpi_internal.svg_funnel(
    chart_id text, title text, keys text[], labels text[], observed float8[], expected float8[], flags text[],
    tau2 float8)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH pt AS (
        SELECT u.key, u.label, u.o, u.e, u.o / u.e AS oe, u.flag
          FROM ROWS FROM (pg_catalog.unnest(keys), pg_catalog.unnest(labels), pg_catalog.unnest(observed),
                         pg_catalog.unnest(expected), pg_catalog.unnest(flags)) AS u(key, label, o, e, flag)
         WHERE u.e > 0 AND u.o IS NOT NULL
    ), ax AS (
        -- plot area 60..620 x 30..310 of a 640 x 360 box
        SELECT GREATEST(1, 1.1 * pg_catalog.max(pt.e)) AS xmax,
               GREATEST(2, 1.1 * pg_catalog.max(pt.oe)) AS ymax
          FROM pt
    ), grid AS (
        SELECT g.i, ax.xmax * g.i / 80 AS e FROM ax, pg_catalog.generate_series(1, 80) AS g(i)
    ), lim AS (
        SELECT c.conf,
               pg_catalog.string_agg(employment_kpi_internal.svg_coord(60 + 560 * grid.e / ax.xmax) || ','
                                     || employment_kpi_internal.svg_coord(310 - 280 * LEAST(l.low, ax.ymax) / ax.ymax),
                                     ' ' ORDER BY grid.i) AS low_pts,
               pg_catalog.string_agg(employment_kpi_internal.svg_coord(60 + 560 * grid.e / ax.xmax) || ','
                                     || employment_kpi_internal.svg_coord(310 - 280 * LEAST(l.high, ax.ymax) / ax.ymax),
                                     ' ' ORDER BY grid.i) AS high_pts
          FROM ax, grid, (VALUES (0.95), (0.998)) AS c(conf),
               LATERAL employment_kpi.funnel_limits(grid.e, svg_funnel.tau2, c.conf) AS l
         GROUP BY c.conf
    )
    SELECT pg_catalog.concat(
        pg_catalog.format('<svg id="%s" class="chart funnel" viewBox="0 0 640 360" width="640" height="360" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">',
                          employment_kpi_internal.html_escape(chart_id), employment_kpi_internal.html_escape(title)),
        pg_catalog.format('<title>%s</title>', employment_kpi_internal.html_escape(title)),
        '<rect x="60" y="30" width="560" height="280" class="area"/>',
        (SELECT pg_catalog.string_agg(pg_catalog.format('<polyline class="limit l%s" points="%s"/><polyline class="limit l%s" points="%s"/>',
                                                        CASE WHEN lim.conf = 0.95 THEN '95' ELSE '998' END, lim.low_pts,
                                                        CASE WHEN lim.conf = 0.95 THEN '95' ELSE '998' END, lim.high_pts), '' ORDER BY lim.conf)
           FROM lim),
        (SELECT pg_catalog.format('<line class="target" x1="60" x2="620" y1="%s" y2="%s"/>',
                                  employment_kpi_internal.svg_coord(310 - 280 / ax.ymax), employment_kpi_internal.svg_coord(310 - 280 / ax.ymax))
                || pg_catalog.format('<text class="tick" x="55" y="%s" text-anchor="end">1</text><text class="tick" x="55" y="314" text-anchor="end">0</text><text class="tick" x="55" y="34" text-anchor="end">%s</text>',
                                     employment_kpi_internal.svg_coord(314 - 280 / ax.ymax), pg_catalog.to_char(ax.ymax, 'FM990.0'))
                || pg_catalog.format('<text class="tick" x="60" y="326" text-anchor="middle">0</text><text class="tick" x="620" y="326" text-anchor="middle">%s</text>',
                                     pg_catalog.to_char(ax.xmax, 'FM99990.0'))
           FROM ax),
        '<text class="axis" x="340" y="350" text-anchor="middle">Expected exits in 13 weeks (for this mix of citizens)</text>',
        '<text class="axis" x="14" y="170" text-anchor="middle" transform="rotate(-90 14 170)">Observed / expected</text>',
        (SELECT pg_catalog.string_agg(
                    pg_catalog.format('<circle class="pt %s" cx="%s" cy="%s" r="5" data-chart="funnel" data-key="%s" data-value="%s"><title>%s: %s observed / %s expected = %s</title></circle>',
                                      coalesce(pt.flag, 'none'),
                                      employment_kpi_internal.svg_coord(60 + 560 * pt.e / ax.xmax),
                                      employment_kpi_internal.svg_coord(310 - 280 * LEAST(pt.oe, ax.ymax) / ax.ymax),
                                      employment_kpi_internal.html_escape(pt.key), employment_kpi_internal.report_num(pt.oe),
                                      employment_kpi_internal.html_escape(pt.label), pg_catalog.to_char(pt.o, 'FM99990.0'),
                                      pg_catalog.to_char(pt.e, 'FM99990.0'), pg_catalog.to_char(pt.oe, 'FM990.00')),
                    '' ORDER BY pt.key)
           FROM pt, ax),
        CASE WHEN NOT EXISTS (SELECT 1 FROM pt)
             THEN '<text class="empty" x="340" y="170" text-anchor="middle">No dot to draw: no expected exits, or the observed exits are hidden</text>' END,
        '</svg>')
$$;

COMMENT ON FUNCTION employment_kpi_internal.svg_funnel(text, text, text[], text[], float8[], float8[], text[], float8) IS
'Internal: an SVG funnel plot (id chart_id): one circle per unit (keys, labels, observed and expected counts, flags: the class of the circle) at expected (x) and observed/expected (y, clipped to the plot), with the target line at 1 and the 95% and 99.8% limits of funnel_limits(expected, tau2, conf) over the expected range. Units with expected <= 0 or observed NULL are left out. Every circle carries data-chart="funnel", data-key (its key) and data-value (observed/expected, report_num).';

-- Kaplan-Meier exit curves of one offer and group: the share still on
-- support after each week, participants against the matched comparison, as
-- step lines from 1 at week 0.
CREATE OR REPLACE FUNCTION employment_kpi_internal.svg_exit_curves(
    chart_id text, title text, key text, p_weeks int[], p_surv float8[], c_weeks int[], c_surv float8[])
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    -- plot area 40..290 x 25..165 of a 300 x 200 box; weeks 0..52, share 0..1
    WITH pts AS (
        SELECT 'participants' AS arm, u.w, u.s FROM ROWS FROM (pg_catalog.unnest(p_weeks), pg_catalog.unnest(p_surv)) AS u(w, s) WHERE u.s IS NOT NULL
        UNION ALL
        SELECT 'comparison', u.w, u.s FROM ROWS FROM (pg_catalog.unnest(c_weeks), pg_catalog.unnest(c_surv)) AS u(w, s) WHERE u.s IS NOT NULL
    ), paths AS (
        SELECT a.arm,
               'M40,25' || coalesce((SELECT pg_catalog.string_agg(pg_catalog.format(' H%s V%s',
                                                     employment_kpi_internal.svg_coord(40 + 250 * pts.w / 52.0),
                                                     employment_kpi_internal.svg_coord(165 - 140 * pts.s)), '' ORDER BY pts.w)
                                      FROM pts WHERE pts.arm = a.arm), '')
               || ' H290' AS d,
               EXISTS (SELECT 1 FROM pts WHERE pts.arm = a.arm) AS drawn
          FROM (VALUES ('participants'), ('comparison')) AS a(arm)
    )
    SELECT pg_catalog.concat(
        pg_catalog.format('<svg id="%s" class="chart km" viewBox="0 0 300 200" width="300" height="200" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">',
                          employment_kpi_internal.html_escape(chart_id), employment_kpi_internal.html_escape(title)),
        pg_catalog.format('<title>%s</title>', employment_kpi_internal.html_escape(title)),
        -- the title on two lines at its first " / " (offer, then group)
        pg_catalog.format('<text class="ctitle" x="150" y="9" text-anchor="middle">%s</text><text class="ctitle" x="150" y="20" text-anchor="middle">%s</text>',
                          employment_kpi_internal.html_escape(pg_catalog.split_part(title, ' / ', 1)),
                          employment_kpi_internal.html_escape(pg_catalog.substr(title, pg_catalog.length(pg_catalog.split_part(title, ' / ', 1)) + 4))),
        '<rect x="40" y="25" width="250" height="140" class="area"/>',
        '<text class="tick" x="36" y="29" text-anchor="end">100%</text><text class="tick" x="36" y="169" text-anchor="end">0%</text>',
        '<text class="tick" x="40" y="178" text-anchor="middle">0</text><text class="tick" x="290" y="178" text-anchor="middle">52</text>',
        '<text class="axis" x="165" y="192" text-anchor="middle">weeks after the start</text>',
        (SELECT pg_catalog.string_agg(pg_catalog.format('<path class="curve %s" d="%s"/>', paths.arm, paths.d), '' ORDER BY paths.arm DESC)
           FROM paths WHERE paths.drawn),
        (SELECT pg_catalog.string_agg(
                    pg_catalog.format('<circle class="step %s" cx="%s" cy="%s" r="1.5" data-chart="km" data-key="%s" data-value="%s"/>',
                                      pts.arm, employment_kpi_internal.svg_coord(40 + 250 * pts.w / 52.0),
                                      employment_kpi_internal.svg_coord(165 - 140 * pts.s),
                                      employment_kpi_internal.html_escape(key || '/' || pts.arm || '/' || pts.w),
                                      employment_kpi_internal.report_num(pts.s)),
                    '' ORDER BY pts.arm DESC, pts.w)
           FROM pts),
        CASE WHEN NOT EXISTS (SELECT 1 FROM pts)
             THEN '<text class="empty" x="165" y="95" text-anchor="middle">curves hidden: too few citizens</text>' END,
        '</svg>')
$$;

COMMENT ON FUNCTION employment_kpi_internal.svg_exit_curves(text, text, text, int[], float8[], int[], float8[]) IS
'Internal: an SVG chart (id chart_id) of two Kaplan-Meier exit curves over weeks 0..52: the share still on public support of the participants (p_weeks, p_surv) and of the matched comparison (c_weeks, c_surv), each a step line from 1 at week 0 (NULL shares, hidden points, are left out). Every step carries data-chart="km", data-key = key/arm/week and data-value = the share (report_num).';

-- Budget burn-up: spending to date against the budget to date (the monthly
-- profile) and the year's budget, month by month of the fiscal year.
CREATE OR REPLACE FUNCTION employment_kpi_internal.svg_burnup(
    chart_id text, title text, months date[], actual numeric[], profile numeric[], budget numeric)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    -- plot area 70..620 x 30..290 of a 640 x 340 box; x = month 0..12 (0 = 1 January)
    WITH m AS (
        SELECT u.month, pg_catalog.date_part('month', u.month)::int AS mi, u.actual, u.profile
          FROM ROWS FROM (pg_catalog.unnest(months), pg_catalog.unnest(actual), pg_catalog.unnest(profile)) AS u(month, actual, profile)
    ), ax AS (
        SELECT GREATEST(coalesce(budget, 0), coalesce(pg_catalog.max(m.actual), 0), coalesce(pg_catalog.max(m.profile), 0), 1) * 1.05 AS ymax
          FROM m
    )
    SELECT pg_catalog.concat(
        pg_catalog.format('<svg id="%s" class="chart burnup" viewBox="0 0 640 340" width="640" height="340" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">',
                          employment_kpi_internal.html_escape(chart_id), employment_kpi_internal.html_escape(title)),
        pg_catalog.format('<title>%s</title>', employment_kpi_internal.html_escape(title)),
        '<rect x="70" y="30" width="550" height="260" class="area"/>',
        (SELECT pg_catalog.format('<line class="budget" x1="70" x2="620" y1="%1$s" y2="%1$s"/><text class="tick" x="616" y="%2$s" text-anchor="end">budget %3$s</text>',
                                  employment_kpi_internal.svg_coord(290 - 260 * budget / ax.ymax),
                                  employment_kpi_internal.svg_coord(286 - 260 * budget / ax.ymax),
                                  pg_catalog.to_char(budget / 1e6, 'FM999990.0'))
           FROM ax WHERE budget IS NOT NULL),
        (SELECT pg_catalog.format('<text class="tick" x="66" y="294" text-anchor="end">0</text><text class="tick" x="66" y="34" text-anchor="end">%s</text>',
                                  pg_catalog.to_char(ax.ymax / 1e6, 'FM999990.0')) FROM ax),
        (SELECT pg_catalog.string_agg(pg_catalog.format('<text class="tick" x="%s" y="304" text-anchor="middle">%s</text>',
                                                        employment_kpi_internal.svg_coord(70 + 550 * (g.i - 0.5) / 12),
                                                        pg_catalog.to_char(pg_catalog.make_date(2000, g.i, 1), 'Mon')), '' ORDER BY g.i)
           FROM pg_catalog.generate_series(1, 12) AS g(i)),
        '<text class="axis" x="345" y="330" text-anchor="middle">DKK million, year to date, at each month end</text>',
        (SELECT pg_catalog.format('<polyline class="profile" points="70,290 %s"/>',
                                  pg_catalog.string_agg(employment_kpi_internal.svg_coord(70 + 550 * m.mi / 12.0) || ','
                                                        || employment_kpi_internal.svg_coord(290 - 260 * m.profile / ax.ymax), ' ' ORDER BY m.mi))
           FROM m, ax WHERE m.profile IS NOT NULL HAVING pg_catalog.count(*) > 0),
        (SELECT pg_catalog.format('<polyline class="actual" points="70,290 %s"/>',
                                  pg_catalog.string_agg(employment_kpi_internal.svg_coord(70 + 550 * m.mi / 12.0) || ','
                                                        || employment_kpi_internal.svg_coord(290 - 260 * m.actual / ax.ymax), ' ' ORDER BY m.mi))
           FROM m, ax WHERE m.actual IS NOT NULL HAVING pg_catalog.count(*) > 0),
        (SELECT pg_catalog.string_agg(
                    pg_catalog.format('<circle class="actual" cx="%s" cy="%s" r="3.5" data-chart="burnup" data-key="%s" data-value="%s"><title>%s: spent %s, budget to date %s (DKK million)</title></circle>',
                                      employment_kpi_internal.svg_coord(70 + 550 * m.mi / 12.0),
                                      employment_kpi_internal.svg_coord(290 - 260 * m.actual / ax.ymax),
                                      employment_kpi.month_label(m.month), m.actual::text,
                                      employment_kpi.month_label(m.month), pg_catalog.to_char(m.actual / 1e6, 'FM999990.0'),
                                      coalesce(pg_catalog.to_char(m.profile / 1e6, 'FM999990.0'), '-')),
                    '' ORDER BY m.mi)
           FROM m, ax WHERE m.actual IS NOT NULL),
        CASE WHEN NOT EXISTS (SELECT 1 FROM pg_catalog.unnest(actual) AS a(x) WHERE a.x IS NOT NULL)
             THEN '<text class="empty" x="345" y="160" text-anchor="middle">No budget status yet</text>' END,
        '</svg>')
$$;

COMMENT ON FUNCTION employment_kpi_internal.svg_burnup(text, text, date[], numeric[], numeric[], numeric) IS
'Internal: an SVG budget burn-up (id chart_id) of one fiscal year: spending to date (actual, solid line with a point per month end) against the budget to date (profile, dashed) and the year''s budget (horizontal line), x = the months (months: their first days) and y in DKK million. Every point carries data-chart="burnup", data-key = the month label and data-value = actual in DKK as given.';

-- A sparkline: a week series as a small line, no axes; a hidden or missing
-- week breaks the line.
CREATE OR REPLACE FUNCTION employment_kpi_internal.svg_sparkline(chart_id text, key text, vals float8[])
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH v AS (
        SELECT u.x, u.i::int AS i, pg_catalog.cardinality(vals) AS n FROM pg_catalog.unnest(vals) WITH ORDINALITY AS u(x, i)
    ), ax AS (
        SELECT coalesce(pg_catalog.min(v.x), 0) AS lo, coalesce(pg_catalog.max(v.x), 0) AS hi FROM v
    ), runs AS (
        -- consecutive non-NULL values form one segment
        SELECT v.i, v.x, v.n, v.i - pg_catalog.row_number() OVER (ORDER BY v.i) AS run FROM v WHERE v.x IS NOT NULL
    ), segs AS (
        SELECT pg_catalog.string_agg(employment_kpi_internal.svg_coord(2 + 116 * (runs.i - 1) / GREATEST(runs.n - 1, 1)) || ','
                                     || employment_kpi_internal.svg_coord(CASE WHEN ax.hi = ax.lo THEN 12
                                                                              ELSE 22 - 20 * (runs.x - ax.lo) / (ax.hi - ax.lo) END),
                                     ' ' ORDER BY runs.i) AS pts,
               pg_catalog.count(*) AS n
          FROM runs, ax GROUP BY runs.run
    )
    SELECT pg_catalog.concat(
        pg_catalog.format('<svg id="%s" class="spark" viewBox="0 0 120 24" width="120" height="24" data-chart="spark" data-key="%s" data-value="%s" xmlns="http://www.w3.org/2000/svg">',
                          employment_kpi_internal.html_escape(chart_id), employment_kpi_internal.html_escape(key),
                          (SELECT coalesce(pg_catalog.string_agg(employment_kpi_internal.report_num(v.x), ' ' ORDER BY v.i), '') FROM v)),
        (SELECT pg_catalog.string_agg(CASE WHEN segs.n > 1 THEN pg_catalog.format('<polyline points="%s"/>', segs.pts)
                                           ELSE pg_catalog.format('<circle r="1.5" cx="%s" cy="%s"/>',
                                                                  pg_catalog.split_part(segs.pts, ',', 1), pg_catalog.split_part(segs.pts, ',', 2)) END, '')
           FROM segs),
        '</svg>')
$$;

COMMENT ON FUNCTION employment_kpi_internal.svg_sparkline(text, text, float8[]) IS
'Internal: an SVG sparkline (id chart_id, 120 x 24) of a series (vals, oldest first) scaled between its minimum and maximum; NULL values break the line. The svg element carries data-chart="spark", data-key = key and data-value = the values (report_num, "-" for NULL) separated by spaces.';

-- The page.
CREATE OR REPLACE FUNCTION employment_kpi_internal.report_html(week date, team_id text)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_text    text;
    v_title   text;
    v_funnel  text;
    v_spark   text;
    v_km      text;
    v_burn    text;
    v_year    date;
BEGIN
    SELECT string_agg(employment_kpi_internal.html_escape(l), E'\n'), min(l) FILTER (WHERE l LIKE 'Weekly report %')
      INTO v_text, v_title
      FROM employment_kpi_internal.report_lines(week, team_id) AS l;

    -- the funnel plot: the team's caseworkers, or the teams
    IF team_id IS NOT NULL THEN
        SELECT employment_kpi_internal.svg_funnel('chart-funnel', 'Exits against expected, caseworkers of the team',
                   coalesce(array_agg(v.caseworker_id ORDER BY v.caseworker_id), '{}'),
                   coalesce(array_agg(v.caseworker_name ORDER BY v.caseworker_id), '{}'),
                   coalesce(array_agg(v.exits_oe * v.exits_expected ORDER BY v.caseworker_id), '{}'),
                   coalesce(array_agg(v.exits_expected ORDER BY v.caseworker_id), '{}'),
                   coalesce(array_agg(v.exits_flag ORDER BY v.caseworker_id), '{}'),
                   employment_kpi.funnel_tau2(v.exits_oe * v.exits_expected, v.exits_expected))
          INTO v_funnel
          FROM employment_kpi.kpi_caseworker_week v
         WHERE v.week = report_html.week AND v.team_id = report_html.team_id;
    ELSE
        SELECT employment_kpi_internal.svg_funnel('chart-funnel', 'Exits against expected, teams',
                   coalesce(array_agg(v.team_id ORDER BY v.team_id), '{}'),
                   coalesce(array_agg(v.team_name ORDER BY v.team_id), '{}'),
                   coalesce(array_agg(v.exits_oe * v.exits_expected ORDER BY v.team_id), '{}'),
                   coalesce(array_agg(v.exits_expected ORDER BY v.team_id), '{}'),
                   coalesce(array_agg(v.exits_flag ORDER BY v.team_id), '{}'),
                   employment_kpi.funnel_tau2(v.exits_oe * v.exits_expected, v.exits_expected))
          INTO v_funnel
          FROM employment_kpi.kpi_team_week v
         WHERE v.week = report_html.week AND v.level = 'team';
    END IF;

    -- sparklines of the 13 weeks to the week: conversations per caseworker,
    -- or citizens on support per target group
    IF team_id IS NOT NULL THEN
        SELECT string_agg(format('<tr><td>%s</td><td>%s</td><td class="num">%s</td></tr>',
                                 employment_kpi_internal.html_escape(s.label),
                                 employment_kpi_internal.svg_sparkline('spark-' || s.n, s.key, s.vals),
                                 coalesce(s.vals[13]::text, '-')), '' ORDER BY s.label)
          INTO v_spark
          FROM (SELECT c.caseworker_id AS key, min(c.caseworker_name) AS label,
                       row_number() OVER (ORDER BY c.caseworker_id) AS n,
                       array_agg(v.conversations_held::float8 ORDER BY w.week) AS vals
                  FROM (SELECT DISTINCT v.caseworker_id, v.caseworker_name FROM employment_kpi.kpi_caseworker_week v
                         WHERE v.week = report_html.week AND v.team_id = report_html.team_id) AS c
                 CROSS JOIN generate_series(report_html.week - 84, report_html.week, interval '7 days') AS w(week)
                  LEFT JOIN employment_kpi.kpi_caseworker_week v ON v.caseworker_id = c.caseworker_id AND v.week = w.week::date
                 GROUP BY c.caseworker_id) AS s;
        v_spark := '<table class="sparks"><tr><th>Caseworker</th><th>Conversations held, 13 weeks</th><th>This week</th></tr>'
                   || coalesce(v_spark, '') || '</table>';
    ELSE
        SELECT string_agg(format('<tr><td>%s</td><td>%s</td><td class="num">%s</td></tr>',
                                 employment_kpi_internal.html_escape(s.label),
                                 employment_kpi_internal.svg_sparkline('spark-' || s.n, s.key, s.vals),
                                 coalesce(s.vals[13]::text, '<' || employment_kpi.suppression_k())), '' ORDER BY s.ord, s.label)
          INTO v_spark
          FROM (SELECT coalesce(g.group_code, 'total') AS key, g.scope = 'municipality' AS ord,
                       CASE WHEN g.scope = 'municipality' THEN 'Total' ELSE split_part(g.group_label_da, ' (', 1) END AS label,
                       row_number() OVER (ORDER BY g.group_code) AS n,
                       array_agg(v.citizens_on_support::float8 ORDER BY w.week) AS vals
                  FROM (SELECT v.group_code, v.group_label_da, v.scope FROM employment_kpi.kpi_group_week v
                         WHERE v.week = report_html.week) AS g
                 CROSS JOIN generate_series(report_html.week - 84, report_html.week, interval '7 days') AS w(week)
                  LEFT JOIN employment_kpi.kpi_group_week v ON v.group_code IS NOT DISTINCT FROM g.group_code
                                                           AND v.scope = g.scope AND v.week = w.week::date
                 GROUP BY g.group_code, g.group_label_da, g.scope) AS s;
        v_spark := '<table class="sparks"><tr><th>Target group</th><th>Citizens on support, 13 weeks</th><th>This week</th></tr>'
                   || coalesce(v_spark, '') || '</table>';
    END IF;

    -- exit curves of the offers and groups in "which offers work"
    WITH c AS MATERIALIZED (
        -- the view once (it computes each cell's risk set over all rows)
        SELECT x.type_code, x.group_code, x.arm, x.week, x.surv FROM employment_kpi.kpi_exit_curve x
         WHERE x.period_kind = 'last_12_months'
    )
    SELECT string_agg(employment_kpi_internal.svg_exit_curves(
                          'chart-km-' || e.n, e.type_label_da || ' / ' || split_part(e.group_label_da, ' (', 1),
                          e.type_code || '/' || e.group_code,
                          coalesce(k.p_weeks, '{}'), coalesce(k.p_surv, '{}'), coalesce(k.c_weeks, '{}'), coalesce(k.c_surv, '{}')),
                      '' ORDER BY e.n)
      INTO v_km
      FROM (SELECT v.type_code, v.group_code, v.type_label_da, v.group_label_da,
                   row_number() OVER (ORDER BY NOT v.significant, v.type_label_da, v.group_label_da) AS n
              FROM employment_kpi.kpi_intervention_effect v
             WHERE v.period_kind = 'last_12_months' AND v.horizon_weeks = 26 AND v.significant IS NOT NULL) AS e
      LEFT JOIN LATERAL (
          SELECT array_agg(c.week ORDER BY c.week) FILTER (WHERE c.arm = 'participants') AS p_weeks,
                 array_agg(c.surv ORDER BY c.week) FILTER (WHERE c.arm = 'participants') AS p_surv,
                 array_agg(c.week ORDER BY c.week) FILTER (WHERE c.arm = 'comparison') AS c_weeks,
                 array_agg(c.surv ORDER BY c.week) FILTER (WHERE c.arm = 'comparison') AS c_surv
            FROM c WHERE c.type_code = e.type_code AND c.group_code = e.group_code) AS k ON true;

    -- the budget of the fiscal year of the latest status by the week's end
    SELECT date_trunc('year', max(b.month))::date INTO v_year
      FROM employment_kpi.kpi_budget_month b WHERE b.as_of <= report_html.week + 6;
    SELECT employment_kpi_internal.svg_burnup('chart-burnup',
               'Budget burn-up ' || to_char(v_year, 'YYYY') || ': spent against budget',
               coalesce(array_agg(b.month ORDER BY b.month), '{}'),
               coalesce(array_agg(b.ytd_actual_dkk ORDER BY b.month), '{}'),
               coalesce(array_agg(b.ytd_budget_dkk ORDER BY b.month), '{}'),
               max(b.budget_dkk))
      INTO v_burn
      FROM employment_kpi.kpi_budget_month b
     WHERE b.area = 'total' AND b.month >= v_year AND b.month < (v_year + interval '1 year')
       AND b.as_of <= report_html.week + 6;

    RETURN concat(
        '<!DOCTYPE html>', E'\n', '<html lang="en"><head><meta charset="utf-8">',
        '<title>', employment_kpi_internal.html_escape(v_title), '</title>',
        '<style>',
        'body{font-family:sans-serif;margin:1.5em;color:#222;max-width:70em}',
        'h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.6em;border-bottom:1px solid #999}',
        'pre{font-size:.8em;background:#f6f6f6;padding:.8em;overflow-x:auto}',
        '.chart .area{fill:#fff;stroke:#bbb}.chart text{font-size:11px;fill:#333}.chart .ctitle{font-size:9.5px;font-weight:bold}',
        '.limit{fill:none;stroke:#888}.limit.l95{stroke-dasharray:4 3}.target{stroke:#333}',
        '.pt{fill:#4a7fb0;stroke:#fff}.pt.above{fill:#2e8b3a}.pt.below{fill:#c0392b}.pt.watch{fill:#e69a17}',
        '.curve{fill:none;stroke-width:1.6}.curve.participants{stroke:#1f5fa0}.curve.comparison{stroke:#888;stroke-dasharray:5 3}',
        '.step.participants{fill:#1f5fa0}.step.comparison{fill:#888}',
        '.budget{stroke:#c0392b;stroke-dasharray:6 3}.profile{fill:none;stroke:#888;stroke-dasharray:4 3}',
        '.actual{fill:none;stroke:#1f5fa0;stroke-width:2}circle.actual{fill:#1f5fa0}',
        '.spark polyline{fill:none;stroke:#1f5fa0;stroke-width:1.4}.spark circle{fill:#1f5fa0}',
        '.sparks td,.sparks th{padding:2px 8px;text-align:left}.num{text-align:right}',
        '.kms{display:flex;flex-wrap:wrap;gap:8px}.legend{font-size:.85em}',
        '@media print{body{margin:0;max-width:none}pre{font-size:7pt;background:none}section{break-inside:avoid}',
        'h2{break-after:avoid}.kms svg{width:45%;height:auto}}',
        '</style></head><body>', E'\n',
        '<h1>', employment_kpi_internal.html_escape(v_title), '</h1>', E'\n',
        '<section id="report"><h2>The report</h2><pre>', v_text, '</pre></section>', E'\n',
        '<section id="funnel"><h2>Exits against expected (funnel plot)</h2>', v_funnel,
        '<p class="legend">Each dot is ', CASE WHEN team_id IS NULL THEN 'a team' ELSE 'a caseworker' END,
        ': exits in the 13 weeks to the week divided by the exits expected for its mix of citizens (1 = as expected), against the expected number.',
        ' Dashed lines: the 95 % limits; solid lines: the 99.8 % limits, widened for the spread between the dots shown.',
        ' Dot colours are the flags of the tables: green above, red below, orange watch, blue within. Hidden counts are not drawn.</p></section>', E'\n',
        '<section id="sparklines"><h2>The last 13 weeks</h2>', v_spark,
        '<p class="legend">Oldest week on the left; a gap is a week with a hidden count or no row.</p></section>', E'\n',
        '<section id="curves"><h2>Exit curves: participants against comparison</h2><div class="kms">',
        coalesce(v_km, '<p>No offer and target group with a valid interval.</p>'), '</div>',
        '<p class="legend">For the offers and groups in "Which offers work for which group": the share still on public support each week after the start of the offer,',
        ' participants (blue) against the matched comparison (grey, dashed); a lower curve means earlier exits. Weeks with too few citizens are hidden.</p></section>', E'\n',
        '<section id="budget"><h2>Budget burn-up</h2>', v_burn,
        '<p class="legend">Spending to date (blue) against the budget to date (grey, dashed: the monthly profile) and the year''s budget (red, dashed).</p></section>', E'\n',
        '</body></html>', E'\n');
END
$fn$;

COMMENT ON FUNCTION employment_kpi_internal.report_html(date, text) IS
'Internal: the weekly report as one self-contained HTML page (weekly_report(format => ''html'')): the text report (report_lines) escaped in a pre block, then the funnel plot of the team''s caseworkers (or of the teams) from kpi_caseworker_week / kpi_team_week with the over-dispersion of the dots shown, 13-week sparklines (conversations per caseworker, or citizens on support per target group), the exit curves (kpi_exit_curve) of the offer and group cells in "which offers work" and the budget burn-up of the fiscal year (kpi_budget_month, total). Inline CSS with print rules; no script, font or external resource.';
