#!/usr/bin/python3
"""ODBC suite: a reader reads every kpi_* view through unixODBC and the
PostgreSQL ODBC driver (psqlODBC, Debian odbc-postgresql) with the DSN
settings docs/bi.md gives, as Excel or Power BI's ODBC route would.

Checks, as TAP lines: the catalogue (SQLTables) filtered to the schema
employment_kpi and views lists exactly the kpi_* views; every other
relation it lists outside that filter is unreadable for the reader; every
column of every kpi_* view arrives with the ODBC type of its PostgreSQL
type (booleans as SQL_BIT and Python bool, not '0'/'1'; text as
SQL_WVARCHAR, not a long varchar); every row arrives, and the longest
text of every text column arrives whole; no column description arrives
(what docs/bi.md says ODBC cannot show).

Usage: kpi_views_odbc.py PORT DATABASE USER
"""
import datetime
import decimal
import sys

import pyodbc

PORT, DATABASE, USER = sys.argv[1], sys.argv[2], sys.argv[3]

# The DSN settings documented in docs/bi.md (as a connection string, so that
# the test needs no odbc.ini).
SETTINGS = {
    "BoolsAsChar": "0",           # boolean -> SQL_BIT, not char '0'/'1'
    "TextAsLongVarchar": "0",     # text -> SQL_WVARCHAR, not SQL_WLONGVARCHAR
    "UnknownsAsLongVarchar": "0",
    "MaxVarcharSize": "4096",     # the column size reported for text
    "ShowSystemTables": "0",
}
CONN = ";".join(["Driver={PostgreSQL Unicode}", "Servername=127.0.0.1", "Port=" + PORT,
                 "Database=" + DATABASE, "Username=" + USER]
                + ["%s=%s" % kv for kv in SETTINGS.items()])

# PostgreSQL type -> (accepted ODBC SQL types, Python type of a value)
SQL_BIT, SQL_INTEGER, SQL_BIGINT, SQL_NUMERIC, SQL_DOUBLE, SQL_FLOAT = -7, 4, -5, 2, 8, 6
SQL_VARCHAR, SQL_WVARCHAR, SQL_TYPE_DATE, SQL_TYPE_TIMESTAMP = 12, -9, 91, 93
EXPECTED = {
    "boolean": ({SQL_BIT}, bool),
    "integer": ({SQL_INTEGER}, int),
    "bigint": ({SQL_BIGINT}, int),
    "numeric": ({SQL_NUMERIC}, decimal.Decimal),
    "double precision": ({SQL_DOUBLE, SQL_FLOAT}, float),
    "text": ({SQL_WVARCHAR, SQL_VARCHAR}, str),
    "date": ({SQL_TYPE_DATE}, datetime.date),
    "timestamp with time zone": ({SQL_TYPE_TIMESTAMP}, datetime.datetime),
}

n = 0
failed = 0


def ok(cond, name, diag=None):
    global n, failed
    n += 1
    print(("ok %d - %s" if cond else "not ok %d - %s") % (n, name))
    if not cond:
        failed += 1
        if diag:
            print("# " + str(diag).replace("\n", "\n# "))


conn = pyodbc.connect(CONN, autocommit=True)
cur = conn.cursor()

# what the server says the reader may read
cur.execute("""SELECT c.relname::text FROM pg_catalog.pg_class c
                WHERE c.relnamespace = 'employment_kpi'::regnamespace AND c.relkind = 'v'
                  AND c.relname LIKE 'kpi\\_%' ORDER BY 1""")
kpi_views = [r[0] for r in cur.fetchall()]
ok(len(kpi_views) >= 7, "the database has the kpi_* views (%d)" % len(kpi_views))

# the catalogue as a BI tool's navigator reads it
everything = [(t.table_schem, t.table_name, t.table_type) for t in cur.tables()]
print("# SQLTables without a filter lists %d relations" % len(everything))
listed = sorted(t.table_name for t in cur.tables(schema="employment_kpi", tableType="VIEW")
                if t.table_name.startswith("kpi_"))
ok(listed == kpi_views, "SQLTables(schema employment_kpi, VIEW) lists every kpi_* view",
   "listed %s, expected %s" % (listed, kpi_views))
filtered = sorted(t.table_name for t in cur.tables(table="kpi\\_%", schema="employment_kpi", tableType="VIEW"))
ok(filtered == kpi_views, "SQLTables(kpi\\_%, employment_kpi, VIEW) lists the kpi_* views and nothing else",
   "listed %s" % filtered)
readable = []
for schem, name, _type in everything:
    if schem == "employment_kpi" and name in kpi_views:
        continue
    try:
        cur.execute('SELECT 1 FROM "%s"."%s" LIMIT 0' % (schem.replace('"', '""'), name.replace('"', '""')))
        cur.fetchall()
        if schem not in ("pg_catalog", "information_schema"):
            readable.append("%s.%s" % (schem, name))
    except pyodbc.Error:
        pass
ok(readable == [], "a reader can read no listed relation but the kpi_* views (outside the system catalogues)",
   "readable: %s" % readable)

for view in kpi_views:
    cur.execute("""SELECT a.attname::text, pg_catalog.format_type(a.atttypid, a.atttypmod)
                     FROM pg_catalog.pg_attribute a
                    WHERE a.attrelid = ('employment_kpi.' || ?)::regclass AND a.attnum > 0 AND NOT a.attisdropped
                    ORDER BY a.attnum""", view)
    pgtypes = cur.fetchall()
    cols = {c.column_name: c for c in cur.columns(table=view, schema="employment_kpi")}
    bad = []
    for name, pgtype in pgtypes:
        want = EXPECTED.get(pgtype)
        c = cols.get(name)
        if want is None or c is None or c.data_type not in want[0]:
            bad.append("%s %s -> %s" % (name, pgtype, None if c is None else (c.type_name, c.data_type)))
        elif pgtype == "text" and c.column_size != int(SETTINGS["MaxVarcharSize"]):
            bad.append("%s text size %s" % (name, c.column_size))
    ok(not bad, "%s: SQLColumns types (bool as SQL_BIT, text as varchar of MaxVarcharSize)" % view, bad)
    # docs/bi.md says the descriptions do not come through ODBC: keep it true
    remarks = [name for name, c in cols.items() if (c.remarks or "").strip()]
    ok(not remarks, "%s: no column description arrives (REMARKS empty, as docs/bi.md says)" % view,
       "remarks on %s: update docs/bi.md" % remarks)

    cur.execute("SELECT count(*) FROM employment_kpi.%s" % view)
    rows_server = cur.fetchone()[0]
    cur.execute("SELECT * FROM employment_kpi.%s" % view)
    desc = cur.description
    rows = cur.fetchall()
    ok(len(rows) == rows_server, "%s: every row arrives (%d)" % (view, rows_server))
    bad = []
    for i, (name, pgtype) in enumerate(pgtypes):
        want = EXPECTED.get(pgtype)
        if desc[i][0] != name:
            bad.append("column %d is %s, not %s" % (i, desc[i][0], name))
            continue
        for r in rows:
            v = r[i]
            if v is not None and not (type(v) is want[1] or (want[1] is datetime.datetime and isinstance(v, datetime.datetime))):
                bad.append("%s %s arrives as %r" % (name, pgtype, v))
                break
    ok(not bad, "%s: values arrive as their types (booleans as True/False)" % view, bad)

    # the longest text of every text column arrives whole
    bad = []
    for name, pgtype in pgtypes:
        if pgtype != "text":
            continue
        cur.execute('SELECT "%s" FROM employment_kpi.%s ORDER BY length("%s") DESC NULLS LAST LIMIT 1' % (name, view, name))
        r = cur.fetchone()
        cur.execute('SELECT max(length("%s")) FROM employment_kpi.%s' % (name, view))
        longest = cur.fetchone()[0]
        if r is not None and longest is not None and len(r[0]) != longest:
            bad.append("%s: %d of %d characters" % (name, len(r[0]), longest))
    ok(not bad, "%s: text arrives whole" % view, bad)

print("1..%d" % n)
sys.exit(1 if failed else 0)
