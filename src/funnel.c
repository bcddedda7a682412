/*-------------------------------------------------------------------------
 * funnel.c
 *	  Over-dispersion of indirectly standardised ratios O/E for funnel plots:
 *	  the aggregate funnel_tau2(observed, expected) estimates the additive
 *	  random-effects variance tau^2 of Spiegelhalter (2005), "Funnel plots
 *	  for comparing institutional performance", Stat Med 24:1185-1202,
 *	  section 3.4, from winsorised z-scores of the units (caseworkers).
 *
 *	  For each unit with expected count E > 0 and observed count O >= 0:
 *	    y = log(O / E), s = 1 / sqrt(E), z = y / s, w = 1 / s^2 = E.
 *	  O = 0 has no logarithm; half an event is used instead (O = 0.5), the
 *	  usual continuity correction.  The z-scores are winsorised at 10% in
 *	  each tail (the k = floor(0.1 n) smallest are set to the (k+1)-th
 *	  smallest, likewise at the top), then
 *	    phi  = mean(z_w^2)
 *	    tau2 = max(0, (n phi - (n - 1)) / (sum w - sum w^2 / sum w)).
 *	  Control limits widened by tau2 are exp(+-z_alpha sqrt(1/E + tau2))
 *	  around 1 (computed in SQL, employment_kpi.funnel_limits).
 *
 *	  The state is a plain float8[] (so that the aggregate is combinable,
 *	  parallel safe and distributable: its text form round-trips exactly):
 *	    [0] format version (1)
 *	    [1] n, the number of units collected
 *	    [2] capacity, the number of (z, w) slots
 *	    [3 + 2i], [4 + 2i]  z and w of unit i, for i < capacity
 *	  Slots beyond n are zero.  The transition function appends in place
 *	  when it runs as an aggregate and there is room, and doubles the
 *	  capacity otherwise, so collecting n units costs O(n) amortised.
 *	  Every support function validates the state it is given, because SQL
 *	  can call it with any array.
 *-------------------------------------------------------------------------
 */
#include "compat.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "distributions.h"
#include "float8_array.h"

PG_FUNCTION_INFO_V1(ekpi_funnel_tau2_accum);
PG_FUNCTION_INFO_V1(ekpi_funnel_tau2_combine);
PG_FUNCTION_INFO_V1(ekpi_funnel_tau2_final);
PG_FUNCTION_INFO_V1(ekpi_funnel_flag);

#define FUNNEL_STATE_VERSION 1.0
#define FUNNEL_HEADER 3
/* keeps the state well below the 1 GB varlena limit */
#define FUNNEL_MAX_UNITS (16 * 1024 * 1024)

/*
 * Check that the array is a well-formed state and return its data; sets
 * *n and *capacity.
 */
static double *
funnel_state_check(ArrayType *a, int64 *n, int64 *capacity)
{
	double	   *d;
	int			len;
	int64		i;

	if (ARR_NDIM(a) != 1 || ARR_HASNULL(a) || ARR_ELEMTYPE(a) != FLOAT8OID)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid funnel_tau2 state: must be a one-dimensional float8 array without NULLs")));
	len = ArrayGetNItems(ARR_NDIM(a), ARR_DIMS(a));
	d = float8_array_data(a);
	if (len < FUNNEL_HEADER || d[0] != FUNNEL_STATE_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid funnel_tau2 state: unknown format")));
	if (!(d[1] >= 0 && d[1] <= FUNNEL_MAX_UNITS && d[1] == floor(d[1])) ||
		!(d[2] >= d[1] && d[2] <= FUNNEL_MAX_UNITS && d[2] == floor(d[2])) ||
		len != FUNNEL_HEADER + 2 * (int) d[2])
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid funnel_tau2 state: inconsistent counts")));
	*n = (int64) d[1];
	*capacity = (int64) d[2];
	for (i = 0; i < *n; i++)
	{
		double		z = d[FUNNEL_HEADER + 2 * i],
					w = d[FUNNEL_HEADER + 2 * i + 1];

		CHECK_FOR_INTERRUPTS();

		if (!isfinite(z) || !isfinite(w) || w <= 0.0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid funnel_tau2 state: unit %d has z = %g, w = %g",
							(int) i, z, w)));
	}
	return d;
}

/* An argument v that must be finite and not negative; "what" names it. */
static void
check_not_negative(double v, const char *what)
{
	if (isnan(v) || isinf(v) || v < 0.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be finite and not negative, got %g", what, v)));
}

/* A new state with room for capacity units, holding the first n of src. */
static ArrayType *
funnel_state_new(const double *src, int64 n, int64 capacity)
{
	ArrayType  *a = float8_array_new(FUNNEL_HEADER + 2 * (int) capacity);
	double	   *d = float8_array_data(a);

	d[0] = FUNNEL_STATE_VERSION;
	d[1] = (double) n;
	d[2] = (double) capacity;
	if (n > 0)
		memcpy(d + FUNNEL_HEADER, src, sizeof(double) * 2 * n);
	return a;
}

/*
 * funnel_tau2_accum(state float8[], observed float8, expected float8):
 * add one unit.  Units with expected = 0 carry no information and are
 * skipped.
 */
Datum
ekpi_funnel_tau2_accum(PG_FUNCTION_ARGS)
{
	ArrayType  *state;
	double	   *d;
	double		o = PG_GETARG_FLOAT8(1);
	double		e = PG_GETARG_FLOAT8(2);
	int64		n,
				capacity;
	double		z;

	check_not_negative(o, "observed count");
	check_not_negative(e, "expected count");

	/* In an aggregate the state is ours to change; otherwise copy it. */
	if (AggCheckCallContext(fcinfo, NULL))
		state = PG_GETARG_ARRAYTYPE_P(0);
	else
		state = PG_GETARG_ARRAYTYPE_P_COPY(0);
	d = funnel_state_check(state, &n, &capacity);

	if (e == 0.0)
		PG_RETURN_ARRAYTYPE_P(state);

	if (n == capacity)
	{
		int64		newcap = capacity < 8 ? 16 : 2 * capacity;

		if (newcap > FUNNEL_MAX_UNITS)
			newcap = FUNNEL_MAX_UNITS;
		if (n >= newcap)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("funnel_tau2 accepts at most %d units", FUNNEL_MAX_UNITS)));
		/* nodeAgg copies a new state into the aggregate context */
		state = funnel_state_new(d + FUNNEL_HEADER, n, newcap);
		d = float8_array_data(state);
	}

	/* z = log(O/E) / s with s = 1/sqrt(E); half an event when O = 0 */
	z = log((o > 0.0 ? o : 0.5) / e) * sqrt(e);
	d[FUNNEL_HEADER + 2 * n] = z;
	d[FUNNEL_HEADER + 2 * n + 1] = e;
	d[1] = (double) (n + 1);
	PG_RETURN_ARRAYTYPE_P(state);
}

/* funnel_tau2_combine(a float8[], b float8[]): the units of both. */
Datum
ekpi_funnel_tau2_combine(PG_FUNCTION_ARGS)
{
	ArrayType  *a = PG_GETARG_ARRAYTYPE_P(0);
	ArrayType  *b = PG_GETARG_ARRAYTYPE_P(1);
	int64		na,
				nb,
				ca,
				cb;
	double	   *da = funnel_state_check(a, &na, &ca);
	double	   *db = funnel_state_check(b, &nb, &cb);
	ArrayType  *r;

	if (na + nb > FUNNEL_MAX_UNITS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("funnel_tau2 accepts at most %d units", FUNNEL_MAX_UNITS)));
	r = funnel_state_new(da + FUNNEL_HEADER, na, na + nb);
	if (nb > 0)
		memcpy(float8_array_data(r) + FUNNEL_HEADER + 2 * na,
			   db + FUNNEL_HEADER, sizeof(double) * 2 * nb);
	float8_array_data(r)[1] = (double) (na + nb);
	PG_RETURN_ARRAYTYPE_P(r);
}

/* (z, w) pairs in order of z, then w */
static int
cmp_pair(const void *a, const void *b)
{
	const double *x = (const double *) a,
			   *y = (const double *) b;

	if (x[0] != y[0])
		return (x[0] > y[0]) - (x[0] < y[0]);
	return (x[1] > y[1]) - (x[1] < y[1]);
}

/*
 * funnel_tau2_final(state float8[]) -> float8: the additive random-effects
 * variance tau^2 (>= 0); NULL with fewer than two units, where it cannot be
 * estimated.  The state is not changed (a final function may run again).
 */
Datum
ekpi_funnel_tau2_final(PG_FUNCTION_ARGS)
{
	ArrayType  *state = PG_GETARG_ARRAYTYPE_P(0);
	int64		n,
				capacity,
				i,
				k;
	double	   *d = funnel_state_check(state, &n, &capacity);
	double	   *sorted;
	double		lo,
				hi,
				phi = 0.0,
				sw = 0.0,
				sw2 = 0.0,
				denom,
				tau2;

	if (n < 2)
		PG_RETURN_NULL();

	/*
	 * The units are sorted as (z, w) pairs and summed in that order, so the
	 * result depends on the set of units only, not on the order the rows
	 * arrived in (plans, parallel workers, the BI layer's partial
	 * recomputation all give the same tau2, bit for bit).
	 */
	sorted = (double *) palloc(sizeof(double) * 2 * n);
	memcpy(sorted, d + FUNNEL_HEADER, sizeof(double) * 2 * n);
	qsort(sorted, n, 2 * sizeof(double), cmp_pair);
	k = (int64) floor(0.1 * (double) n);
	lo = sorted[2 * k];
	hi = sorted[2 * (n - 1 - k)];

	for (i = 0; i < n; i++)
	{
		double		z = sorted[2 * i],
					w = sorted[2 * i + 1];

		CHECK_FOR_INTERRUPTS();

		z = z < lo ? lo : (z > hi ? hi : z);
		phi += z * z;
		sw += w;
		sw2 += w * w;
	}
	pfree(sorted);
	phi /= (double) n;

	denom = sw - sw2 / sw;
	/* all weight in one unit (cannot happen with n >= 2 and w > 0) */
	if (!(denom > 0.0))
		PG_RETURN_NULL();
	tau2 = ((double) n * phi - (double) (n - 1)) / denom;
	PG_RETURN_FLOAT8(tau2 > 0.0 ? tau2 : 0.0);
}

/*
 * Funnel limits for O/E at expected count e and level conf (see
 * employment_kpi.funnel_limits): exact Poisson limits without
 * over-dispersion, exp(+-z sqrt(1/e + tau2)) around 1 with it.
 */
static void
funnel_limits(double e, double tau2, double conf, double *low, double *high)
{
	double		alpha = 1.0 - conf;

	if (tau2 > 0.0)
	{
		double		half = ekpi_norm_quantile(1.0 - 0.5 * alpha) * sqrt(1.0 / e + tau2);

		*low = exp(-half);
		*high = exp(half);
	}
	else
	{
		*low = ekpi_chisq_quantile(0.5 * alpha, 2.0 * e) / (2.0 * e);
		*high = ekpi_chisq_quantile(1.0 - 0.5 * alpha, 2.0 * (e + 1.0)) / (2.0 * e);
	}
}

/*
 * funnel_flag(observed float8, expected float8, tau2 float8) -> text:
 * above / below outside the 99.8% limits, watch outside the 95% limits
 * only, within otherwise; NULL when observed or expected is NULL or
 * expected <= 0.  tau2 NULL or 0 means no over-dispersion.  O = 0 lies
 * below every continuous lower limit, so it is judged by the exact Poisson
 * probability P(O = 0) = exp(-E) instead.
 *
 * In C rather than SQL because the scorecards call it twice per caseworker
 * and week: as a SQL function over funnel_limits and poisson_funnel it cost
 * about a millisecond a call, most of a week's scorecard.
 */
Datum
ekpi_funnel_flag(PG_FUNCTION_ARGS)
{
	double		o,
				e,
				tau2 = 0.0,
				ratio,
				low2,
				high2,
				low3,
				high3;
	const char *flag;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	o = PG_GETARG_FLOAT8(0);
	e = PG_GETARG_FLOAT8(1);
	if (!PG_ARGISNULL(2))
		tau2 = PG_GETARG_FLOAT8(2);
	check_not_negative(o, "observed count");
	if (isnan(e) || isinf(e))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("expected count must be finite, got %g", e)));
	check_not_negative(tau2, "over-dispersion tau2");
	if (e <= 0.0)
		PG_RETURN_NULL();
	/* 2(E + 1) is the df of a chi-square quantile: keep it within its limit */
	if (e > 1e11)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("expected count must be at most 1e11, got %g", e)));

	if (o == 0.0)
	{
		double		p0 = exp(-e);

		flag = p0 < 0.001 ? "below" : (p0 < 0.025 ? "watch" : "within");
		PG_RETURN_TEXT_P(cstring_to_text(flag));
	}
	ratio = o / e;
	funnel_limits(e, tau2, 0.95, &low2, &high2);
	funnel_limits(e, tau2, 0.998, &low3, &high3);
	if (ratio > high3)
		flag = "above";
	else if (ratio < low3)
		flag = "below";
	else if (ratio > high2 || ratio < low2)
		flag = "watch";
	else
		flag = "within";
	PG_RETURN_TEXT_P(cstring_to_text(flag));
}
