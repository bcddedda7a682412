/*-------------------------------------------------------------------------
 * distributions.c
 *	  Normal, chi-square and Poisson distribution functions of employment_kpi
 *	  (pure C, no PostgreSQL calls except elog for can't-happen states).
 *
 *	  Everything is built on three pieces:
 *	  - the standard normal cdf from the C library's erfc and the normal
 *	    quantile of Wichura (1988, AS 241, PPND16);
 *	  - the regularised incomplete gamma functions P(a, x) and Q(a, x), by
 *	    the power series for P when x < a + 1 and Legendre's continued
 *	    fraction for Q otherwise, both scaled by the Poisson probability
 *	    x^a e^-x / Gamma(a + 1), which is computed in Loader's (2000)
 *	    saddle-point form so that it keeps full relative precision for large
 *	    a (a naive lgamma difference loses ~1e-9 at a ~ 1e6);
 *	  - root finding on those cdfs for the chi-square and Poisson quantiles.
 *
 *	  The smaller of P and Q is always computed directly (never as 1 - the
 *	  other), so both tails keep relative precision.  Callers validate user
 *	  input; these functions only guard against NaN and return the limiting
 *	  value for infinite arguments.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <float.h>
#include <math.h>

#include "distributions.h"

/* Relative convergence target of the series and continued fraction. */
#define GAMMA_EPS	(DBL_EPSILON / 4.0)

/* ----------------------------------------------------------------------
 * Standard normal
 * ----------------------------------------------------------------------
 */

/* Lower-tail standard normal cdf: Phi(x) = erfc(-x / sqrt 2) / 2. */
double
ekpi_norm_cdf(double x)
{
	if (isnan(x))
		return x;
	return 0.5 * erfc(-x * M_SQRT1_2);
}

/* Upper tail 1 - Phi(x), computed directly for relative precision. */
double
ekpi_norm_sf(double x)
{
	if (isnan(x))
		return x;
	return 0.5 * erfc(x * M_SQRT1_2);
}

/*
 * Normal quantile: Wichura, M.J. (1988) Algorithm AS 241, Appl. Statist.
 * 37:477-484 (PPND16, relative accuracy about 1e-16).  p = 0 and p = 1 give
 * -Inf and +Inf; p outside [0, 1] gives NaN.
 */
double
ekpi_norm_quantile(double p)
{
	double		q,
				r,
				val;

	if (isnan(p) || p < 0.0 || p > 1.0)
		return NAN;
	if (p == 0.0)
		return -INFINITY;
	if (p == 1.0)
		return INFINITY;

	q = p - 0.5;
	if (fabs(q) <= 0.425)
	{
		/* central region: rational function of q^2 */
		r = 0.180625 - q * q;
		return q * (((((((r * 2509.0809287301226727 +
						  33430.575583588128105) * r + 67265.770927008700853) * r +
						45921.953931549871457) * r + 13731.693765509461125) * r +
					  1971.5909503065514427) * r + 133.14166789178437745) * r +
					3.387132872796366608)
			/ (((((((r * 5226.495278852545925 +
					 28729.085735721942674) * r + 39307.89580009271061) * r +
				   21213.794301586595867) * r + 5394.1960214247511077) * r +
				 687.1870074920579083) * r + 42.313330701600911252) * r + 1.0);
	}

	/* tails: r = sqrt(-log(min(p, 1 - p))); 1 - p is exact for p > 0.5 */
	r = (q < 0.0) ? p : 1.0 - p;
	r = sqrt(-log(r));
	if (r <= 5.0)
	{
		r -= 1.6;
		val = (((((((r * 7.7454501427834140764e-4 +
					 0.0227238449892691845833) * r + 0.24178072517745061177) *
				   r + 1.27045825245236838258) * r +
				  3.64784832476320460504) * r + 5.7694972214606914055) *
				r + 4.6303378461565452959) * r +
			   1.42343711074968357734)
			/ (((((((r *
					 1.05075007164441684324e-9 + 5.475938084995344946e-4) *
					r + 0.0151986665636164571966) * r +
				   0.14810397642748007459) * r + 0.68976733498510000455) *
				 r + 1.6763848301838038494) * r +
				2.05319162663775882187) * r + 1.0);
	}
	else
	{
		r -= 5.0;
		val = (((((((r * 2.01033439929228813265e-7 +
					 2.71155556874348757815e-5) * r +
					1.2426609473880784386e-3) * r + 0.026532189526576123093) *
				  r + 0.29656057182850489123) * r +
				 1.7848265399172913358) * r + 5.4637849111641143699) *
			   r + 6.6579046435011037772)
			/ (((((((r *
					 2.04426310338993978564e-15 + 1.4215117583164458887e-7) *
					r + 1.8463183175100546818e-5) * r +
				   7.868691311456132591e-4) * r + 0.0148753612908506148525)
				 * r + 0.13692988092273580531) * r +
				0.59983220655588793769) * r + 1.0);
	}
	return (q < 0.0) ? -val : val;
}

/* ----------------------------------------------------------------------
 * Poisson probability (the prefactor of the incomplete gamma functions)
 * ----------------------------------------------------------------------
 */

/*
 * Error of Stirling's formula, log(n!) - log(sqrt(2 pi n) (n/e)^n), for real
 * n > 0 (Loader 2000).  Above 15 the asymptotic series
 * 1/(12n) - 1/(360n^3) + 1/(1260n^5) - ... is exact to double precision.
 * Below, rather than lgamma (whose absolute error of ~1e-14 near n = 15
 * would pass straight into the Poisson probabilities), step up to n + k > 15
 * with the recurrence
 *   stirlerr(m) - stirlerr(m + 1) = (m + 1/2) log(1 + 1/m) - 1
 *                                 = t^2/3 + t^4/5 + t^6/7 + ...,  t = 1/(2m+1),
 * whose series form (from log((1+t)/(1-t)) = 2 atanh t) has no cancellation.
 */
static double
stirlerr(double n)
{
	const double S0 = 1.0 / 12.0;
	const double S1 = 1.0 / 360.0;
	const double S2 = 1.0 / 1260.0;
	const double S3 = 1.0 / 1680.0;
	const double S4 = 1.0 / 1188.0;
	double		nn,
				shift = 0.0;

	while (n <= 15.0)
	{
		double		t = 1.0 / (2.0 * n + 1.0);

		if (t > 0.5)
		{
			/* n < 1/2: the direct form has no cancellation here */
			shift += (n + 0.5) * log1p(1.0 / n) - 1.0;
		}
		else
		{
			double		t2 = t * t,
						tp = t2,
						sum = 0.0;
			int			j;

			for (j = 3; j < 200; j += 2)
			{
				double		s1 = sum + tp / j;

				if (s1 == sum)
					break;
				sum = s1;
				tp *= t2;
			}
			shift += sum;
		}
		n += 1.0;
	}
	nn = n * n;
	if (n > 500.0)
		return shift + (S0 - S1 / nn) / n;
	if (n > 80.0)
		return shift + (S0 - (S1 - S2 / nn) / nn) / n;
	if (n > 35.0)
		return shift + (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n;
	return shift + (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n;
}

/*
 * Deviance term bd0(x, np) = x log(x / np) + np - x (Loader 2000).  With
 * v = (x - np) / (x + np), log(x / np) = 2 atanh v gives
 *   bd0 = (x - np) v + 2x (v^3/3 + v^5/5 + ...),
 * whose leading term dominates (the sum is at most 2|v|/3 of it), so it
 * keeps full relative precision; the direct form would subtract terms of
 * size x log(x/np) ~ 100s to get a result ~ 10 and lose 1e-13.  Loader uses
 * the series for |v| < 0.1; we use it up to |v| < 0.8 (at most ~90 terms)
 * and the direct form beyond, where the cancellation is at most ~2 bits.
 */
static double
bd0(double x, double np)
{
	double		v,
				s,
				ej;
	int			j;

	if (fabs(x - np) >= 0.8 * (x + np))
		return x * log(x / np) + np - x;

	v = (x - np) / (x + np);
	s = (x - np) * v;
	ej = 2.0 * x * v;
	v = v * v;
	for (j = 1; j < 1000; j++)
	{
		double		s1;

		ej *= v;
		s1 = s + ej / (2 * j + 1);
		if (s1 == s)
			return s1;
		s = s1;
	}
	/* v^2 < 0.64, so the series converges in about 90 terms */
	elog(ERROR, "bd0 series did not converge for x=%g np=%g", x, np);
	return s;					/* keep compiler quiet */
}

/*
 * x^a e^-x / Gamma(a + 1) for a > 0, x > 0: the Poisson probability of a
 * events at mean x extended to real a, in the saddle-point form of Loader,
 * C. (2000) "Fast and accurate computation of binomial probabilities".
 */
static double
poisson_prob(double a, double x)
{
	if (x <= 0.0)
		return 0.0;
	return exp(-stirlerr(a) - bd0(a, x)) / sqrt(2.0 * M_PI * a);
}

/* ----------------------------------------------------------------------
 * Regularised incomplete gamma functions
 * ----------------------------------------------------------------------
 */

/* Iteration cap: both expansions need O(sqrt(a)) terms near x = a. */
static int
gamma_max_iter(double a)
{
	double		n = 1000.0 + 20.0 * sqrt(a);

	return (n > 1.0e8) ? 100000000 : (int) n;
}

/*
 * P(a, x) for x < a + 1 by the power series
 *   P = x^a e^-x / Gamma(a+1) * sum_{n>=0} x^n / ((a+1)...(a+n))
 * (Abramowitz & Stegun 6.5.29; Press et al., Numerical Recipes 6.2).
 */
static double
gamma_p_series(double a, double x)
{
	double		term = 1.0,
				sum = 1.0,
				ap = a;
	int			n,
				maxit = gamma_max_iter(a);

	for (n = 1; n <= maxit; n++)
	{
		ap += 1.0;
		term *= x / ap;
		sum += term;
		if (term < sum * GAMMA_EPS)
			return sum * poisson_prob(a, x);
	}
	elog(ERROR, "incomplete gamma series did not converge for a=%g x=%g", a, x);
	return 0.0;					/* keep compiler quiet */
}

/*
 * Q(a, x) for x >= a + 1 by Legendre's continued fraction
 *   Q = x^a e^-x / Gamma(a) * 1/(x+1-a- 1(1-a)/(x+3-a- 2(2-a)/(x+5-a- ...)))
 * evaluated with the modified Lentz method (Press et al., Numerical Recipes
 * 6.2; Lentz 1976, Thompson & Barnett 1986).  x^a e^-x / Gamma(a) is a times
 * the Poisson probability.
 */
static double
gamma_q_contfrac(double a, double x)
{
	const double tiny = 1.0e-300;
	double		b = x + 1.0 - a,
				c = 1.0 / tiny,
				d = 1.0 / b,
				h = d;
	int			i,
				maxit = gamma_max_iter(a);

	for (i = 1; i <= maxit; i++)
	{
		double		an = -i * (i - a),
					del;

		b += 2.0;
		d = an * d + b;
		if (fabs(d) < tiny)
			d = tiny;
		c = b + an / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1.0 / d;
		del = d * c;
		h *= del;
		if (fabs(del - 1.0) < GAMMA_EPS)
			return h * a * poisson_prob(a, x);
	}
	elog(ERROR, "incomplete gamma continued fraction did not converge for a=%g x=%g", a, x);
	return 0.0;					/* keep compiler quiet */
}

/* Regularised lower incomplete gamma function P(a, x), a > 0. */
double
ekpi_gamma_p(double a, double x)
{
	if (isnan(a) || isnan(x) || a <= 0.0)
		return NAN;
	if (x <= 0.0)
		return 0.0;
	if (isinf(x))
		return 1.0;
	if (x < a + 1.0)
		return gamma_p_series(a, x);
	return 1.0 - gamma_q_contfrac(a, x);
}

/* Regularised upper incomplete gamma function Q(a, x) = 1 - P(a, x), a > 0. */
double
ekpi_gamma_q(double a, double x)
{
	if (isnan(a) || isnan(x) || a <= 0.0)
		return NAN;
	if (x <= 0.0)
		return 1.0;
	if (isinf(x))
		return 0.0;
	if (x < a + 1.0)
		return 1.0 - gamma_p_series(a, x);
	return gamma_q_contfrac(a, x);
}

/* ----------------------------------------------------------------------
 * Chi-square
 * ----------------------------------------------------------------------
 */

/* P(X <= x) for X ~ chi-square(df): P(df/2, x/2). */
double
ekpi_chisq_cdf(double x, double df)
{
	return ekpi_gamma_p(0.5 * df, 0.5 * x);
}

/* P(X > x) for X ~ chi-square(df): Q(df/2, x/2); the p-value of a test. */
double
ekpi_chisq_sf(double x, double df)
{
	return ekpi_gamma_q(0.5 * df, 0.5 * x);
}

/* Chi-square density at x > 0, as (a / y) * Poisson probability / 2. */
static double
chisq_density(double x, double df)
{
	double		a = 0.5 * df,
				y = 0.5 * x;

	return 0.5 * (a / y) * poisson_prob(a, y);
}

/*
 * Chi-square quantile.  Start from the Wilson & Hilferty (1931) cube-root
 * normal approximation (or, deep in the lower tail where it fails, from the
 * leading term P(a, y) ~ y^a / Gamma(a + 1)), then Newton steps on the log of
 * the tail that p lies in: on log P(x) against log x when p <= 1/2, and on
 * log Q(x) against x when p > 1/2 (Q = 1 - p is exact there), so both tails
 * keep relative precision.  A bracket is kept and bisection (on log x) takes
 * over if a Newton step would leave it.  p = 0 gives 0, p = 1 gives +Inf.
 */
double
ekpi_chisq_quantile(double p, double df)
{
	bool		lower;
	double		a,
				target,
				logtarget,
				x,
				lo = 0.0,
				hi = INFINITY;
	int			iter;

	if (isnan(p) || isnan(df) || p < 0.0 || p > 1.0 || df <= 0.0)
		return NAN;
	if (p == 0.0)
		return 0.0;
	if (p == 1.0)
		return INFINITY;
	if (isinf(df))
		return INFINITY;

	a = 0.5 * df;
	lower = (p <= 0.5);
	target = lower ? p : 1.0 - p;
	logtarget = log(target);

	/* starting value */
	{
		double		z = ekpi_norm_quantile(p),
					c = 2.0 / (9.0 * df),
					w = 1.0 - c + z * sqrt(c);

		x = (w > 0.0) ? df * w * w * w : 0.0;
		if (lower)
		{
			/* small-x leading term: y = (p Gamma(a + 1))^(1/a) */
			double		xs = 2.0 * exp((logtarget + lgamma(a + 1.0)) / a);

			if (x <= 0.0 || xs < x)
				x = xs;
		}
		if (!(x > 0.0) || !isfinite(x))
			x = df;
	}

	for (iter = 0; iter < 200; iter++)
	{
		double		f = chisq_density(x, df),
					tail,
					step,
					xnew;

		if (lower)
		{
			tail = ekpi_chisq_cdf(x, df);
			if (tail < target)
				lo = x;
			else
				hi = x;
			if (tail <= 0.0 || f <= 0.0)
			{
				xnew = isinf(hi) ? 2.0 * x : sqrt(Max(lo, x * 1e-3) * hi);
				if (xnew == x)
					break;
				x = xnew;
				continue;
			}
			/* Newton on u = log x: d log P / du = x f / P */
			step = (logtarget - log(tail)) * tail / (x * f);
			xnew = x * exp(step);
		}
		else
		{
			tail = ekpi_chisq_sf(x, df);
			if (tail > target)
				lo = x;
			else
				hi = x;
			if (tail <= 0.0 || f <= 0.0)
			{
				xnew = isinf(hi) ? 2.0 * x : (lo > 0.0 ? sqrt(lo * hi) : 0.5 * hi);
				if (xnew == x)
					break;
				x = xnew;
				continue;
			}
			/* Newton on x: d log Q / dx = -f / Q */
			step = -(logtarget - log(tail)) * tail / f;
			xnew = x + step;
		}

		/* stay inside the bracket; bisect (geometrically) otherwise */
		if (!(xnew > lo && xnew < hi))
		{
			if (isinf(hi))
				xnew = 2.0 * x;
			else if (lo > 0.0)
				xnew = sqrt(lo * hi);
			else
				xnew = 0.5 * hi;
		}
		/*
		 * Newton converges quadratically, so once a step is below 1e-12
		 * relative the new iterate is exact up to the rounding noise of the
		 * cdf; waiting for smaller steps could bounce on that noise.
		 */
		if (fabs(xnew - x) <= 1e-12 * x)
			return xnew;
		x = xnew;
		if (hi - lo <= 4.0 * DBL_EPSILON * lo)
			return x;
	}
	elog(ERROR, "chi-square quantile did not converge for p=%.17g df=%.17g", p, df);
	return NAN;					/* keep compiler quiet */
}

/* ----------------------------------------------------------------------
 * Poisson
 * ----------------------------------------------------------------------
 */

/* P(X <= k) for X ~ Poisson(lambda): Q(floor(k) + 1, lambda). */
double
ekpi_poisson_cdf(double k, double lambda)
{
	if (isnan(k) || isnan(lambda) || lambda < 0.0)
		return NAN;
	if (k < 0.0)
		return 0.0;
	if (isinf(k) || lambda == 0.0)
		return 1.0;
	if (isinf(lambda))
		return 0.0;
	return ekpi_gamma_q(floor(k) + 1.0, lambda);
}

/*
 * Does the Poisson(lambda) cdf at k reach p?  For p <= 1/2 compare the cdf
 * with p (1 - 64 eps); above, compare the upper tail P(X > k) = P(k + 1,
 * lambda) with q = 1 - p (exact) times (1 + 64 eps), so that p close to 1
 * is resolved with relative precision rather than against 1 - Q rounded.
 * The fuzz of 64 machine epsilons lets a p computed as the cdf at k give k
 * back despite rounding in either cdf; the tail split and the fuzz
 * reproduce R's qpois on every probe of our fixture (test/fixtures).
 */
static bool
poisson_reaches(double k, double lambda, bool lower, double target)
{
	if (lower)
		return ekpi_poisson_cdf(k, lambda) >= target;
	return ekpi_gamma_p(k + 1.0, lambda) <= target;
}

/*
 * Poisson quantile: the smallest integer k with P(X <= k) >= p (up to the
 * fuzz described at poisson_reaches).  The search starts at the
 * Cornish-Fisher expansion k ~ lambda + sqrt(lambda) (z + (z^2 - 1) /
 * (6 sqrt(lambda))), brackets the answer by doubling steps and finishes by
 * bisection on the integers, so it needs O(log) cdf evaluations.  p = 0
 * gives 0, p = 1 gives +Inf.
 */
double
ekpi_poisson_quantile(double p, double lambda)
{
	bool		lower;
	double		target,
				sigma,
				z,
				y,
				lo,
				hi,
				step;
	int			iter;

	if (isnan(p) || isnan(lambda) || p < 0.0 || p > 1.0 || lambda < 0.0)
		return NAN;
	if (p == 0.0 || lambda == 0.0)
		return 0.0;
	if (p == 1.0 || isinf(lambda))
		return INFINITY;

	lower = (p <= 0.5);
	if (lower)
		target = p * (1.0 - 64.0 * DBL_EPSILON);
	else
		target = (1.0 - p) * (1.0 + 64.0 * DBL_EPSILON);

	sigma = sqrt(lambda);
	z = ekpi_norm_quantile(p);
	y = floor(lambda + sigma * (z + (z * z - 1.0) / (6.0 * sigma)) + 0.5);
	if (y < 0.0)
		y = 0.0;

	/*
	 * Bracket: lo = largest known k that does not reach p (-1 if none), hi =
	 * smallest known k that does.
	 */
	if (poisson_reaches(y, lambda, lower, target))
	{
		hi = y;
		step = 1.0;
		for (iter = 0;; iter++)
		{
			if (iter > 2000)
				elog(ERROR, "Poisson quantile search failed for p=%.17g lambda=%.17g", p, lambda);
			lo = hi - step;
			if (lo < 0.0)
			{
				lo = -1.0;
				break;
			}
			if (!poisson_reaches(lo, lambda, lower, target))
				break;
			hi = lo;
			step *= 2.0;
		}
	}
	else
	{
		lo = y;
		step = 1.0;
		for (iter = 0;; iter++)
		{
			if (iter > 2000)
				elog(ERROR, "Poisson quantile search failed for p=%.17g lambda=%.17g", p, lambda);
			hi = lo + step;
			if (poisson_reaches(hi, lambda, lower, target))
				break;
			lo = hi;
			step *= 2.0;
		}
	}

	/* bisection on the integers: lo does not reach p, hi does */
	for (iter = 0; hi - lo > 1.0; iter++)
	{
		double		mid = floor(0.5 * (lo + hi));

		if (iter > 2000)
			elog(ERROR, "Poisson quantile bisection failed for p=%.17g lambda=%.17g", p, lambda);
		if (poisson_reaches(mid, lambda, lower, target))
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}
