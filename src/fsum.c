/*-------------------------------------------------------------------------
 * fsum.c
 *	  fsum(float8): the correctly rounded sum of float8 values, whatever the
 *	  order in which they arrive.
 *
 *	  Why: PostgreSQL's sum(float8) adds in arrival order, so the last bits
 *	  of a sum depend on the plan (hash or sort, parallel workers, the range
 *	  of rows a query happens to read).  The expected counts of the
 *	  scorecards are such sums; the BI layer recomputes a few recent weeks
 *	  and must get bit for bit what a full rebuild gets, and a Citus or
 *	  parallel plan must get what a serial one gets.  A correctly rounded
 *	  sum is a function of the multiset of inputs only.
 *
 *	  How: the running total is kept exactly, as a short list of
 *	  non-overlapping float8 "partials" in increasing magnitude whose exact
 *	  sum is the exact sum of the inputs (Shewchuk 1997, "Adaptive precision
 *	  floating-point arithmetic and fast robust geometric predicates",
 *	  Discrete Comput Geom 18:305-363, the grow-expansion step).  Adding x
 *	  walks the list with the error-free two-sum: hi = x + p, lo = the exact
 *	  rounding error of that addition; non-zero errors stay in the list and
 *	  hi moves on.  The final function rounds the exact sum once to the
 *	  nearest float8 (ties to even), looking at the next partial to settle
 *	  half-way cases.  Partials of non-overlapping doubles cannot exceed a
 *	  few dozen (the exponent range over the 53-bit mantissa), so the state
 *	  has a fixed capacity and is updated in place in the aggregate.
 *
 *	  The state is a plain float8[] so that the aggregate is combinable,
 *	  parallel safe and distributable (its text form round-trips exactly):
 *	    [0] format version (1)
 *	    [1] n, the number of partials in use
 *	    [2 .. 2 + FSUM_CAPACITY - 1] the partials, increasing magnitude,
 *	        unused slots zero.
 *	  NaN and infinite inputs are refused (an expected count cannot be
 *	  either), and so is an intermediate overflow.
 *-------------------------------------------------------------------------
 */
#include "compat.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/array.h"

#include "float8_array.h"

PG_FUNCTION_INFO_V1(ekpi_fsum_accum);
PG_FUNCTION_INFO_V1(ekpi_fsum_combine);
PG_FUNCTION_INFO_V1(ekpi_fsum_final);

#define FSUM_VERSION 1.0
#define FSUM_HEADER 2
/* non-overlapping doubles span at most (2098 / 53) + 1 < 48 partials */
#define FSUM_CAPACITY 64
#define FSUM_LEN (FSUM_HEADER + FSUM_CAPACITY)

/* Validate a state given by SQL and return its data. */
static double *
fsum_check(ArrayType *a)
{
	double	   *d;
	int			i,
				n;

	if (ARR_NDIM(a) != 1 || ARR_HASNULL(a) || ARR_ELEMTYPE(a) != FLOAT8OID ||
		ArrayGetNItems(ARR_NDIM(a), ARR_DIMS(a)) != FSUM_LEN)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid fsum state: must be a float8 array of %d elements without NULLs",
						FSUM_LEN)));
	d = float8_array_data(a);
	if (d[0] != FSUM_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid fsum state: unknown format")));
	if (!(d[1] >= 0 && d[1] <= FSUM_CAPACITY && d[1] == floor(d[1])))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid fsum state: bad number of partials")));
	n = (int) d[1];
	for (i = 0; i < n; i++)
	{
		double		p = d[FSUM_HEADER + i];

		CHECK_FOR_INTERRUPTS();

		/* partials are finite and non-zero; anything else was not made here */
		if (!isfinite(p) || p == 0.0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid fsum state: partial %d is %g", i, p)));
	}
	return d;
}

static ArrayType *
fsum_new(void)
{
	ArrayType  *a = float8_array_new(FSUM_LEN);

	float8_array_data(a)[0] = FSUM_VERSION;
	return a;
}

/*
 * Add x exactly to the partials d[FSUM_HEADER .. + d[1]).  The two-sum
 * (hi, lo) of x and a partial p with |x| >= |p| is exact: x + p = hi + lo.
 */
static void
fsum_add(double *d, double x)
{
	double	   *p = d + FSUM_HEADER;
	int			n = (int) d[1];
	int			i,
				kept = 0;

	for (i = 0; i < n; i++)
	{
		double		y = p[i],
					hi,
					lo;

		if (fabs(x) < fabs(y))
		{
			double		t = x;

			x = y;
			y = t;
		}
		hi = x + y;
		lo = y - (hi - x);
		if (lo != 0.0)
			p[kept++] = lo;
		x = hi;
	}
	if (!isfinite(x))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("fsum overflow: the sum is out of the range of double precision")));
	if (x != 0.0)
	{
		if (kept >= FSUM_CAPACITY)	/* cannot happen, see FSUM_CAPACITY */
			elog(ERROR, "fsum: too many partials");
		p[kept++] = x;
	}
	/* keep unused slots zero: equal sums give equal states */
	for (i = kept; i < n; i++)
		p[i] = 0.0;
	d[1] = (double) kept;
}

/* fsum_accum(state float8[], x float8): add x. */
Datum
ekpi_fsum_accum(PG_FUNCTION_ARGS)
{
	ArrayType  *state;
	double		x;

	if (PG_ARGISNULL(0))
		state = fsum_new();
	else if (AggCheckCallContext(fcinfo, NULL))
		state = PG_GETARG_ARRAYTYPE_P(0);	/* ours to change in place */
	else
		state = PG_GETARG_ARRAYTYPE_P_COPY(0);
	if (!PG_ARGISNULL(0))
		fsum_check(state);
	/* like sum(): NULL inputs are skipped */
	if (PG_ARGISNULL(1))
		PG_RETURN_ARRAYTYPE_P(state);
	x = PG_GETARG_FLOAT8(1);
	if (!isfinite(x))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("fsum input must be finite, got %g", x)));
	fsum_add(float8_array_data(state), x);
	PG_RETURN_ARRAYTYPE_P(state);
}

/* fsum_combine(a, b): the exact sum of both. */
Datum
ekpi_fsum_combine(PG_FUNCTION_ARGS)
{
	ArrayType  *r;
	double	   *db;
	int			i,
				nb;

	if (PG_ARGISNULL(0) && PG_ARGISNULL(1))
		PG_RETURN_NULL();
	r = fsum_new();
	if (!PG_ARGISNULL(0))
	{
		ArrayType  *a = PG_GETARG_ARRAYTYPE_P(0);

		memcpy(float8_array_data(r), fsum_check(a), sizeof(double) * FSUM_LEN);
	}
	if (!PG_ARGISNULL(1))
	{
		db = fsum_check(PG_GETARG_ARRAYTYPE_P(1));
		nb = (int) db[1];
		for (i = 0; i < nb; i++)
			fsum_add(float8_array_data(r), db[FSUM_HEADER + i]);
	}
	PG_RETURN_ARRAYTYPE_P(r);
}

/*
 * fsum_final(state) -> float8: the exact sum rounded once to the nearest
 * double, ties to even.  Adding the partials from the largest down is exact
 * until the first addition that rounds; that rounding is correct unless it
 * was a tie and the partials below push the exact value off the half-way
 * point, which the last step checks.  NULL state (no rows) gives NULL, like
 * sum(); a state with no partials gives 0.
 */
Datum
ekpi_fsum_final(PG_FUNCTION_ARGS)
{
	double	   *d;
	double	   *p;
	int			n;
	double		hi = 0.0,
				lo = 0.0;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	d = fsum_check(PG_GETARG_ARRAYTYPE_P(0));
	p = d + FSUM_HEADER;
	n = (int) d[1];
	if (n == 0)
		PG_RETURN_FLOAT8(0.0);
	hi = p[--n];
	while (n > 0)
	{
		double		x = hi,
					y = p[--n];

		hi = x + y;
		lo = y - (hi - x);
		if (lo != 0.0)
			break;
	}

	/*
	 * hi + lo is exact; if lo is exactly half an ulp of hi (a tie that
	 * rounded to even) and the next partial has the same sign as lo, the
	 * true sum lies beyond the half-way point: round away.
	 */
	if (n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0)))
	{
		double		y = 2.0 * lo,
					x = hi + y;

		if (y == x - hi)
			hi = x;
	}
	PG_RETURN_FLOAT8(hi);
}
