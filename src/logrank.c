/*-------------------------------------------------------------------------
 * logrank.c
 *	  logrank_test(groups survival[]): the k-group log-rank test, equal to
 *	  R's survdiff(Surv(time, status) ~ group) (rho = 0).
 *
 *	  At each distinct event time t with N at risk and D events in all
 *	  groups, group g with n_g at risk and d_g events contributes
 *	    O_g += d_g,  E_g += n_g D / N,
 *	    V_gh += D (N - D) / (N - 1) * (n_g / N) * (delta_gh - n_h / N).
 *	  Like survdiff, only groups with E_g > 0 take part: df = (their
 *	  number) - 1, and chisq = z' V~^- z where z = (O - E) and V~ drop the
 *	  first of them.  The inverse is a generalised one (an LDL' factorisation
 *	  that zeroes singular pivots), so degenerate designs give a finite
 *	  statistic instead of an error.
 *
 *	  Conventions: a NULL array element is an error (22023); fewer than two
 *	  groups with expected events give one row (NULL, 0, NULL).
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
#include "utils/array.h"
#include "utils/lsyscache.h"
#include "utils/tuplestore.h"

#include "survival.h"

PG_FUNCTION_INFO_V1(logrank_test);

/* More groups would make the k x k variance work unreasonable. */
#define LOGRANK_MAX_GROUPS 1000

/*
 * Solve A x = b for symmetric positive semi-definite A (m x m, row-major,
 * overwritten) by an LDL' factorisation; pivots below a relative tolerance
 * are treated as zero (a generalised inverse).  Returns b' x.
 */
static double
quad_form_ginv(double *A, const double *b, int m)
{
	double	   *d = palloc(m * sizeof(double));
	double	   *y = palloc(m * sizeof(double));
	double		scale = 0.0,
				result = 0.0;
	int			i,
				j,
				k;

	for (i = 0; i < m; i++)
		scale = Max(scale, fabs(A[i * m + i]));
	/* L is stored in the strict lower triangle of A */
	for (j = 0; j < m; j++)
	{
		double		dj = A[j * m + j];

		for (k = 0; k < j; k++)
			dj -= A[j * m + k] * A[j * m + k] * d[k];
		if (dj <= scale * 1e-12)
		{
			d[j] = 0.0;
			for (i = j + 1; i < m; i++)
				A[i * m + j] = 0.0;
			continue;
		}
		d[j] = dj;
		for (i = j + 1; i < m; i++)
		{
			double		v = A[i * m + j];

			for (k = 0; k < j; k++)
				v -= A[i * m + k] * A[j * m + k] * d[k];
			A[i * m + j] = v / dj;
		}
	}
	/* b' A^- b = sum_j (L^-1 b)_j^2 / d_j over the non-singular pivots */
	for (i = 0; i < m; i++)
	{
		double		v = b[i];

		for (k = 0; k < i; k++)
			v -= A[i * m + k] * y[k];
		y[i] = v;
		if (d[i] > 0.0)
			result += v * v / d[i];
	}
	pfree(d);
	pfree(y);
	return result;
}

Datum
logrank_test(PG_FUNCTION_ARGS)
{
	ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(0);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int16		typlen;
	bool		typbyval;
	char		typalign;
	Datum	   *elems;
	bool	   *elnulls;
	int			k,
				g,
				h;
	Survival  **grp;
	int32	   *pos;
	int64	   *nrisk;
	double	   *obs,
			   *expct,
			   *var;
	int			m;
	int		   *use;
	Datum		values[3];
	bool		nulls[3] = {false, false, false};

	get_typlenbyvalalign(ARR_ELEMTYPE(arr), &typlen, &typbyval, &typalign);
	deconstruct_array(arr, ARR_ELEMTYPE(arr), typlen, typbyval, typalign,
					  &elems, &elnulls, &k);
	if (k > LOGRANK_MAX_GROUPS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("logrank_test supports at most %d groups, got %d",
						LOGRANK_MAX_GROUPS, k)));

	grp = palloc(Max(k, 1) * sizeof(Survival *));
	pos = palloc0(Max(k, 1) * sizeof(int32));
	nrisk = palloc0(Max(k, 1) * sizeof(int64));
	obs = palloc0(Max(k, 1) * sizeof(double));
	expct = palloc0(Max(k, 1) * sizeof(double));
	var = palloc0(Max(k * k, 1) * sizeof(double));
	for (g = 0; g < k; g++)
	{
		if (elnulls[g])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("logrank_test: group %d is NULL", g + 1),
					 errhint("Use an empty summary 'v1:{}' for a group without observations.")));
		grp[g] = survival_get_canonical(elems[g]);
		nrisk[g] = survival_total(grp[g]);
	}

	/* sweep the distinct times of all groups in order (k-way merge) */
	for (;;)
	{
		double		t = 0.0;
		bool		found = false;
		int64		N = 0,
					D = 0;

		CHECK_FOR_INTERRUPTS();

		for (g = 0; g < k; g++)
			if (pos[g] < grp[g]->hdr.nsorted &&
				(!found || grp[g]->rows[pos[g]].time < t))
			{
				t = grp[g]->rows[pos[g]].time;
				found = true;
			}
		if (!found)
			break;
		for (g = 0; g < k; g++)
		{
			N += nrisk[g];
			if (pos[g] < grp[g]->hdr.nsorted && grp[g]->rows[pos[g]].time == t)
				D += grp[g]->rows[pos[g]].nevent;
		}
		if (D > 0)
		{
			double		dN = (double) N,
						dD = (double) D,
						f = (N > 1) ? dD * (dN - dD) / ((dN - 1.0) * dN * dN) : 0.0;

			for (g = 0; g < k; g++)
			{
				double		ng = (double) nrisk[g];

				if (nrisk[g] == 0)
					continue;
				expct[g] += ng * dD / dN;
				if (f == 0.0)
					continue;
				for (h = 0; h < k; h++)
					var[g * k + h] += f * ng * ((g == h ? dN : 0.0) - (double) nrisk[h]);
			}
		}
		for (g = 0; g < k; g++)
			if (pos[g] < grp[g]->hdr.nsorted && grp[g]->rows[pos[g]].time == t)
			{
				const SurvivalRow *r = &grp[g]->rows[pos[g]];

				obs[g] += (double) r->nevent;
				nrisk[g] -= r->nevent + r->ncensor;
				pos[g]++;
			}
	}

	/* groups with expected events take part; drop the first of them */
	use = palloc(Max(k, 1) * sizeof(int));
	m = 0;
	for (g = 0; g < k; g++)
		if (expct[g] > 0.0)
			use[m++] = g;

	if (m < 2)
	{
		nulls[0] = nulls[2] = true;
		values[1] = Int32GetDatum(0);
	}
	else
	{
		int			q = m - 1;
		double	   *A = palloc(q * q * sizeof(double));
		double	   *z = palloc(q * sizeof(double));
		double		chisq;

		for (g = 0; g < q; g++)
		{
			z[g] = obs[use[g + 1]] - expct[use[g + 1]];
			for (h = 0; h < q; h++)
				A[g * q + h] = var[use[g + 1] * k + use[h + 1]];
		}
		chisq = quad_form_ginv(A, z, q);
		values[0] = Float8GetDatum(chisq);
		values[1] = Int32GetDatum(q);
		values[2] = Float8GetDatum(ekpi_chisq_sf(chisq, (double) q));
	}

	InitMaterializedSRF(fcinfo, 0);
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	return (Datum) 0;
}
