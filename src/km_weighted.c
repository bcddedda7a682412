/*-------------------------------------------------------------------------
 * km_weighted.c
 *	  The weighted Kaplan-Meier curve with log-type confidence limits:
 *	  km_weighted(times, events, totals, counts, conf).
 *
 *	  Input is one curve already summed per distinct time (in SQL: GROUP BY
 *	  time, then array_agg): events[i] = weighted events at times[i],
 *	  totals[i] = weighted observations (events and censored), counts[i] =
 *	  unweighted observations.  With r(t) = the weighted number at risk:
 *
 *	    S(t)      = exp(sum over event times u <= t of log(max(1 - d/r, 1e-300)))
 *	    se_log(t) = sqrt(sum over event times u <= t of d / (r (r - d)), 0 when r = d)
 *	    limits    = S exp(-/+ z se_log), clipped to [0, 1]
 *
 *	  The arithmetic is, operation for operation and in the same order, the
 *	  SQL formulation it replaces (src/sql/kpi/effects.sql, the comparison
 *	  arm's cmp_km and cmp_t/cmp_r/cmp_s): r is summed in descending time
 *	  order as sum(tot) OVER (ORDER BY dur DESC) adds, and S is exp of a
 *	  running sum of logs (not a running product), so the results are equal
 *	  to the last bit.  Where PostgreSQL's float8 operators would raise an
 *	  out-of-range error on extreme magnitudes (exp() or a product
 *	  underflowing to 0, d/(r (r - d)) overflowing), this code keeps the
 *	  IEEE results instead (S = 0, se_log = Infinity) and the limits clip to
 *	  [0, 1].  docs/survival.md documents the function.
 *
 *	  Compared with R's survfit(Surv(time, status) ~ 1, weights = w,
 *	  robust = FALSE) (test/fixtures/survival/make_weighted_fixtures.R):
 *	  surv, se_log (R's fit$std.err) and the limits agree, and w_risk is R's
 *	  (weighted) n.risk; n_risk is our unweighted count.  At a time where
 *	  every one at risk has the event (d = r) R reports S = 0 and NA limits;
 *	  the 1e-300 floor of the SQL gives S = 1e-300 S(t-) there instead.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <float.h>
#include <math.h>

#include "catalog/pg_type.h"
#include "common/int.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/memutils.h"
#include "utils/tuplestore.h"

#include "compat.h"
#include "distributions.h"

PG_FUNCTION_INFO_V1(km_weighted);

/* Floor of 1 - d/r inside the log, as in the SQL (greatest(..., 1e-300)). */
#define KMW_FLOOR 1e-300

/* Output columns. */
#define KMW_NATTS 8

/* One distinct time of the curve. */
typedef struct KmwRow
{
	double		time;
	double		event;			/* weighted events */
	double		total;			/* weighted observations */
	int64		count;			/* unweighted observations */
} KmwRow;

/*
 * The elements of a one-dimensional (or empty) array of the given type,
 * without NULLs: a pointer into the array's data (the elements of a
 * NULL-free array are contiguous and, for float8 and int8, aligned).
 */
static const void *
get_array(ArrayType *a, Oid elemtype, const char *what, int *n)
{
	if (ARR_ELEMTYPE(a) != elemtype)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("%s must be an array of %s", what,
						elemtype == FLOAT8OID ? "float8" : "bigint")));
	if (ARR_NDIM(a) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s must be a one-dimensional array, got %d dimensions",
						what, ARR_NDIM(a))));
	*n = ArrayGetNItems(ARR_NDIM(a), ARR_DIMS(a));
	if (array_contains_nulls(a))
	{
		bits8	   *bitmap = ARR_NULLBITMAP(a);
		int			i;

		for (i = 0; i < *n; i++)
			if (!(bitmap[i / 8] & (1 << (i % 8))))
				break;
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not contain NULL (element %d)", what, i + 1)));
	}
	/* ARR_DATA_PTR itself trips -Wsign-compare in the PostgreSQL 15 headers */
	return (const char *) a + (ARR_HASNULL(a) ? (Size) a->dataoffset
							   : (Size) ARR_OVERHEAD_NONULLS(ARR_NDIM(a)));
}

/* A weight (events or totals) must be finite and >= 0; NaN fails both tests. */
static inline void
check_weight(double v, const char *what, int i)
{
	if (!(v >= 0.0 && v <= DBL_MAX))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s[%d] must be finite and not negative, got %g", what, i, v)));
}

static int
cmp_time(const void *a, const void *b)
{
	double		x = ((const KmwRow *) a)->time;
	double		y = ((const KmwRow *) b)->time;

	return (x > y) - (x < y);
}

/*
 * km_weighted(times float8[], events float8[], totals float8[],
 *             counts bigint[], conf float8 DEFAULT 0.95)
 * One row per time with events > 0, in ascending time: time, n_risk
 * (unweighted number at risk), w_risk (weighted number at risk), n_event
 * (weighted events), surv, se_log (standard error of log S), lower, upper.
 * The four arrays are parallel, in any order; times must be distinct.
 */
Datum
km_weighted(PG_FUNCTION_ARGS)
{
	ArrayType  *tarr = PG_GETARG_ARRAYTYPE_P(0);
	ArrayType  *earr = PG_GETARG_ARRAYTYPE_P(1);
	ArrayType  *warr = PG_GETARG_ARRAYTYPE_P(2);
	ArrayType  *carr = PG_GETARG_ARRAYTYPE_P(3);
	double		conf = PG_GETARG_FLOAT8(4);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	const double *times;
	const double *events;
	const double *totals;
	const int64 *counts;
	int			nt,
				ne,
				nw,
				nc,
				n,
				i;
	bool		sorted = true;
	KmwRow	   *rows;
	double	   *risk;
	int64	   *nrisk;
	double		z,
				r = 0.0,
				logsum = 0.0,
				var = 0.0;
	int64		nr = 0;

	/* arguments first, before any row is made */
	if (!(conf > 0.0 && conf < 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("confidence level must be between 0 and 1 (exclusive), got %g", conf)));
	times = get_array(tarr, FLOAT8OID, "times", &nt);
	events = get_array(earr, FLOAT8OID, "events", &ne);
	totals = get_array(warr, FLOAT8OID, "totals", &nw);
	counts = get_array(carr, INT8OID, "counts", &nc);
	if (ne != nt || nw != nt || nc != nt)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("times, events, totals and counts must have the same length, got %d, %d, %d and %d",
						nt, ne, nw, nc)));
	n = nt;
	if (n == 0)
	{
		InitMaterializedSRF(fcinfo, 0);
		return (Datum) 0;
	}

	/* per-call memory: freed with the query */
	rows = palloc_extended(mul_size(n, sizeof(KmwRow)), MCXT_ALLOC_HUGE);
	risk = palloc_extended(mul_size(n, sizeof(double)), MCXT_ALLOC_HUGE);
	nrisk = palloc_extended(mul_size(n, sizeof(int64)), MCXT_ALLOC_HUGE);
	for (i = 0; i < n; i++)
	{
		KmwRow	   *row = &rows[i];

		CHECK_FOR_INTERRUPTS();
		row->time = times[i];
		row->event = events[i];
		row->total = totals[i];
		row->count = counts[i];
		if (isnan(row->time) || isinf(row->time))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("times[%d] must be finite, got %g", i + 1, row->time)));
		if (row->time < 0.0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("times[%d] must not be negative, got %g", i + 1, row->time)));
		check_weight(row->event, "events", i + 1);
		check_weight(row->total, "totals", i + 1);
		if (row->count < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("counts[%d] must not be negative, got " INT64_FORMAT,
							i + 1, row->count)));
		if (row->event > row->total)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("events[%d] must not exceed totals[%d], got %g and %g",
							i + 1, i + 1, row->event, row->total)));
		if (i > 0 && row->time < rows[i - 1].time)
			sorted = false;
	}
	if (!sorted)
		qsort(rows, n, sizeof(KmwRow), cmp_time);
	for (i = 1; i < n; i++)
		if (rows[i].time == rows[i - 1].time)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("times must be distinct, %g appears more than once", rows[i].time),
					 errhint("Sum events, totals and counts per time first (GROUP BY time).")));

	/*
	 * Numbers at risk, added from the largest time down as sum() OVER
	 * (ORDER BY time DESC) adds them (0 + x is exactly x, so starting from 0
	 * equals starting from the first value).  The weighted sum cannot
	 * become NaN (finite, non-negative terms); infinity is the overflow
	 * PostgreSQL's float8 addition reports as 22003.
	 */
	for (i = n - 1; i >= 0; i--)
	{
		CHECK_FOR_INTERRUPTS();
		r += rows[i].total;
		if (isinf(r))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("the sum of totals is out of range for float8")));
		if (pg_add_s64_overflow(nr, rows[i].count, &nr))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("the sum of counts is out of range for bigint")));
		risk[i] = r;
		nrisk[i] = nr;
	}

	/*
	 * The curve in ascending time, over the times with events only (a time
	 * without events adds log(1) = 0 to the sum, which changes nothing).
	 * Since 0 <= d <= tot <= r, d > 0 implies r > 0 and 1 - d/r in [0, 1).
	 */
	z = ekpi_norm_quantile(1.0 - (1.0 - conf) / 2.0);
	InitMaterializedSRF(fcinfo, 0);
	for (i = 0; i < n; i++)
	{
		double		d = rows[i].event;
		double		rr = risk[i];
		double		surv,
					se,
					lower,
					upper;
		Datum		values[KMW_NATTS];
		bool		nulls[KMW_NATTS] = {false};

		CHECK_FOR_INTERRUPTS();

		CHECK_FOR_INTERRUPTS();
		if (!(d > 0.0))
			continue;
		logsum += log(Max(1.0 - d / rr, KMW_FLOOR));
		if (rr > d)
			var += d / (rr * (rr - d));
		surv = exp(logsum);
		se = sqrt(var);
		lower = surv * exp(-z * se);
		upper = surv * exp(z * se);
		/* S = 0 only on underflow; 0 x Inf would be NaN */
		lower = Max(lower, 0.0);
		upper = (surv == 0.0) ? 0.0 : Min(upper, 1.0);

		values[0] = Float8GetDatum(rows[i].time);
		values[1] = Int64GetDatum(nrisk[i]);
		values[2] = Float8GetDatum(rr);
		values[3] = Float8GetDatum(d);
		values[4] = Float8GetDatum(surv);
		values[5] = Float8GetDatum(se);
		values[6] = Float8GetDatum(lower);
		values[7] = Float8GetDatum(upper);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	pfree(rows);
	pfree(risk);
	pfree(nrisk);
	return (Datum) 0;
}
