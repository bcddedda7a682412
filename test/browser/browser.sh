#!/usr/bin/env bash
# The browser test (run by scripts/test.sh against its throwaway cluster; the
# environment names the cluster: PGHOST, PGPORT, PGUSER, PGBIN).
#
# The weekly report's HTML page, as an analyst (the municipality and a team),
# a team leader (the team) and a reader (the municipality), is rendered by
# headless Chromium: a screenshot of each is written to results/browser/
# (the paths are printed), and the DOM Chromium builds is checked -- the
# four chart kinds are there, nothing runs or loads (no script, no external
# resource), a hostile caseworker name is shown as text, and every figure a
# chart draws (its data-chart, data-key and data-value attributes) equals
# the figure in the kpi_* view it comes from, read by the same role.
# Prints TAP lines ("ok N - ...") for scripts/test.sh to count.
set -uo pipefail
cd "$(dirname "$0")/../.."
DB=ekpi_browser
OUT=${EKPI_BROWSER_OUT:-$PWD/results/browser}
rm -rf "$OUT"; mkdir -p "$OUT"
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -At)
CHROMIUM=${CHROMIUM:-chromium}
n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $*"; }
check() {  # check "description" command...
  local what=$1; shift
  if "$@" >"$OUT/check$((n + 1)).log" 2>&1; then ok "$what"
  else not_ok "$what"; sed 's/^/# /' "$OUT/check$n.log" | head -40; fi
}

# A municipality, refreshed; a reader and a team leader; a caseworker of the
# leader's team with a name that would run as a script if it were not escaped.
HOSTILE='<script>document.title="pwned"</script> & "Ø" <img src=x>'
check "set-up: a synthetic municipality of 2,000 citizens, a reader and a team leader" \
  "${PSQL[@]}" -d postgres -v hostile="$HOSTILE" <<EOF
SET client_min_messages = warning;
DROP DATABASE IF EXISTS $DB;
CREATE DATABASE $DB;
\c $DB
CREATE EXTENSION employment_kpi CASCADE;
SELECT count(*) FROM employment_kpi.generate_synthetic(citizens => 2000);
UPDATE employment_kpi.caseworker SET caseworker_name = :'hostile'
 WHERE caseworker_id = (SELECT min(caseworker_id) FROM employment_kpi.caseworker WHERE team_id = 'syn-t03');
DO \$\$ BEGIN
  IF EXISTS (SELECT 1 FROM employment_kpi.refresh() WHERE NOT ok) THEN RAISE EXCEPTION 'refresh() failed'; END IF;
END \$\$;
DROP ROLE IF EXISTS ekpi_browser_reader;
DROP ROLE IF EXISTS ekpi_browser_leader;
CREATE ROLE ekpi_browser_reader LOGIN;
CREATE ROLE ekpi_browser_leader LOGIN;
SELECT employment_kpi.grant_reader('ekpi_browser_reader');
SELECT employment_kpi.grant_leader('ekpi_browser_leader', 'syn-t03');
EOF
[ "$fails" -eq 0 ] || { echo "1..$n"; exit 1; }

WEEK=$("${PSQL[@]}" -d "$DB" -c "SELECT employment_kpi.iso_monday(employment_kpi.data_end() + 1) - 7")

# The figures each chart must draw, read from the views by ROLE for TEAM
# (empty: the municipality) in the week: "chart<TAB>key<TAB>value" lines.
expected_figures() {
  local role=$1 team=$2
  "${PSQL[@]}" -d "$DB" -U "$role" -F $'\t' -v week="$WEEK" -v team="$team" <<'EOF'
SELECT 'funnel', v.team_id, round((v.exits_oe)::numeric, 4)::text
  FROM employment_kpi.kpi_team_week v
 WHERE :'team' = '' AND v.week = :'week' AND v.level = 'team' AND v.exits_expected > 0 AND v.exits_oe IS NOT NULL
UNION ALL
SELECT 'funnel', v.caseworker_id, round((v.exits_oe)::numeric, 4)::text
  FROM employment_kpi.kpi_caseworker_week v
 WHERE v.team_id = :'team' AND v.week = :'week' AND v.exits_expected > 0 AND v.exits_oe IS NOT NULL
UNION ALL
SELECT 'km', c.type_code || '/' || c.group_code || '/' || c.arm || '/' || c.week, round(c.surv::numeric, 4)::text
  FROM employment_kpi.kpi_exit_curve c
  JOIN employment_kpi.kpi_intervention_effect e
    ON e.type_code = c.type_code AND e.group_code = c.group_code AND e.period_kind = c.period_kind
 WHERE c.period_kind = 'last_12_months' AND e.horizon_weeks = 26 AND e.significant IS NOT NULL AND c.surv IS NOT NULL
UNION ALL
SELECT 'burnup', b.month_label, b.ytd_actual_dkk::text
  FROM employment_kpi.kpi_budget_month b
 WHERE b.area = 'total' AND b.as_of <= :'week'::date + 6 AND b.ytd_actual_dkk IS NOT NULL
   AND b.fiscal_year = (SELECT max(x.fiscal_year) FROM employment_kpi.kpi_budget_month x WHERE x.as_of <= :'week'::date + 6)
UNION ALL
-- 13 weeks to the week, oldest first, "-" for a hidden or missing week
SELECT 'spark', s.key, string_agg(coalesce(round(s.x::numeric, 4)::text, '-'), ' ' ORDER BY s.w)
  FROM (SELECT g.key, w.w, v.x
          FROM (SELECT DISTINCT coalesce(v.group_code, 'total') AS key FROM employment_kpi.kpi_group_week v
                 WHERE :'team' = '' AND v.week = :'week') AS g
         CROSS JOIN generate_series(:'week'::date - 84, :'week'::date, interval '7 days') AS w(w)
          LEFT JOIN LATERAL (SELECT v.citizens_on_support AS x FROM employment_kpi.kpi_group_week v
                              WHERE coalesce(v.group_code, 'total') = g.key AND v.week = w.w::date) AS v ON true
        UNION ALL
        SELECT c.caseworker_id, w.w, v.conversations_held
          FROM (SELECT DISTINCT v.caseworker_id FROM employment_kpi.kpi_caseworker_week v
                 WHERE v.team_id = :'team' AND v.week = :'week') AS c
         CROSS JOIN generate_series(:'week'::date - 84, :'week'::date, interval '7 days') AS w(w)
          LEFT JOIN employment_kpi.kpi_caseworker_week v ON v.caseworker_id = c.caseworker_id AND v.week = w.w::date) AS s
 GROUP BY s.key;
EOF
}

# The figures the page's DOM holds, in the same form.
dom_figures() {
  grep -oE 'data-chart="[^"]*" data-key="[^"]*" data-value="[^"]*"' "$1" |
    sed -E 's/^data-chart="([^"]*)" data-key="([^"]*)" data-value="([^"]*)"$/\1\t\2\t\3/'
}

# same_figures EXPECTED ACTUAL: every key in both, every value equal (numbers
# to 1e-4: the page's observed/expected is computed back from its parts).
same_figures() {
  awk -F'\t' '
    NR == FNR { want[$1 FS $2] = $3; next }
    { got[$1 FS $2] = $3 }
    END {
      bad = 0
      for (k in want) {
        if (!(k in got)) { print "missing in the page: " k " = " want[k]; bad++; continue }
        nw = split(want[k], a, " "); ng = split(got[k], b, " ")
        if (nw != ng) { print "differs: " k ": view " want[k] ", page " got[k]; bad++; continue }
        for (i = 1; i <= nw; i++)
          if (a[i] != b[i] && (a[i] == "-" || b[i] == "-" || (a[i] - b[i] > 1e-4 || b[i] - a[i] > 1e-4))) {
            print "differs: " k ": view " want[k] ", page " got[k]; bad++; break
          }
      }
      for (k in got) if (!(k in want)) { print "not in the views: " k " = " got[k]; bad++ }
      n = 0; for (k in want) n++
      print n " figures compared, " bad " differ"
      exit bad > 0
    }' "$1" "$2"
}

# page NAME ROLE TEAM: the page as ROLE, rendered; its checks.
page() {
  local name=$1 role=$2 team=$3 arg=""
  [ -n "$team" ] && arg=", team_id => '$team'"
  if ! "${PSQL[@]}" -d "$DB" -U "$role" -c "SELECT line FROM employment_kpi.weekly_report(format => 'html'$arg)" >"$OUT/$name.html" 2>"$OUT/$name.err"; then
    not_ok "$name: weekly_report(format => 'html') as $role"; sed 's/^/# /' "$OUT/$name.err"; return
  fi
  ok "$name: weekly_report(format => 'html') as $role ($(wc -c <"$OUT/$name.html") bytes)"
  local flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --disable-extensions
               --user-data-dir="$OUT/chromium-profile" --window-size=1200,3000)
  rm -f "$OUT/$name.png"
  timeout 120 "$CHROMIUM" "${flags[@]}" --screenshot="$OUT/$name.png" "file://$OUT/$name.html" >"$OUT/$name.chromium.log" 2>&1
  if [ -s "$OUT/$name.png" ] && [ "$(head -c 8 "$OUT/$name.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; then
    ok "$name: Chromium rendered it; screenshot $OUT/$name.png"
  else
    not_ok "$name: Chromium rendered no screenshot"; tail -5 "$OUT/$name.chromium.log" | sed 's/^/# /'
  fi
  timeout 120 "$CHROMIUM" "${flags[@]}" --dump-dom "file://$OUT/$name.html" >"$OUT/$name.dom.html" 2>>"$OUT/$name.chromium.log"
  local funnel burnup km spark
  funnel=$(grep -oc '<svg id="chart-funnel"' "$OUT/$name.dom.html")
  burnup=$(grep -oc '<svg id="chart-burnup"' "$OUT/$name.dom.html")
  km=$(grep -oE '<svg id="chart-km-[0-9]+"' "$OUT/$name.dom.html" | wc -l)
  spark=$(grep -oE '<svg id="spark-[0-9]+"' "$OUT/$name.dom.html" | wc -l)
  if [ "$funnel" -eq 1 ] && [ "$burnup" -eq 1 ] && [ "$km" -ge 1 ] && [ "$spark" -ge 1 ]; then
    ok "$name: the DOM has the funnel plot, the budget burn-up, $km exit-curve charts and $spark sparklines"
  else
    not_ok "$name: charts in the DOM: funnel $funnel, burn-up $burnup, exit curves $km, sparklines $spark"
  fi
  # self-contained: no script element, nothing fetched (the only URL is the
  # SVG namespace), and the hostile name arrived as text
  local scripts urls
  scripts=$(grep -oic '<script' "$OUT/$name.dom.html")
  urls=$(grep -oE '(src|href)="[^"]*"|url\(|@import|https?://[^" ]*' "$OUT/$name.dom.html" | grep -vc '^http://www.w3.org/2000/svg$')
  if [ "$scripts" -eq 0 ] && [ "$urls" -eq 0 ]; then
    ok "$name: no script element and no external resource in the DOM"
  else
    not_ok "$name: $scripts script elements, $urls references to resources"
  fi
  dom_figures "$OUT/$name.dom.html" | sort >"$OUT/$name.page.tsv"
  if ! expected_figures "$role" "$team" 2>"$OUT/$name.compare.log" | sort >"$OUT/$name.expected.tsv" \
     || [ ! -s "$OUT/$name.expected.tsv" ]; then
    not_ok "$name: the figures could not be read from the views"; head -20 "$OUT/$name.compare.log" | sed 's/^/# /'
  elif same_figures "$OUT/$name.expected.tsv" "$OUT/$name.page.tsv" >"$OUT/$name.compare.log" 2>&1; then
    ok "$name: every figure drawn equals the view's ($(tail -1 "$OUT/$name.compare.log"))"
  else
    not_ok "$name: the figures drawn differ from the views'"; head -20 "$OUT/$name.compare.log" | sed 's/^/# /'
  fi
}

page municipality postgres ""
page team postgres syn-t03
page team-leader ekpi_browser_leader syn-t03
page reader ekpi_browser_reader ""

# The hostile name is text in the team page, never markup.
if grep -qF '&lt;script&gt;document.title="pwned"&lt;/script&gt; &amp; "Ø" &lt;img src=x&gt;' "$OUT/team.dom.html" \
   && ! grep -q 'pwned' <(grep -o '<title>[^<]*</title>' "$OUT/team.dom.html" | head -1); then
  ok "a caseworker named like a script is shown as text, and nothing ran"
else
  not_ok "the hostile caseworker name was not shown as escaped text"
fi

"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "DROP ROLE IF EXISTS ekpi_browser_reader" \
  -c "DROP ROLE IF EXISTS ekpi_browser_leader" >/dev/null 2>&1
echo "1..$n"
[ "$fails" -eq 0 ]
