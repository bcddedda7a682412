/*-------------------------------------------------------------------------
 * km.c
 *	  Kaplan-Meier accessors of the survival type, matching R's survival
 *	  package (3.x) for survfit(Surv(time, status) ~ 1) with its defaults:
 *	  km_curve, km_surv_at, km_median, km_quantile, km_rmst, survival_n,
 *	  survival_events.
 *
 *	  Conventions (documented in docs/survival.md):
 *	  - an empty summary gives zero km_curve rows and NULL scalars;
 *	  - where S(t) = 0 R reports std.err NaN and NA limits; we return NULL;
 *	  - the quantile and median rules follow R exactly, including its
 *	    tolerance sqrt(DBL_EPSILON) when S(t) is exactly on the target.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <float.h>
#include <math.h>

#include "compat.h"
#include "distributions.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/tuplestore.h"

#include "survival.h"

PG_FUNCTION_INFO_V1(km_curve);
PG_FUNCTION_INFO_V1(km_surv_at);
PG_FUNCTION_INFO_V1(km_median);
PG_FUNCTION_INFO_V1(km_quantile);
PG_FUNCTION_INFO_V1(km_rmst);
PG_FUNCTION_INFO_V1(survival_n);
PG_FUNCTION_INFO_V1(survival_events);

/* R's default tolerance for "S(t) equals the target" (sqrt(.Machine$double.eps)). */
#define KM_TOL 1.4901161193847656e-08

/*
 * The Kaplan-Meier estimate after each row of a canonical summary:
 * S(t_i) = prod_{j <= i} (n_j - d_j) / n_j.  Returns a palloc'd array of
 * s->hdr.nsorted values (NULL when empty).
 */
static double *
km_surv(const Survival *s)
{
	double	   *surv;
	int64		nrisk = survival_total(s);
	double		km = 1.0;
	int32		i;

	if (s->hdr.nsorted == 0)
		return NULL;
	surv = palloc(s->hdr.nsorted * sizeof(double));
	for (i = 0; i < s->hdr.nsorted; i++)
	{
		const SurvivalRow *r = &s->rows[i];

		CHECK_FOR_INTERRUPTS();

		if (r->nevent > 0)
			km *= (double) (nrisk - r->nevent) / (double) nrisk;
		surv[i] = km;
		nrisk -= r->nevent + r->ncensor;
	}
	return surv;
}

static void
check_open_unit(double v, const char *what)
{
	if (!(v > 0.0 && v < 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be between 0 and 1 (exclusive), got %g", what, v)));
}

/*
 * km_curve(s survival, conf float8 DEFAULT 0.95)
 * One row per distinct time as summary(survfit(...), censored = TRUE):
 * time, n_risk, n_event, n_censor, surv, std_err (Greenwood, of S(t)),
 * lower, upper (conf.type = "log", clipped to [0, 1]).
 */
Datum
km_curve(PG_FUNCTION_ARGS)
{
	Survival   *s = survival_get_canonical(PG_GETARG_DATUM(0));
	double		conf = PG_GETARG_FLOAT8(1);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	double		z,
				km = 1.0,
				greenwood = 0.0;
	int64		nrisk;
	int32		i;

	check_open_unit(conf, "confidence level");
	nrisk = survival_total(s);
	z = ekpi_norm_quantile(1.0 - (1.0 - conf) / 2.0);

	InitMaterializedSRF(fcinfo, 0);
	for (i = 0; i < s->hdr.nsorted; i++)
	{
		const SurvivalRow *r = &s->rows[i];
		Datum		values[8];
		bool		nulls[8] = {false};

		CHECK_FOR_INTERRUPTS();

		if (r->nevent > 0)
		{
			km *= (double) (nrisk - r->nevent) / (double) nrisk;
			if (nrisk > r->nevent)
				greenwood += (double) r->nevent /
					((double) nrisk * (double) (nrisk - r->nevent));
		}
		values[0] = Float8GetDatum(r->time);
		values[1] = Int64GetDatum(nrisk);
		values[2] = Int64GetDatum(r->nevent);
		values[3] = Int64GetDatum(r->ncensor);
		values[4] = Float8GetDatum(km);
		if (km > 0.0)
		{
			double		se = sqrt(greenwood);

			values[5] = Float8GetDatum(km * se);
			values[6] = Float8GetDatum(Min(1.0, exp(log(km) - z * se)));
			values[7] = Float8GetDatum(Min(1.0, exp(log(km) + z * se)));
		}
		else
			nulls[5] = nulls[6] = nulls[7] = true;	/* R: NaN / NA */
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		nrisk -= r->nevent + r->ncensor;
	}
	return (Datum) 0;
}

/* km_surv_at(s, t): S(t), the right-continuous KM step function. */
Datum
km_surv_at(PG_FUNCTION_ARGS)
{
	Survival   *s = survival_get_canonical(PG_GETARG_DATUM(0));
	double		t = PG_GETARG_FLOAT8(1);
	int64		nrisk;
	double		km = 1.0;
	int32		i;

	if (isnan(t))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("time must not be NaN")));
	if (s->hdr.nsorted == 0)
		PG_RETURN_NULL();
	nrisk = survival_total(s);
	for (i = 0; i < s->hdr.nsorted && s->rows[i].time <= t; i++)
	{
		const SurvivalRow *r = &s->rows[i];

		CHECK_FOR_INTERRUPTS();

		if (r->nevent > 0)
			km *= (double) (nrisk - r->nevent) / (double) nrisk;
		nrisk -= r->nevent + r->ncensor;
	}
	PG_RETURN_FLOAT8(km);
}

/*
 * km_median(s): the median print(survfit(...)) reports: the first time with
 * S(t) < 0.5 + tol; when S there equals 0.5 (within tol) and the curve
 * drops further later, the midpoint between that time and the time of the
 * next drop.  NULL when S never reaches 0.5.
 */
Datum
km_median(PG_FUNCTION_ARGS)
{
	Survival   *s = survival_get_canonical(PG_GETARG_DATUM(0));
	double	   *surv = km_surv(s);
	int32		i,
				j;

	for (i = 0; i < s->hdr.nsorted; i++)
		if (surv[i] < 0.5 + KM_TOL)
			break;
	if (i == s->hdr.nsorted)
		PG_RETURN_NULL();
	if (fabs(surv[i] - 0.5) < KM_TOL)
	{
		for (j = i + 1; j < s->hdr.nsorted; j++)
			if (surv[j] < surv[i])
				PG_RETURN_FLOAT8((s->rows[i].time + s->rows[j].time) / 2.0);
	}
	PG_RETURN_FLOAT8(s->rows[i].time);
}

/*
 * km_quantile(s, p): the p-quantile as quantile(survfit(...), p) computes
 * it.  On the curve F = 1 - S (with F = 0 at time 0, repeated values
 * dropped), take the first point with F >= p - tol and the first with
 * F >= p + tol and average their times; when F never passes p + tol but
 * its last value equals p (within tol), average the first point with
 * instead the last time of the summary.  NULL when F never reaches p.
 */
Datum
km_quantile(PG_FUNCTION_ARGS)
{
	Survival   *s = survival_get_canonical(PG_GETARG_DATUM(0));
	double		p = PG_GETARG_FLOAT8(1);
	double	   *surv;
	double	   *x,
			   *y;
	int32		n,
				i,
				i1,
				i2;
	double		xmax;

	check_open_unit(p, "probability");
	if (s->hdr.nsorted == 0)
		PG_RETURN_NULL();
	surv = km_surv(s);

	/* the curve (0, 0), (t_i, 1 - S_i) without repeated F values */
	x = palloc((s->hdr.nsorted + 1) * sizeof(double));
	y = palloc((s->hdr.nsorted + 1) * sizeof(double));
	x[0] = 0.0;
	y[0] = 0.0;
	n = 1;
	for (i = 0; i < s->hdr.nsorted; i++)
	{
		double		f = 1.0 - surv[i];

		CHECK_FOR_INTERRUPTS();

		if (f != y[n - 1])
		{
			x[n] = s->rows[i].time;
			y[n] = f;
			n++;
		}
	}
	xmax = s->rows[s->hdr.nsorted - 1].time;

	if (y[n - 1] < p || p < y[0] + KM_TOL)
		PG_RETURN_NULL();
	for (i1 = 0; i1 < n && !(y[i1] + KM_TOL >= p); i1++)
		;
	if (fabs(p - y[n - 1]) < KM_TOL)
		PG_RETURN_FLOAT8((x[i1] + xmax) / 2.0);
	for (i2 = 0; i2 < n && !(y[i2] - KM_TOL >= p); i2++)
		;
	if (i2 == n)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((x[i1] + x[i2]) / 2.0);
}

/*
 * km_rmst(s, tau): restricted mean survival time up to tau, the area under
 * the KM curve from 0 to tau (print(survfit(...), rmean = tau)); the curve
 * is extended flat beyond the last time when tau is later.
 */
Datum
km_rmst(PG_FUNCTION_ARGS)
{
	Survival   *s = survival_get_canonical(PG_GETARG_DATUM(0));
	double		tau = PG_GETARG_FLOAT8(1);
	double	   *surv;
	double		area = 0.0,
				prev_t = 0.0,
				prev_s = 1.0;
	int32		i;

	if (isnan(tau) || isinf(tau) || tau <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("restriction time tau must be finite and positive, got %g", tau)));
	if (s->hdr.nsorted == 0)
		PG_RETURN_NULL();
	surv = km_surv(s);
	for (i = 0; i < s->hdr.nsorted && s->rows[i].time <= tau; i++)
	{
		CHECK_FOR_INTERRUPTS();
		area += (s->rows[i].time - prev_t) * prev_s;
		prev_t = s->rows[i].time;
		prev_s = surv[i];
	}
	area += (tau - prev_t) * prev_s;
	PG_RETURN_FLOAT8(area);
}

/* survival_n(s): number of observations (events + censored). */
Datum
survival_n(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(survival_total(survival_get_canonical(PG_GETARG_DATUM(0))));
}

/* survival_events(s): number of events. */
Datum
survival_events(PG_FUNCTION_ARGS)
{
	Survival   *s = survival_get_canonical(PG_GETARG_DATUM(0));
	int64		events = 0;
	int32		i;

	for (i = 0; i < s->hdr.nsorted; i++)
		events = survival_add_count(events, s->rows[i].nevent);
	PG_RETURN_INT64(events);
}
