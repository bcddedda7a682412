/*-------------------------------------------------------------------------
 * rates.c
 *	  Confidence limits for rates: the Wilson score interval for a
 *	  proportion (wilson_low, wilson_high) and exact Poisson control limits
 *	  for an observed/expected ratio in a funnel plot (poisson_funnel).
 *
 *	  Wilson (1927), "Probable inference, the law of succession, and
 *	  statistical inference", JASA 22:209-212; equal to R's
 *	  prop.test(x, n, correct = FALSE)$conf.int.  Funnel limits as in
 *	  Spiegelhalter (2005), "Funnel plots for comparing institutional
 *	  performance", Stat Med 24:1185-1202: for expected count E and
 *	  alpha = 1 - conf, lower = qchisq(alpha/2, 2E) / (2E) and upper =
 *	  qchisq(1 - alpha/2, 2(E + 1)) / (2E) (the exact Poisson limits for O
 *	  divided by E, with E treated as a continuous count).
 *-------------------------------------------------------------------------
 */
#include "compat.h"

#include <math.h>

#include "fmgr.h"
#include "funcapi.h"
#include "utils/tuplestore.h"

#include "distributions.h"

PG_FUNCTION_INFO_V1(ekpi_wilson_low);
PG_FUNCTION_INFO_V1(ekpi_wilson_high);
PG_FUNCTION_INFO_V1(ekpi_poisson_funnel);

/* A confidence level must lie strictly between 0 and 1. */
static void
check_conf(double conf)
{
	if (isnan(conf) || conf <= 0.0 || conf >= 1.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("confidence level conf must be between 0 and 1 (exclusive), got %g",
						conf)));
}

/*
 * Wilson score limits for x successes out of n trials at level conf; sets
 * *low and *high.  With p = x/n, z = qnorm((1 + conf)/2) and k = z^2/(2n):
 *   centre +- half = (p + k +- z sqrt(p(1-p)/n + k/(2n))) / (1 + 2k).
 * The upper limit is a sum of positive terms.  The lower limit as written
 * subtracts two nearly equal numbers when x is small and n large, so it is
 * computed in the equivalent form p^2 / (p + k + z sqrt(...)) (multiply
 * through by the conjugate: (p + k)^2 - z^2 (...) = p^2 (1 + 2k)).  As in
 * R, x = 0 gives a lower limit of exactly 0 and x = n an upper limit of 1.
 * x and n need not be whole: the effect type calls it with an effective
 * sample size (effect.c); counts below 2^53 convert to double exactly, so
 * whole counts give the same limits as integer arithmetic would.
 */
void
ekpi_wilson_limits(double x, double n, double conf, double *low, double *high)
{
	double		p = x / n,
				z = ekpi_norm_quantile((1.0 + conf) / 2.0),
				k = z * z / (2.0 * n),
				root;

	/* p (1 - p) from the counts: (n - x) is exact, 1 - p may not be */
	root = z * sqrt(x * (n - x) / (n * n * n) + k / (2.0 * n));

	*low = (x <= 0.0) ? 0.0 : p * p / (p + k + root);
	*high = (x >= n) ? 1.0 : (p + k + root) / (1.0 + 2.0 * k);
}

/*
 * wilson_low/high(successes bigint, n bigint, conf float8) -> float8: the
 * lower or upper Wilson limit after validating the arguments; NULL when
 * n = 0.
 */
static Datum
wilson_bound(FunctionCallInfo fcinfo, bool upper)
{
	int64		x = PG_GETARG_INT64(0);
	int64		n = PG_GETARG_INT64(1);
	double		conf = PG_GETARG_FLOAT8(2);
	double		low,
				high;

	if (n < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("number of trials n must not be negative, got " INT64_FORMAT, n)));
	if (x < 0 || x > n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("successes must be between 0 and n = " INT64_FORMAT ", got " INT64_FORMAT,
						n, x)));
	check_conf(conf);
	if (n == 0)
		PG_RETURN_NULL();
	ekpi_wilson_limits((double) x, (double) n, conf, &low, &high);
	PG_RETURN_FLOAT8(upper ? high : low);
}

Datum
ekpi_wilson_low(PG_FUNCTION_ARGS)
{
	return wilson_bound(fcinfo, false);
}

Datum
ekpi_wilson_high(PG_FUNCTION_ARGS)
{
	return wilson_bound(fcinfo, true);
}

/*
 * poisson_funnel(expected float8, conf float8) RETURNS TABLE(low, high):
 * one row with the funnel-plot control limits for O/E at expected count E.
 */
Datum
ekpi_poisson_funnel(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	double		e = PG_GETARG_FLOAT8(0);
	double		conf = PG_GETARG_FLOAT8(1);
	double		alpha;
	Datum		values[2];
	bool		nulls[2] = {false, false};

	/* validate before producing rows */
	if (isnan(e) || isinf(e) || e <= 0.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("expected count must be positive and finite, got %g", e)));
	/* 2(E + 1) is the df of a chi-square quantile: keep it within its limit */
	if (e > 1e11)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("expected count must be at most 1e11, got %g", e)));
	check_conf(conf);

	alpha = 1.0 - conf;
	values[0] = Float8GetDatum(ekpi_chisq_quantile(0.5 * alpha, 2.0 * e) / (2.0 * e));
	values[1] = Float8GetDatum(ekpi_chisq_quantile(1.0 - 0.5 * alpha, 2.0 * (e + 1.0)) / (2.0 * e));

	InitMaterializedSRF(fcinfo, 0);
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	return (Datum) 0;
}
