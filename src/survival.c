/*-------------------------------------------------------------------------
 * survival.c
 *	  The "survival" summary type: allocation, validation, normalisation to
 *	  canonical form, and its text and binary I/O.
 *
 *	  Text form (version 1):   v1:{time:events:censored,...}
 *	  e.g. 'v1:{1:2:0,3.5:1:1}'; the empty summary is 'v1:{}'.  Times are
 *	  printed in the shortest form that reads back to the same float8, so
 *	  text round-trips exactly (independently of extra_float_digits).
 *
 *	  Binary form (version 1): byte version, int32 row count, then per row
 *	  float8 time, int64 events, int64 censored (network byte order).
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <ctype.h>
#include <math.h>

#include "common/int.h"
#include "common/shortest_dec.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/builtins.h"

#include "survival.h"
#define TYPEIO_TYPE_NAME "survival"
#define TYPEIO_ITEM "row"
#define TYPEIO_ITEMS "rows"
#include "typeio.h"

PG_FUNCTION_INFO_V1(survival_in);
PG_FUNCTION_INFO_V1(survival_out);
PG_FUNCTION_INFO_V1(survival_recv);
PG_FUNCTION_INFO_V1(survival_send);
PG_FUNCTION_INFO_V1(survival_from_bytea);

/* Allocate a zeroed value with room for "capacity" rows (in CurrentMemoryContext). */
Survival *
survival_alloc(int32 capacity)
{
	Survival   *s;

	if (capacity < 0 || capacity > SURVIVAL_MAX_ROWS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("survival summary would exceed %d distinct times",
						SURVIVAL_MAX_ROWS)));
	s = (Survival *) palloc0(SURVIVAL_SIZE(capacity));
	SET_VARSIZE(s, SURVIVAL_SIZE(capacity));
	s->hdr.version = SURVIVAL_VERSION;
	return s;
}

/* The error raised by survival_check_header (survival.h). */
void
survival_header_error(const Survival *s)
{
	if (VARSIZE(s) < SURVIVAL_HDRSZ)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("corrupted survival summary"),
				 errdetail("size %zu is below the header size", (Size) VARSIZE(s))));
	ereport(ERROR,
			(errcode(ERRCODE_DATA_CORRUPTED),
			 errmsg("corrupted survival summary"),
			 errdetail("size %zu, version %d, %d sorted and %d buffered rows",
					   (Size) VARSIZE(s), (int) s->hdr.version, s->hdr.nsorted, s->hdr.nbuf)));
}

/* The error of survival_add_count (kept out of line: it is on hot paths). */
void
survival_count_overflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("survival summary count out of range for bigint")));
}

static int
row_time_cmp(const void *a, const void *b)
{
	float8		ta = ((const SurvivalRow *) a)->time;
	float8		tb = ((const SurvivalRow *) b)->time;

	return (ta > tb) - (ta < tb);
}

/* Sort rows by time and merge equal times in place; returns the new count. */
int32
survival_sort_dedup(SurvivalRow *rows, int32 n)
{
	int32		i,
				m = 0;

	if (n <= 1)
		return n;
	qsort(rows, n, sizeof(SurvivalRow), row_time_cmp);
	for (i = 1; i < n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		if (rows[i].time == rows[m].time)
		{
			rows[m].nevent = survival_add_count(rows[m].nevent, rows[i].nevent);
			rows[m].ncensor = survival_add_count(rows[m].ncensor, rows[i].ncensor);
		}
		else
			rows[++m] = rows[i];
	}
	return m + 1;
}

/*
 * Merge two runs of rows with strictly increasing times into "out" (room for
 * na + nb rows, not overlapping the inputs), adding the counts of equal
 * times.  Returns the number of rows written.
 */
int32
survival_merge_rows(const SurvivalRow *a, int32 na,
					const SurvivalRow *b, int32 nb, SurvivalRow *out)
{
	int32		i = 0,
				j = 0,
				k = 0;

	while (i < na && j < nb)
	{
		CHECK_FOR_INTERRUPTS();
		if (a[i].time < b[j].time)
			out[k++] = a[i++];
		else if (b[j].time < a[i].time)
			out[k++] = b[j++];
		else
		{
			out[k].time = a[i].time;
			out[k].nevent = survival_add_count(a[i].nevent, b[j].nevent);
			out[k].ncensor = survival_add_count(a[i].ncensor, b[j].ncensor);
			k++, i++, j++;
		}
	}
	while (i < na)
		out[k++] = a[i++];
	while (j < nb)
		out[k++] = b[j++];
	return k;
}

static inline bool
survival_is_canonical(const Survival *s)
{
	return s->hdr.nbuf == 0 && VARSIZE(s) == SURVIVAL_SIZE(s->hdr.nsorted);
}

/*
 * Row-level check of a value before any output or accessor uses it (O(n),
 * like the work that follows): the sorted part must be strictly increasing,
 * every row finite, non-negative and not all-zero.
 */
static void
check_rows_sane(const Survival *s)
{
	int32		n = s->hdr.nsorted + s->hdr.nbuf;
	int32		i;

	for (i = 0; i < n; i++)
	{
		const SurvivalRow *r = &s->rows[i];

		CHECK_FOR_INTERRUPTS();

		if (isnan(r->time) || isinf(r->time) || r->time < 0 ||
			r->nevent < 0 || r->ncensor < 0 ||
			(r->nevent == 0 && r->ncensor == 0) ||
			(i > 0 && i < s->hdr.nsorted && !(r->time > s->rows[i - 1].time)))
			ereport(ERROR,
					(errcode(ERRCODE_DATA_CORRUPTED),
					 errmsg("corrupted survival summary"),
					 errdetail("invalid row %d", i + 1)));
	}
}

/*
 * The canonical (sorted, merged, compact) form of s: s itself when it is
 * already canonical, else a new value in CurrentMemoryContext.  Never
 * modifies s, which may be an aggregate's transition state.
 */
Survival *
survival_canonical(const Survival *s)
{
	Survival   *r;
	SurvivalRow *buf;
	int32		nb;

	survival_check_header(s);
	check_rows_sane(s);
	if (survival_is_canonical(s))
		return (Survival *) s;

	nb = s->hdr.nbuf;
	buf = (SurvivalRow *) palloc(Max(nb, 1) * sizeof(SurvivalRow));
	memcpy(buf, s->rows + s->hdr.nsorted, nb * sizeof(SurvivalRow));
	nb = survival_sort_dedup(buf, nb);

	r = survival_alloc(s->hdr.nsorted + nb);
	r->hdr.nsorted = survival_merge_rows(s->rows, s->hdr.nsorted, buf, nb, r->rows);
	SET_VARSIZE(r, SURVIVAL_SIZE(r->hdr.nsorted));
	pfree(buf);
	return r;
}

/* Detoast a function argument and return its canonical form. */
Survival *
survival_get_canonical(Datum d)
{
	return survival_canonical(DatumGetSurvivalP(d));
}

/* Number of observations (events + censored), erroring on int64 overflow. */
int64
survival_total(const Survival *s)
{
	int64		total = 0;
	int32		i;

	for (i = 0; i < s->hdr.nsorted + s->hdr.nbuf; i++)
	{
		CHECK_FOR_INTERRUPTS();
		total = survival_add_count(total, s->rows[i].nevent);
		total = survival_add_count(total, s->rows[i].ncensor);
	}
	return total;
}

/*
 * Validate decoded rows (shared by text and binary input): finite,
 * non-negative, strictly increasing times; non-negative counts; no row with
 * both counts zero; a total that fits in bigint.  Returns NULL when valid,
 * else a palloc'd description of the first problem.
 */
static char *
survival_rows_problem(const SurvivalRow *rows, int32 n)
{
	int64		total = 0;
	int32		i;

	for (i = 0; i < n; i++)
	{
		const SurvivalRow *r = &rows[i];

		CHECK_FOR_INTERRUPTS();

		if (isnan(r->time) || isinf(r->time))
			return psprintf("time %g of row %d is not finite", r->time, i + 1);
		if (r->time < 0)
			return psprintf("time %g of row %d is negative", r->time, i + 1);
		if (i > 0 && !(r->time > rows[i - 1].time))
			return psprintf("times are not strictly increasing at row %d", i + 1);
		if (r->nevent < 0 || r->ncensor < 0)
			return psprintf("negative count in row %d", i + 1);
		if (r->nevent == 0 && r->ncensor == 0)
			return psprintf("row %d has no events and no censored observations", i + 1);
		if (pg_add_s64_overflow(total, r->nevent, &total) ||
			pg_add_s64_overflow(total, r->ncensor, &total))
			return psprintf("total count out of range for bigint");
	}
	return NULL;
}

/* ---- text I/O ---------------------------------------------------------- */

/* One row of the text form, time:events:censored (a TextItemParser). */
static void
parse_row(const char **pp, const char *input, void *item, void *arg)
{
	SurvivalRow *row = (SurvivalRow *) item;
	const char *p = *pp;
	char	   *end;
	double		t;

	/* only plain decimal numbers: strtod would also take inf/nan/hex */
	if (!(isdigit((unsigned char) *p) || *p == '.'))
		text_error(input, "a time must be a non-negative decimal number");
	errno = 0;
	t = strtod(p, &end);
	/* ERANGE on a subnormal result is fine, as in float8in */
	if (end == p || (errno == ERANGE && (t == 0 || isinf(t))))
		text_error(input, "a time is not a valid float8");
	for (const char *q = p; q < end; q++)
		if (!(isdigit((unsigned char) *q) || *q == '.' || *q == 'e' ||
			  *q == 'E' || *q == '+' || *q == '-'))
			text_error(input, "a time must be a non-negative decimal number");
	p = skip_space(end);
	row->time = t;
	row->nevent = parse_colon_count(&p, input, "a time");
	row->ncensor = parse_colon_count(&p, input, "the event count");
	*pp = p;
}

Datum
survival_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	int32		n;
	SurvivalRow *rows = parse_v1_items(input, sizeof(SurvivalRow), SURVIVAL_MAX_ROWS,
									   parse_row, NULL, &n);
	Survival   *s;
	char	   *problem;

	if ((problem = survival_rows_problem(rows, n)) != NULL)
		text_error(input, problem);

	s = survival_alloc(n);
	s->hdr.nsorted = n;
	memcpy(s->rows, rows, n * sizeof(SurvivalRow));
	pfree(rows);
	PG_RETURN_SURVIVAL_P(s);
}

/* One row of the text form, the time in its shortest exact form (a TextItemPrinter). */
static void
print_row(StringInfo buf, const void *arg, int32 i)
{
	const SurvivalRow *row = &((const Survival *) arg)->rows[i];
	char		num[DOUBLE_SHORTEST_DECIMAL_LEN];

	double_to_shortest_decimal_buf(row->time, num);
	appendStringInfo(buf, "%s:" INT64_FORMAT ":" INT64_FORMAT,
					 num, row->nevent, row->ncensor);
}

Datum
survival_out(PG_FUNCTION_ARGS)
{
	Survival   *s = survival_get_canonical(PG_GETARG_DATUM(0));

	PG_RETURN_CSTRING(print_v1_items(s->hdr.nsorted, print_row, s));
}

/* ---- binary I/O -------------------------------------------------------- */

/* Decode the binary form in buf, consuming all of it. */
static Survival *
survival_decode(StringInfo buf)
{
	/* a row takes 24 bytes: float8 time, int64 events, int64 censored */
	int32		n = recv_header(buf, SURVIVAL_VERSION, SURVIVAL_MAX_ROWS, 24),
				i;
	Survival   *s;
	char	   *problem;

	if (buf->len - buf->cursor != n * 24)
		binary_error(psprintf("%d bytes of data for %d rows (expected %d)",
							  buf->len - buf->cursor, n, n * 24));
	s = survival_alloc(n);
	s->hdr.nsorted = n;
	for (i = 0; i < n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		s->rows[i].time = pq_getmsgfloat8(buf);
		s->rows[i].nevent = pq_getmsgint64(buf);
		s->rows[i].ncensor = pq_getmsgint64(buf);
	}
	if ((problem = survival_rows_problem(s->rows, s->hdr.nsorted)) != NULL)
		binary_error(problem);
	return s;
}

Datum
survival_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);

	PG_RETURN_SURVIVAL_P(survival_decode(buf));
}

/* One row of the binary form (a BinaryItemSender): float8 time, int64 events, int64 censored. */
static void
send_row(StringInfo buf, const void *arg, int32 i)
{
	const SurvivalRow *row = &((const Survival *) arg)->rows[i];

	pq_sendfloat8(buf, row->time);
	pq_sendint64(buf, row->nevent);
	pq_sendint64(buf, row->ncensor);
}

Datum
survival_send(PG_FUNCTION_ARGS)
{
	Survival   *s = survival_get_canonical(PG_GETARG_DATUM(0));

	PG_RETURN_BYTEA_P(send_items(SURVIVAL_VERSION, s->hdr.nsorted, send_row, s));
}

/* bytea -> survival: the binary receive path, for casts and tests. */
Datum
survival_from_bytea(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	bytea_as_message(PG_GETARG_BYTEA_PP(0), &buf);
	PG_RETURN_SURVIVAL_P(survival_decode(&buf));
}
