#!/usr/bin/python3
"""Hostile-input fuzzing of the employment_kpi extension (run by test/fuzz/run.sh).

    fuzz.py calls N      generated hostile calls of every function and aggregate
    fuzz.py inputs N     malformed text and binary input of every type of the extension
    fuzz.py parallel N   every aggregate, forced-parallel against serial, on N rows

Everything is read from the catalogue: the functions and aggregates of the
schemas in FUZZ_SCHEMAS (default employment_kpi) with their argument types,
and the types that are members of the extension, so a new function or type
is covered without a change here.  The connection comes from the usual libpq
environment (PGHOST, PGPORT, PGUSER) and FUZZ_DB.

Each call is its own statement in its own transaction, rolled back, with
statement_timeout FUZZ_TIMEOUT.  An error with an SQLSTATE is an answer, and
is counted by SQLSTATE; a finding is
  * a lost connection (the backend crashed or was terminated),
  * an error of class XX (internal error, data corrupted) -- except XX001
    from the input functions of the extension's own types, which is how they
    reject a corrupted binary value,
  * an error whose message is a raw one from PostgreSQL's internals rather
    than the extension's own validation ("integer out of range", "date out
    of range for timestamp", "division by zero", ...: RAW below), because it
    means a hostile argument reached arithmetic the function did not guard,
  * for the input part, a value that is accepted but does not read back the
    same (text out, in, out again must give the same text).
Findings are written with a reproducer to FUZZ_OUT/findings-<part>.txt.
The last line of the output is a summary; the exit status is 1 when there
is a finding.
"""
import collections
import io
import os
import random
import re
import struct
import sys
import time

import psycopg2
import psycopg2.extensions

SCHEMAS = os.environ.get('FUZZ_SCHEMAS', 'employment_kpi').split()
TIMEOUT = os.environ.get('FUZZ_TIMEOUT', '3s')
DB = os.environ.get('FUZZ_DB', 'ekpi_fuzz')
OUT = os.environ.get('FUZZ_OUT', '.')
SEED = int(os.environ.get('FUZZ_SEED', '1'))
HUGE = int(os.environ.get('FUZZ_HUGE_ARRAY', '200000'))
# FUZZ_SECONDS: stop the calls and inputs parts after this long even when
# their budget is not used up (the summary says so).
DEADLINE = time.monotonic() + float(os.environ.get('FUZZ_SECONDS', 'inf'))
rng = random.Random(SEED)

# Raw messages of PostgreSQL's own arithmetic and conversions: a function
# that lets a hostile argument reach them has not validated it.
RAW = re.compile(
    r'^(smallint|integer|bigint) out of range$'
    r'|^date out of range'
    r'|^timestamp out of range'
    r'|^interval out of range'
    r'|^value out of range: (overflow|underflow)$'
    r'|^division by zero$'
    r'|^cannot take logarithm of'
    r'|^input is out of range$'
    r'|^invalid memory alloc request size'
    r'|^cache lookup failed'
    r'|^unrecognized ')

# Known findings: test/fuzz/known.txt, one per line, "function<TAB>message
# regular expression<TAB>why" -- raw errors of SQL functions whose owners
# know them.  Such an error is counted and listed as known, not as a
# finding; a crash or an internal error is never known.
def load_known():
    known = []
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'known.txt')
    if os.path.exists(path):
        for line in open(path):
            if line.strip() and not line.startswith('#'):
                func, msg, why = line.rstrip('\n').split('\t', 2)
                known.append((func, re.compile(msg), why))
    return known


KNOWN = load_known()


def function_of(stmt):
    m = re.search(r'employment_kpi(?:_internal)?\.(\w+)\(', stmt)
    return m.group(1) if m else '?'


# SQLSTATEs that only say the harness itself went wrong (a statement it
# built does not parse): reported, so that the generator is fixed, but not
# findings about the extension.
HARNESS = {'42601'}


# Results are compared and printed, never computed with: read every
# date and time as its text (Python's date cannot hold year 0 or BC dates).
_AS_TEXT = psycopg2.extensions.new_type((1082, 1083, 1114, 1184, 1186, 1266), 'FUZZ_TEXT', lambda v, cur: v)
psycopg2.extensions.register_type(_AS_TEXT)
psycopg2.extensions.register_type(psycopg2.extensions.new_array_type(
    (1182, 1183, 1115, 1185, 1187, 1270), 'FUZZ_TEXT_ARRAY', _AS_TEXT))


def connect():
    conn = psycopg2.connect(dbname=DB, application_name='ekpi_fuzz')
    conn.set_session(autocommit=False)
    return conn


def wait_for_server(seconds=120):
    """After a lost connection: wait until the server accepts connections again."""
    for _ in range(seconds):
        try:
            c = connect()
            c.close()
            return True
        except psycopg2.OperationalError:
            time.sleep(1)
    return False


class Runner:
    """Runs statements one at a time, each in a transaction that is rolled back."""

    def __init__(self, part):
        self.part = part
        self.conn = connect()
        self.calls = 0
        self.ok = 0
        self.states = collections.Counter()
        self.findings = []
        self.crashes = 0
        self.harness_errors = []
        self.late_cancels = []
        self.known = collections.Counter()
        self.timeout_s = self._timeout_seconds()
        self.findings_file = open(os.path.join(OUT, 'findings-%s.txt' % part), 'w')

    def _timeout_seconds(self):
        cur = self.conn.cursor()
        cur.execute("SET statement_timeout = %s", (TIMEOUT,))
        cur.execute("SELECT extract(epoch FROM current_setting('statement_timeout')::interval)")
        s = float(cur.fetchone()[0])
        self.conn.rollback()
        return s

    def finding(self, stmt, what):
        self.findings.append((what, stmt))
        self.findings_file.write('-- %s\n%s;\n\n' % (what, stmt))
        self.findings_file.flush()

    def run(self, stmt, allowed_xx=(), fetch=True, copy_data=None, setup=(), raw_check=True):
        """Run stmt; returns (rows or None, sqlstate or None)."""
        self.calls += 1
        cur = self.conn.cursor()
        t0 = time.monotonic()
        try:
            cur.execute("SET LOCAL statement_timeout = %s", (TIMEOUT,))
            for s in setup:
                cur.execute(s)
            if copy_data is not None:

                cur.copy_expert(stmt, io.BytesIO(copy_data))
                rows = []
            else:
                cur.execute(stmt)
                rows = cur.fetchall() if fetch and cur.description else []
            self.conn.rollback()
            self.ok += 1
            return rows, None
        except psycopg2.Error as e:
            state = e.pgcode
            if copy_data is not None:
                stmt = '-- a COPY BINARY stream, hex: %s\n%s' % (copy_data.hex(), stmt)
            if state is None or self.conn.closed:
                # No SQLSTATE: the connection is gone.
                self.crashes += 1
                self.finding(stmt, 'lost connection: %s' % str(e).strip().replace('\n', ' '))
                wait_for_server()
                self.conn = connect()
                return None, 'lost'
            msg = e.diag.message_primary or ''
            self.states[state] += 1
            try:
                self.conn.rollback()
            except psycopg2.Error:
                self.crashes += 1
                self.finding(stmt, 'lost connection after %s' % state)
                wait_for_server()
                self.conn = connect()
                return None, 'lost'
            if state == '57014':
                # Cancelled by statement_timeout: fine, but say when the
                # function took far longer than the timeout to notice.
                if time.monotonic() - t0 > self.timeout_s + 2:
                    self.late_cancels.append((time.monotonic() - t0, stmt))
            elif state in HARNESS:
                self.harness_errors.append((stmt[:300], msg))
            elif state.startswith('XX') and state not in allowed_xx:
                self.finding(stmt, '%s %s (%s:%s)' % (state, msg, e.diag.source_file, e.diag.source_line))
            elif raw_check and RAW.search(msg):
                func = function_of(stmt)
                why = [k[2] for k in KNOWN if k[0] == func and k[1].search(msg)]
                if why:
                    self.known[(func, state, msg, why[0])] += 1
                else:
                    self.finding(stmt, '%s raw error: %s (%s:%s)' % (state, msg, e.diag.source_file, e.diag.source_line))
            return None, state

    def summary(self, extra=''):
        states = ' '.join('%s:%d' % kv for kv in sorted(self.states.items()))
        print('%s: %d statements, %d ok, errors by SQLSTATE {%s}, %d late cancels, '
              '%d harness errors, %d known, %d findings, %d crashes%s'
              % (self.part, self.calls, self.ok, states, len(self.late_cancels),
                 len(self.harness_errors), sum(self.known.values()), len(self.findings),
                 self.crashes, extra))
        for stmt, msg in self.harness_errors[:5]:
            print('  harness error: %s: %s' % (msg, stmt))
        for secs, stmt in sorted(self.late_cancels, reverse=True)[:5]:
            print('  late cancel: %.1f s for a %.1f s statement_timeout: %s' % (secs, self.timeout_s, stmt[:300]))
        for (func, state, msg, why), k in sorted(self.known.items()):
            print('  known (%dx): %s: %s %s -- %s' % (k, func, state, msg, why))
        # One line per function and message (the reproducers of all are in
        # the findings file).
        seen = set()
        for what, stmt in self.findings:
            key = (function_of(stmt), re.sub(r'\d+', 'N', what)[:120])
            if key in seen:
                continue
            seen.add(key)
            print('  finding: %s\n    %s' % (what, stmt[:400]))
        self.findings_file.close()


def q(s):
    """A SQL string literal."""
    return "'" + s.replace("'", "''") + "'"


# ---- the catalogue ----------------------------------------------------------

def catalogue(conn):
    cur = conn.cursor()
    cur.execute("""
        SELECT p.oid, quote_ident(n.nspname) || '.' || quote_ident(p.proname),
               p.prokind, p.proretset, p.pronargdefaults, p.provariadic <> 0,
               coalesce(a.aggkind, ''),
               ARRAY(SELECT format_type(t, NULL) FROM unnest(p.proargtypes) AS t),
               format_type(p.prorettype, NULL), p.proparallel,
               coalesce(a.aggcombinefn <> 0, false)
        FROM pg_proc AS p
        JOIN pg_namespace AS n ON n.oid = p.pronamespace
        LEFT JOIN pg_aggregate AS a ON a.aggfnoid = p.oid
        WHERE n.nspname = ANY (%s)
        ORDER BY 2, p.oid""", (SCHEMAS,))
    funcs = []
    for (oid, name, kind, retset, ndef, variadic, aggkind, args, ret, par, combine) in cur.fetchall():
        funcs.append(dict(oid=oid, name=name, kind=kind, retset=retset, ndef=ndef,
                          variadic=variadic, aggkind=aggkind, args=list(args), ret=ret,
                          parallel=par, combine=combine))
    conn.rollback()
    return funcs


def extension_types(conn):
    """The types that are members of the extension: base, composite, enum, domain."""
    cur = conn.cursor()
    cur.execute("""
        SELECT format_type(t.oid, NULL), t.typtype, t.typsend::regproc::text,
               t.typarray <> 0
        FROM pg_type AS t
        JOIN pg_depend AS d ON d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e'
        JOIN pg_extension AS e ON e.oid = d.refobjid AND e.extname = 'employment_kpi'
        ORDER BY 1""")
    rows = cur.fetchall()
    conn.rollback()
    return rows


# ---- values per type --------------------------------------------------------

class Values:
    """Sane and hostile SQL expressions per type name (format_type spelling)."""

    def __init__(self, conn):
        self.conn = conn
        cur = conn.cursor()
        # Dates inside the demo data: its first and last day and the middle.
        cur.execute("""SELECT s::text, e::text, (s + (e - s) / 2)::text
                       FROM employment_kpi.data_start() AS s, employment_kpi.data_end() AS e""")
        start, end, mid = cur.fetchone()
        conn.rollback()
        dates = [start, end, mid]
        self.samples = collections.defaultdict(list)  # valid values of extension types, as text
        self.words = self._harvest_words(cur)
        self.roles = ['postgres']
        self.sane = {
            'integer': ['26', '4', '1', '13', '52', '3'],
            'smallint': ['1', '26'],
            'bigint': ['26', '4', '1', '100', '5'],
            'numeric': ['0.9', '1', '80', '0.5'],
            'double precision': ['0.5', '26', '0.95', '1', '3', '0.05', '0.975'],
            'boolean': ['true', 'false'],
            'date': [q(d) for d in dates] + [q(start) + "::date + 7", q(end) + "::date - 28"],
            'text': [q(w) for w in self.words],
            'name': ["'postgres'", "'employment_kpi_reader'"],
            'regclass': ["'pg_class'", "'fuzz_staging'", "'fuzz_empty'"],
            'bytea': [],
            'cstring': [q(w) for w in self.words[:5]],
        }
        self.hostile = {
            'integer': ['NULL', '-1', '0', '2147483647', '-2147483648', '100000'],
            'smallint': ['NULL', '-1', '0', '32767', '-32768'],
            'bigint': ['NULL', '-1', '0', '9223372036854775807', '-9223372036854775808'],
            'numeric': ['NULL', "'NaN'", "'Infinity'", "'-Infinity'", '-1', '0', '1e1000'],
            'double precision': ['NULL', "'NaN'", "'Infinity'", "'-Infinity'", '1e308', '-1e308',
                                 '-1', '0', '5e-324', '1e-308'],
            'boolean': ['NULL'],
            'date': ['NULL', "'infinity'", "'-infinity'", "'0001-01-01'", "'9999-12-31'",
                     "'4713-01-01 BC'", "'2025-01-06 BC'", "'5874897-12-31'", "'2000-02-29'"],
            'text': ['NULL', "''", "repeat('x', 1000000)", "'NaN'", "'0101901234'",
                     "'010190-1234'", "E'\\u00e6\\u00f8\\u00e5 \\u2013'", "'%s%n%x'", "''''",
                     "repeat('ab,', 5000)", "' '"],
            'name': ['NULL', "''", "repeat('n', 63)", "'no_such_role'", "'public'"],
            'regclass': ['NULL', "'employment_kpi_internal.citizen'", '0'],
            'bytea': ['NULL', "'\\x'", "'\\x00'", "'\\xffffffff'", "decode(repeat('ff', 100000), 'hex')",
                      "'\\x0100000001000000'"],
            'cstring': ['NULL', "''", "'v1:{'", "'v1:{}'", "'{'", "repeat('9', 100000)"],
        }

    def validate(self):
        """Drop the expressions that are not a value of their type here (a
        table that does not exist, a date this build cannot hold): a call
        must fail in the function, not in its argument list."""
        cur = self.conn.cursor()
        for pool in (self.sane, self.hostile):
            for typ, exprs in pool.items():
                keep = []
                for e in exprs:
                    try:
                        cur.execute('SELECT (%s)::%s' % (e, typ))
                        keep.append(e)
                    except psycopg2.Error:
                        pass
                    self.conn.rollback()
                pool[typ] = keep

    def _harvest_words(self, cur):
        """Short text values of the demo data (team codes, kinds, levels ...)."""
        cur.execute("""
            SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname), quote_ident(a.attname)
            FROM pg_attribute AS a JOIN pg_class AS c ON c.oid = a.attrelid
            JOIN pg_namespace AS n ON n.oid = c.relnamespace
            WHERE n.nspname IN ('employment_kpi', 'employment_kpi_internal') AND c.relkind IN ('r', 'm')
              AND a.attnum > 0 AND NOT a.attisdropped AND a.atttypid = 'text'::regtype""")
        words = {'month', 'week', 'quarter', 'year', 'municipality', 'team', 'group', 'caseworker', 'full'}
        for rel, col in cur.fetchall():
            try:
                cur.execute("SELECT DISTINCT %s FROM %s WHERE length(%s) < 40 LIMIT 3" % (col, rel, col))
                words.update(r[0] for r in cur.fetchall() if r[0] is not None)
            except psycopg2.Error:
                pass
            self.conn.rollback()
        return sorted(words)[:200]

    def element(self, typ):
        return typ[:-2] if typ.endswith('[]') else None

    def pick(self, typ, hostile_p):
        """One SQL expression of type typ (cast to it)."""
        return '(%s)::%s' % (self.raw(typ, hostile_p), typ)

    def raw(self, typ, hostile_p):
        el = self.element(typ)
        if el is not None:
            return self.array(el, hostile_p)
        if typ in self.composites:
            return self.composite(typ, hostile_p)
        sane = self.sane.get(typ, []) + [q(s) for s in self.samples.get(typ, [])]
        hostile = self.hostile.get(typ, ['NULL'])
        if sane and rng.random() >= hostile_p:
            return rng.choice(sane)
        return rng.choice(hostile)

    def array(self, el, hostile_p):
        if rng.random() < hostile_p:
            r = rng.random()
            if r < 0.15:
                return 'NULL'
            if r < 0.3:
                return "'{}'"
            if r < 0.45:
                return 'ARRAY[NULL::%s]' % el
            if r < 0.6:
                a, b = self.pick(el, 0), self.pick(el, 0)
                return 'ARRAY[[%s, %s], [%s, %s]]' % (a, b, b, a)
            if r < 0.7:
                return 'array_fill(%s, ARRAY[%d])' % (self.pick(el, 0), HUGE)
            if r < 0.8:
                return "array_fill(%s, ARRAY[2], ARRAY[-5])" % self.pick(el, 0)
            return 'ARRAY[%s]' % ', '.join(self.pick(el, 0.7) for _ in range(rng.randint(1, 6)))
        return 'ARRAY[%s]' % ', '.join(self.pick(el, 0) for _ in range(rng.randint(1, 4)))

    def composite(self, typ, hostile_p):
        if rng.random() < hostile_p * 0.3:
            return 'NULL'
        return 'ROW(%s)' % ', '.join(self.pick(t, hostile_p / 2) for t in self.composites[typ])

    def load_composites(self):
        self.validate()
        cur = self.conn.cursor()
        cur.execute("""
            SELECT format_type(t.oid, NULL),
                   ARRAY(SELECT format_type(a.atttypid, NULL) FROM pg_attribute AS a
                         WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped
                         ORDER BY a.attnum)
            FROM pg_type AS t JOIN pg_namespace AS n ON n.oid = t.typnamespace
            WHERE t.typtype = 'c' AND n.nspname LIKE 'employment_kpi%%'""")
        self.composites = {r[0]: list(r[1]) for r in cur.fetchall()}
        self.conn.rollback()


def call_statement(f, vals, hostile_p):
    """A statement calling function or aggregate f with generated arguments."""
    args = f['args']
    n = len(args)
    if f['ndef'] and rng.random() < 0.3:
        n -= rng.randint(1, f['ndef'])
    if f['kind'] == 'a':
        nrows = rng.choice([0, 1, 2, 5, 30])
        if nrows == 0:
            src = '(SELECT %s WHERE false) AS v(%s)' % (
                ', '.join('%s' % vals.pick(t, 0) for t in args), ', '.join('c%d' % i for i in range(len(args))))
        else:
            rows = ['(%s)' % ', '.join(vals.pick(t, hostile_p) for t in args) for _ in range(nrows)]
            src = '(VALUES %s) AS v(%s)' % (', '.join(rows), ', '.join('c%d' % i for i in range(len(args))))
        return 'SELECT %s(%s)::text FROM %s' % (f['name'], ', '.join('c%d' % i for i in range(len(args))), src)
    parts = [vals.pick(t, hostile_p) for t in args[:n]]
    if f['variadic'] and n == len(args) and parts:
        parts[-1] = 'VARIADIC ' + parts[-1]
    call = '%s(%s)' % (f['name'], ', '.join(parts))
    if f['kind'] == 'p':
        return 'CALL ' + call
    if f['retset']:
        return 'SELECT * FROM %s LIMIT 200' % call
    return 'SELECT %s' % call


def stopped(runner, budget):
    return '' if runner.calls >= budget else ' (stopped by FUZZ_SECONDS before the budget of %d)' % budget


def callable_function(f):
    # internal, trigger, event_trigger, any* and cstring-returning I/O helpers
    # that take internal cannot be called from SQL with a value.
    bad = {'internal', 'trigger', 'event_trigger', 'language_handler', '"any"', 'anyelement'}
    return f['kind'] in ('f', 'a', 'p') and not (set(f['args']) & bad) and f['aggkind'] in ('', 'n')


def harvest(runner, funcs, vals, ext_types):
    """Valid values of the extension's types: what its functions return for sane arguments."""
    wanted = {t[0] for t in ext_types}
    for _ in range(3):
        for f in funcs:
            if f['ret'] not in wanted or f['retset'] or not callable_function(f):
                continue
            if f['args'] == ['cstring'] or f['args'] == ['bytea']:
                continue
            for _ in range(6):
                stmt = call_statement(f, vals, 0.0)
                if f['kind'] != 'a':
                    stmt = 'SELECT (%s)::text' % stmt[len('SELECT '):]
                rows, state = runner.run(stmt)
                if rows and rows[0][0] is not None and len(vals.samples[f['ret']]) < 40:
                    vals.samples[f['ret']].append(rows[0][0])
    for t, s in vals.samples.items():
        vals.samples[t] = sorted(set(s))
    # Binary forms of the samples feed the bytea arguments.
    cur = runner.conn.cursor()
    for typ, _, send, _ in ext_types:
        for s in vals.samples.get(typ, [])[:5]:
            try:
                cur.execute('SELECT %s(%s::%s)' % (send, q(s), typ))
                vals.sane['bytea'].append("'\\x%s'" % bytes(cur.fetchone()[0]).hex())
            except psycopg2.Error:
                pass
            runner.conn.rollback()


def setup(conn):
    cur = conn.cursor()
    cur.execute("""
        CREATE TABLE IF NOT EXISTS fuzz_empty (id text);
        CREATE TABLE IF NOT EXISTS fuzz_staging (id text, code text, name text, team_code text,
            valid_from text, valid_to text, start_date text, end_date text, cost_dkk text, kind text);
        TRUNCATE fuzz_staging;
        INSERT INTO fuzz_staging VALUES
            ('x', 'T1', 'n', 'T1', 'today', 'infinity', '2025-01-06 BC', '01-02-2025', 'Infinity', 'k'),
            (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'NaN', NULL),
            ('010203 1234', '', repeat('y', 100000), 'T9', '0001-01-01', '9999-12-31', 'epoch', 'allballs', '1e308', '');""")
    conn.commit()


def part_calls(budget):
    conn = connect()
    setup(conn)
    funcs = [f for f in catalogue(conn) if callable_function(f)]
    skipped = len(catalogue(conn)) - len(funcs)
    ext_types = extension_types(conn)
    vals = Values(conn)
    vals.load_composites()
    runner = Runner('calls')
    harvest(runner, funcs, vals, ext_types)
    runner.calls = runner.ok = 0
    runner.states.clear()
    i = 0
    while runner.calls < budget and time.monotonic() < DEADLINE:
        f = funcs[i % len(funcs)]
        i += 1
        # Half of the calls are sane but for one or two positions, half
        # hostile anywhere.
        hostile_p = rng.choice([0.0, 0.15, 0.3, 0.6, 1.0])
        runner.run(call_statement(f, vals, hostile_p))
    runner.summary(', %d functions and aggregates (%d not callable from SQL: internal arguments)%s'
                   % (len(funcs), skipped, stopped(runner, budget)))
    return runner


# ---- malformed input of the extension's types -------------------------------

INTERESTING32 = [0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffffe, 0x10000, 0x40000000]
INTERESTING64 = [struct.pack('>d', x) for x in (float('nan'), float('inf'), -float('inf'), 1e308, -1.0, 0.0, 5e-324)]


def mutate_bytes(b):
    b = bytearray(b)
    r = rng.random()
    if not b or r < 0.1:
        return bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 64)))
    if r < 0.35:
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(b))
            b[i] ^= 1 << rng.randrange(8)
        return bytes(b)
    if r < 0.55:
        return bytes(b[:rng.randrange(len(b))])
    if r < 0.7 and len(b) >= 4:
        i = rng.randrange(0, len(b) - 3)
        b[i:i + 4] = struct.pack('>I', rng.choice(INTERESTING32))
        return bytes(b)
    if r < 0.8 and len(b) >= 8:
        i = rng.randrange(0, len(b) - 7)
        b[i:i + 8] = rng.choice(INTERESTING64)
        return bytes(b)
    if r < 0.9:
        i = rng.randrange(len(b))
        j = rng.randrange(i, len(b) + 1)
        return bytes(b[:j] + b[i:j] + b[j:])
    return bytes(b + bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 16))))


TEXT_TOKENS = ['NaN', 'Infinity', '-Infinity', '-1', '0', '1e308', '9223372036854775807',
               '99999999999999999999', '', ':', ',', '{', '}', '"', '\\', ' ', 'v0', 'v2', 'v1:', '1e-400']


def mutate_text(s):
    r = rng.random()
    if not s or r < 0.1:
        return ''.join(chr(rng.choice([rng.randint(1, 127), rng.randint(128, 0x2fff)]))
                       for _ in range(rng.randint(0, 40)))
    if r < 0.3:
        b = bytearray(s.encode())
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(b))
            b[i] ^= 1 << rng.randrange(7)
        return b.replace(b'\0', b'').decode('utf-8', 'replace')
    if r < 0.45:
        return s[:rng.randrange(len(s))]
    if r < 0.75:
        # Replace a number with an interesting token.
        nums = list(re.finditer(r'-?\d+(\.\d+)?', s))
        if nums:
            m = rng.choice(nums)
            return s[:m.start()] + rng.choice(TEXT_TOKENS) + s[m.end():]
    if r < 0.85:
        i = rng.randrange(len(s))
        j = rng.randrange(i, len(s) + 1)
        return s[:j] + s[i:j] * rng.randint(1, 50) + s[j:]
    i = rng.randrange(len(s) + 1)
    return s[:i] + rng.choice(TEXT_TOKENS) + s[i:]


def copy_binary(raw):
    """A COPY BINARY stream of one row with one field holding raw."""
    return (b'PGCOPY\n\xff\r\n\x00' + struct.pack('>ii', 0, 0) +
            struct.pack('>hi', 1, len(raw)) + raw + struct.pack('>h', -1))


def part_inputs(budget):
    conn = connect()
    setup(conn)
    funcs = [f for f in catalogue(conn) if callable_function(f)]
    ext_types = extension_types(conn)
    vals = Values(conn)
    vals.load_composites()
    runner = Runner('inputs')
    harvest(runner, funcs, vals, ext_types)
    for typ, _, _, _ in ext_types:
        if not vals.samples.get(typ):
            for _ in range(5):
                vals.samples[typ].append(None)
    runner.calls = runner.ok = 0
    runner.states.clear()
    # Per type: a table to COPY into, its send function, valid text and binary samples.
    cur = conn.cursor()
    targets = []
    for k, (typ, _, send, has_array) in enumerate(ext_types):
        texts = []
        for s in vals.samples.get(typ, []):
            if s is None:
                cur.execute('SELECT (%s)::text' % vals.pick(typ, 0))
                s = cur.fetchone()[0]
            if s is not None:
                texts.append(s)
        binaries = []
        for s in texts[:20]:
            cur.execute('SELECT %s(%s::%s)' % (send, q(s), typ))
            binaries.append(bytes(cur.fetchone()[0]))
        cur.execute('DROP TABLE IF EXISTS fuzz_in_%d; CREATE TABLE fuzz_in_%d (v %s)' % (k, k, typ))
        consumers = [f for f in funcs if typ in f['args'] and f['kind'] == 'f' and not f['retset']]
        targets.append((k, typ, send, has_array, texts or [''], binaries or [b''], consumers))
    conn.commit()
    while runner.calls < budget and time.monotonic() < DEADLINE:
        k, typ, send, has_array, texts, binaries, consumers = rng.choice(targets)
        if rng.random() < 0.5:
            s = mutate_text(rng.choice(texts))
            if rng.random() < 0.2 and has_array:
                # The array input calls the element input once per element.
                rows, state = runner.run('SELECT (%s::%s[])::text' % (q('{%s,%s}' % (s, rng.choice(texts))), typ),
                                         allowed_xx=('XX001',), raw_check=False)
                continue
            rows, state = runner.run('SELECT (%s::%s)::text' % (q(s), typ), allowed_xx=('XX001',), raw_check=False)
            if rows and rows[0][0] is not None:
                again, _ = runner.run('SELECT (%s::%s)::text' % (q(rows[0][0]), typ))
                if again is not None and again[0][0] != rows[0][0]:
                    runner.finding('SELECT (%s::%s)::text' % (q(s), typ),
                                   'text round trip differs: %r then %r' % (rows[0][0], again[0][0]))
                accepted = rows[0][0]
            else:
                continue
        else:
            raw = mutate_bytes(rng.choice(binaries))
            stmt = 'COPY fuzz_in_%d (v) FROM STDIN (FORMAT binary)' % k
            rows, state = runner.run(stmt, copy_data=copy_binary(raw), allowed_xx=('XX001',), raw_check=False)
            if state is not None:
                continue
            # Accepted: read it back through the output and send functions
            # (the COPY above was rolled back: again, in one transaction).
            got = copy_and_read(runner, k, typ, send, raw)
            if got is None:
                continue
            accepted = got
        # Feed the accepted value to a function that takes the type.
        if consumers and accepted is not None:
            f = rng.choice(consumers)
            parts = [('%s::%s' % (q(accepted), t)) if t == typ else vals.pick(t, 0.1) for t in f['args']]
            runner.run('SELECT %s(%s)' % (f['name'], ', '.join(parts)))
    runner.summary(', %d types: %s%s' % (len(targets), ' '.join(t[1] for t in targets), stopped(runner, budget)))
    return runner


def copy_and_read(runner, k, typ, send, raw):
    """COPY raw into the type's table and read it back as text, in one rolled-back transaction."""
    runner.calls += 1
    cur = runner.conn.cursor()

    stmt = 'COPY fuzz_in_%d (v) FROM STDIN (FORMAT binary)' % k
    try:
        cur.execute("SET LOCAL statement_timeout = %s", (TIMEOUT,))
        cur.copy_expert(stmt, io.BytesIO(copy_binary(raw)))
        cur.execute('SELECT v::text, %s(v) FROM fuzz_in_%d' % (send, k))
        text, again = cur.fetchone()
        runner.conn.rollback()
        runner.ok += 1
        return text
    except psycopg2.Error as e:
        state = e.pgcode
        if state is None or runner.conn.closed:
            runner.crashes += 1
            runner.finding('-- COPY BINARY into a %s column of bytes %s' % (typ, raw.hex()), 'lost connection')
            wait_for_server()
            runner.conn = connect()
            return None
        runner.states[state] += 1
        runner.conn.rollback()
        if state.startswith('XX'):
            runner.finding('-- COPY BINARY into a %s column of bytes %s' % (typ, raw.hex()),
                           'accepted by receive, then %s %s' % (state, e.diag.message_primary))
        return None


# ---- forced-parallel against serial ------------------------------------------

def array_literal(texts):
    return '{%s}' % ','.join('"%s"' % s.replace('\\', '\\\\').replace('"', '\\"') for s in texts)


def part_parallel(nrows):
    conn = connect()
    setup(conn)
    funcs = catalogue(conn)
    aggs = [f for f in funcs if f['kind'] == 'a' and callable_function(f)]
    ext_types = extension_types(conn)
    vals = Values(conn)
    vals.load_composites()
    runner = Runner('parallel')
    harvest(runner, [f for f in funcs if callable_function(f)], vals, ext_types)
    runner.calls = runner.ok = 0
    runner.states.clear()
    # One column per argument type the aggregates take, filled
    # deterministically from the row number.
    gen = {
        'integer': '((i::bigint * 7919) % 400)::int',
        'bigint': '(i::bigint * 7919) % 37',
        'double precision': '((i::bigint * 7919) % 1000) / 10.0',
        'boolean': '(i::bigint * 31) % 3 = 0',
        'text': "'s' || ((i::bigint * 13) % 7)",
    }
    types = sorted({t for f in aggs for t in f['args']})
    cols, exprs = [], []
    for n, t in enumerate(types):
        if t in gen:
            e = gen[t]
        elif vals.samples.get(t):
            e = '(%s::%s[])[1 + (i %% %d)]' % (q(array_literal(vals.samples[t])), t, len(vals.samples[t]))
        else:
            e = 'NULL::%s' % t
        cols.append(('c%d' % n, t))
        exprs.append(e)
    cur = conn.cursor()
    cur.execute('DROP TABLE IF EXISTS fuzz_parallel')
    cur.execute('CREATE TABLE fuzz_parallel (i int, %s)' % ', '.join('%s %s' % c for c in cols))
    cur.execute('INSERT INTO fuzz_parallel SELECT i, %s FROM generate_series(1, %d) AS i'
                % (', '.join(exprs), nrows))
    cur.execute('ANALYZE fuzz_parallel')
    conn.commit()
    colof = {t: c for c, t in cols}
    cur.execute("SELECT name FROM pg_settings WHERE name IN ('debug_parallel_query', 'force_parallel_mode')")
    force = cur.fetchone()[0]
    conn.rollback()
    serial = ['SET LOCAL max_parallel_workers_per_gather = 0']
    parallel = ['SET LOCAL parallel_setup_cost = 0', 'SET LOCAL parallel_tuple_cost = 0',
                'SET LOCAL min_parallel_table_scan_size = 0', 'SET LOCAL max_parallel_workers_per_gather = 4',
                'SET LOCAL %s = on' % force]
    old_timeout = TIMEOUT
    checked = 0
    differ = 0
    partial = 0
    for f in aggs:
        call = '%s(%s)' % (f['name'], ', '.join(colof[t] for t in f['args']))
        for shape in ('SELECT {}::text FROM fuzz_parallel',
                      'SELECT i % 10 AS g, {}::text FROM fuzz_parallel GROUP BY 1 ORDER BY 1'):
            stmt = shape.format(call)
            globals()['TIMEOUT'] = '600s'
            a, sa = runner.run(stmt, setup=serial)
            b, sb = runner.run(stmt, setup=parallel)
            plan, _ = runner.run('EXPLAIN (COSTS off) ' + stmt, setup=parallel)
            globals()['TIMEOUT'] = old_timeout
            checked += 1
            if plan and any('Partial Aggregate' in r[0] for r in plan):
                partial += 1
            if sa != sb or a != b:
                differ += 1
                runner.finding('BEGIN; %s; %s' % ('; '.join(parallel), stmt),
                               'forced parallel differs from serial: %s vs %s'
                               % (str(b)[:200] if sb is None else sb, str(a)[:200] if sa is None else sa))
    runner.summary(', %d aggregates on %d rows, %d comparisons (%d with a Partial Aggregate plan), %d differ'
                   % (len(aggs), nrows, checked, partial, differ))
    return runner


def main():
    part, budget = sys.argv[1], int(sys.argv[2])
    r = {'calls': part_calls, 'inputs': part_inputs, 'parallel': part_parallel}[part](budget)
    sys.exit(1 if r.findings else 0)


if __name__ == '__main__':
    main()
