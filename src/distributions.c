/*-------------------------------------------------------------------------
 * distributions.c
 *	  Normal, chi-square and Poisson distribution functions of employment_kpi
 *	  (pure C, no PostgreSQL calls except elog for can't-happen states).
 *
 *	  Everything is built on three pieces:
 *	  - the standard normal cdf from the C library's erfc (with the rounding
 *	    of x / sqrt 2 corrected) and the normal quantile of Wichura (1988,
 *	    AS 241, PPND16);
 *	  - the regularised incomplete gamma functions P(a, x) and Q(a, x): the
 *	    power series for P when x < a + 1; for x >= a + 1 the finite sum of
 *	    Poisson terms for Q when a is an integer or a half-integer (Poisson
 *	    cdfs, integer df), else Legendre's continued fraction.  Every term
 *	    is, or is anchored to, the Poisson probability x^a e^-x / Gamma(a+1)
 *	    in Loader's (2000) saddle-point form, which keeps full relative
 *	    precision for large a (a naive lgamma difference loses ~1e-9 at
 *	    a ~ 1e6), and the sums are compensated;
 *	  - root finding on those cdfs for the chi-square and Poisson quantiles.
 *
 *	  The smaller of P and Q is always computed directly (never as 1 - the
 *	  other), so both tails keep relative precision.  Measured against R
 *	  4.2 over the fixture grid (the R fixture test of the distributions) the largest
 *	  relative differences are ~5e-16 (normal), ~2e-13 (chi-square and
 *	  Poisson cdfs; R's own error is of that size far in the tails) and
 *	  ~3e-11 (chi-square quantile at p = 1 - 1e-12, where R is the less
 *	  accurate one).  Callers validate user input; these functions only
 *	  guard against NaN and return the limiting value for infinite
 *	  arguments.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <float.h>
#include <math.h>

#include "miscadmin.h"

#include "distributions.h"

/* Relative truncation target of the incomplete gamma sums. */
#define GAMMA_EPS	(DBL_EPSILON / 4.0)

/* ----------------------------------------------------------------------
 * Standard normal
 * ----------------------------------------------------------------------
 */

/* Low part of 1/sqrt(2): M_SQRT1_2 + SQRT1_2_LO = 1/sqrt(2) to ~1e-33. */
#define SQRT1_2_LO	(-4.833646656726457e-17)

/*
 * erfc(z + r) for a small correction r to the double z, to first order:
 * erfc(z + r) = erfc(z) - r (2/sqrt(pi)) exp(-z^2).  Used where z is a
 * rounded argument (x / sqrt 2, sqrt(x)) and r its rounding error: in the
 * upper tail erfc(z) has relative sensitivity ~2z, so the rounding of z alone
 * would cost ~2 z^2 eps (1.5e-13 at z = 26).
 */
static double
erfc_corrected(double z, double r)
{
	double		e = erfc(z);

	if (z > 1.0 && e > 0.0)
		e -= r * M_2_SQRTPI * exp(-z * z);
	return e;
}

/* erfc(x / sqrt 2) with the rounding of x / sqrt 2 taken into account. */
static double
erfc_x_sqrt1_2(double x)
{
	double		z = x * M_SQRT1_2;

	/* exact x / sqrt 2 = z + r: fma gives the product's rounding error */
	return erfc_corrected(z, fma(x, M_SQRT1_2, -z) + x * SQRT1_2_LO);
}

/*
 * Lower-tail standard normal cdf Phi(x) = erfc(-x / sqrt 2) / 2, from the C
 * library's erfc (glibc's is accurate to about an ulp, via Cody-style
 * rational approximations).
 */
double
ekpi_norm_cdf(double x)
{
	if (isnan(x))
		return x;
	return 0.5 * erfc_x_sqrt1_2(-x);
}

/* Upper tail 1 - Phi(x), computed directly for relative precision. */
double
ekpi_norm_sf(double x)
{
	if (isnan(x))
		return x;
	return 0.5 * erfc_x_sqrt1_2(x);
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

	/*
	 * For a < 1 the saddle-point form would divide two tiny numbers
	 * (exp(-stirlerr(a)) ~ sqrt(a) when a -> 0) and lose ~1e-13 at
	 * a = 1e-300; the direct product is accurate there, since Gamma(a + 1)
	 * lies in [0.88, 1] and x^a cannot overflow.
	 */
	if (a < 1.0)
		return pow(x, a) * exp(-x) / tgamma(a + 1.0);
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
 * Neumaier's compensated summation (Kahan-Babuska): add v to *sum, keeping
 * the rounding error in *comp.  The series below add thousands of terms for
 * a ~ 1e6, where plain summation would lose ~1e-14.
 */
static inline void
sum_add(double *sum, double *comp, double v)
{
	double		t = *sum + v;

	if (fabs(*sum) >= fabs(v))
		*comp += (*sum - t) + v;
	else
		*comp += (v - t) + *sum;
	*sum = t;
}

/* Terms of the sums below are recomputed from scratch this often. */
#define ANCHOR_EVERY 32

/*
 * P(a, x) for x < a + 1 by the power series
 *   P = sum_{n>=0} x^(a+n) e^-x / Gamma(a+n+1)
 * (Abramowitz & Stegun 6.5.29; Press et al., Numerical Recipes 6.2), i.e. a
 * sum of Poisson probabilities.  Each term is the previous one times
 * x / (a + n), but every ANCHOR_EVERY terms it is recomputed with
 * poisson_prob so that the rounding of a long product (~8,000 terms at
 * a = 1e6) does not accumulate.  The terms decrease with ratio
 * r = x / (a + n + 1) < 1, so the remainder after a term is at most
 * term r / (1 - r); we stop when that is below the sum's last bits.
 */
static double
gamma_p_series(double a, double x)
{
	double		sum = 0.0,
				comp = 0.0,
				term = 0.0;
	int			n,
				maxit = gamma_max_iter(a);

	for (n = 0; n <= maxit; n++)
	{
		CHECK_FOR_INTERRUPTS();
		if (n % ANCHOR_EVERY == 0)
			term = poisson_prob(a + n, x);
		else
			term *= x / (a + n);
		sum_add(&sum, &comp, term);
		if (term * x <= (a + n + 1.0 - x) * (sum + comp) * GAMMA_EPS)
			return sum + comp;
	}
	elog(ERROR, "incomplete gamma series did not converge for a=%g x=%g", a, x);
	return 0.0;					/* keep compiler quiet */
}

/*
 * Q(a, x) for x >= a + 1 when a is an integer or half an odd integer (the
 * Poisson cdf; chi-square with integer df):
 *   Q(a, x) = sum_{n=1..} x^(a-n) e^-x / Gamma(a-n+1)  [+ erfc(sqrt x)]
 * where the sum runs down to the term with exponent 0 for integer a, and
 * to exponent 1/2 plus Q(1/2, x) = erfc(sqrt x) for half-integer a (from
 * Q(b + 1, x) = Q(b, x) + x^b e^-x / Gamma(b + 1), A&S 6.5.21).  The terms
 * decrease going down (ratio j / x < 1), so we stop as soon as the remainder
 * bound term r / (1 - r) is negligible; terms are re-anchored as above.
 * Unlike the continued fraction this is a sum of positive terms, accurate
 * to a few ulps.
 */
static double
gamma_q_sum(double a, double x, bool half)
{
	double		sum = 0.0,
				comp = 0.0,
				term = 0.0,
				j;
	int			n,
				maxit = gamma_max_iter(a);
	double		jmin = half ? 0.5 : 0.0;

	for (n = 0, j = a - 1.0; j >= jmin; n++, j -= 1.0)
	{
		CHECK_FOR_INTERRUPTS();
		if (n > maxit)
			elog(ERROR, "incomplete gamma sum did not converge for a=%g x=%g", a, x);
		if (n % ANCHOR_EVERY == 0)
			term = (j == 0.0) ? exp(-x) : poisson_prob(j, x);
		else
			term *= (j + 1.0) / x;
		sum_add(&sum, &comp, term);
		if (term * j <= (x - j) * (sum + comp) * GAMMA_EPS)
			return sum + comp;
	}
	if (half)
	{
		double		s = sqrt(x);

		/* exact sqrt(x) = s - (s^2 - x) / (2 s) */
		sum_add(&sum, &comp, erfc_corrected(s, -fma(s, s, -x) / (2.0 * s)));
	}
	return sum + comp;
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

		CHECK_FOR_INTERRUPTS();

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
		/* within an ulp of 1 (a tighter test could cycle on rounding) */
		if (fabs(del - 1.0) <= DBL_EPSILON)
			return h * a * poisson_prob(a, x);
	}
	elog(ERROR, "incomplete gamma continued fraction did not converge for a=%g x=%g", a, x);
	return 0.0;					/* keep compiler quiet */
}

/* zeta(k) / k for k = 2..30 (computed with 30-digit mpmath) */
static const double zeta_over_k[] = {
	8.2246703342411322e-1, 4.0068563438653143e-1, 2.7058080842778455e-1,
	2.0738555102867399e-1, 1.6955717699740819e-1, 1.4404989676884612e-1,
	1.2550966952474304e-1, 1.1133426586956469e-1, 1.0009945751278181e-1,
	9.0954017145829042e-2, 8.3353840546109004e-2, 7.6932516411352191e-2,
	7.1432946295361336e-2, 6.6668705882420468e-2, 6.2500955141213041e-2,
	5.8823978658684582e-2, 5.5555767627403611e-2, 5.2631679379616661e-2,
	5.0000047698101694e-2, 4.7619070330142228e-2, 4.5454556293204669e-2,
	4.3478266053040259e-2, 4.166666915034121e-2, 4.0000001192140141e-2,
	3.8461539034675186e-2, 3.7037037312989326e-2, 3.5714285847333358e-2,
	3.4482758684919301e-2, 3.3333333364377581e-2
};

#define EULER_GAMMA 0.57721566490153286061

/*
 * log Gamma(1 + a) for 0 <= a < 1 with relative precision as a -> 0, where
 * lgamma(1.0 + a) would lose a to the rounding of 1 + a: the Taylor series
 * -gamma a + sum_{k>=2} (-1)^k zeta(k) a^k / k (A&S 6.1.33) for a < 1/4
 * (29 terms reach 1e-18), lgamma beyond.
 */
static double
lgamma1p(double a)
{
	double		sum = 0.0;
	int			k;

	if (a >= 0.25)
		return lgamma(1.0 + a);
	/* sum from the smallest term up */
	for (k = 30; k >= 2; k--)
		sum = -sum * a + zeta_over_k[k - 2];
	return a * (-EULER_GAMMA + a * sum);
}

/* log Gamma(1 + a) for any a > 0, precise as a -> 0 */
static double
lgamma1p_any(double a)
{
	return (a < 1.0) ? lgamma1p(a) : lgamma(1.0 + a);
}

/*
 * Q(a, x) for a < 1 and x < 1/4, where Q is small when a is small (Q ~
 * a E1(x)) and 1 - P would cancel.  From the series of gamma(a, x):
 *   Q = u + v,  u = 1 - x^a / Gamma(a+1) = -expm1(a log x - lgamma(1+a)),
 *   v = x^a / Gamma(a+1) * a * sum_{n>=1} (-1)^(n+1) x^n / (n! (a + n))
 * (the decomposition DiDonato & Morris 1986 use for small a); for x < 1/4
 * u dominates and the alternating sum converges fast.
 */
static double
gamma_q_small_a(double a, double x)
{
	double		e = a * log(x) - lgamma1p(a),
				u = -expm1(e),
				term = 1.0,
				sum = 0.0;
	int			n;

	for (n = 1; n < 100; n++)
	{
		double		s1;

		term *= -x / n;
		s1 = sum - term / (a + n);
		if (s1 == sum)
			break;
		sum = s1;
	}
	return u + exp(e) * a * sum;
}

/*
 * Q(a, x) for x >= a + 1: by the finite sum where a is an integer or a
 * half-integer (below 2^52, where that is exact), else by the continued
 * fraction.
 */
static double
gamma_q_upper(double a, double x)
{
	if (a < 4503599627370496.0)
	{
		if (a == floor(a))
			return gamma_q_sum(a, x, false);
		if (2.0 * a == floor(2.0 * a))
			return gamma_q_sum(a, x, true);
	}
	return gamma_q_contfrac(a, x);
}

/*
 * P(a, x) where no sum is needed: NaN outside the domain (a <= 0 or a NaN
 * argument), 0 for x <= 0, 1 for x = +Inf; false otherwise.  Q = 1 - P is
 * exact for each of these.
 */
static bool
gamma_p_limit(double a, double x, double *p)
{
	if (isnan(a) || isnan(x) || a <= 0.0)
		*p = NAN;
	else if (x <= 0.0)
		*p = 0.0;
	else if (isinf(x))
		*p = 1.0;
	else
		return false;
	return true;
}

/* Regularised lower incomplete gamma function P(a, x), a > 0. */
double
ekpi_gamma_p(double a, double x)
{
	double		p;

	if (gamma_p_limit(a, x, &p))
		return p;
	if (x < a + 1.0)
		return gamma_p_series(a, x);
	return 1.0 - gamma_q_upper(a, x);
}

/* Regularised upper incomplete gamma function Q(a, x) = 1 - P(a, x), a > 0. */
double
ekpi_gamma_q(double a, double x)
{
	double		p;

	if (gamma_p_limit(a, x, &p))
		return 1.0 - p;
	if (x < a + 1.0)
	{
		/*
		 * For a < 1 the upper tail can be small although x < a + 1; compute
		 * it directly: by the small-a expansion for small x, by the
		 * continued fraction (a few hundred terms at most) otherwise.
		 */
		if (a < 1.0)
			return (x < 0.25) ? gamma_q_small_a(a, x) : gamma_q_contfrac(a, x);
		return 1.0 - gamma_p_series(a, x);
	}
	return gamma_q_upper(a, x);
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

/*
 * Chi-square quantile.  Start from the Wilson & Hilferty (1931) cube-root
 * normal approximation (or, deep in the lower tail where it fails, from the
 * leading term P(a, y) ~ y^a / Gamma(a + 1)), then Newton steps in log x on
 * the log of the tail that p lies in: log P(x) when p <= 1/2 and log Q(x)
 * when p > 1/2 (Q = 1 - p is exact there), so that both tails keep relative
 * precision; this is the approach of Best & Roberts (1975, AS 91) with the
 * series step replaced by Newton on an accurate cdf.  A bracket is kept and
 * bisection (on log x) takes over if a Newton step would leave it.  p = 0
 * gives 0, p = 1 gives +Inf.
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
			/*
			 * small-x leading term: P(a, y) = y^a / Gamma(a + 1) (1 - a y /
			 * (a + 1) + ...), so y = (p Gamma(a + 1))^(1/a).  When that y is
			 * below 1e-17 the neglected factor is 1 to double precision and
			 * it is the answer (possibly underflowing to 0, as R's does).
			 */
			double		xs = 2.0 * exp((logtarget + lgamma1p_any(a)) / a);

			if (xs < 2e-17)
				return xs;
			if (x <= 0.0 || xs < x)
				x = xs;
		}
		if (!(x > 0.0) || !isfinite(x))
			x = df;
	}

	for (iter = 0; iter < 200; iter++)
	{
		/* x f(x) for the chi-square density f: a times the Poisson prob. */
		double		xf = a * poisson_prob(a, 0.5 * x),
					tail,
					xnew;

		if (lower)
		{
			tail = ekpi_chisq_cdf(x, df);
			if (tail < target)
				lo = x;
			else
				hi = x;
		}
		else
		{
			tail = ekpi_chisq_sf(x, df);
			if (tail > target)
				lo = x;
			else
				hi = x;
		}

		if (tail > 0.0 && xf > 0.0)
		{
			/*
			 * Newton on u = log x for h(u) = log(tail) - log(target), with
			 * dh/du = x f / P in the lower tail and -x f / Q in the upper
			 * tail.  log P is nearly linear in log x for small x, and log Q
			 * nearly linear in x for large x, so this converges in a few
			 * steps from the starting value.
			 */
			double		du = (logtarget - log(tail)) * tail / xf;

			/* far from the root a step may be absurd; the bracket does the rest */
			du = Max(-20.0, Min(20.0, du));

			xnew = x * exp(lower ? du : -du);
		}
		else
			xnew = -1.0;		/* tail or density underflowed: bisect */

		/* stay inside the bracket; bisect (geometrically) otherwise */
		if (!(xnew >= lo && xnew <= hi) || !(xnew >= DBL_MIN))
		{
			if (isinf(hi))
				xnew = 4.0 * x;
			else if (lo > 0.0)
				xnew = sqrt(lo * hi);
			else if (hi > DBL_MIN)
				xnew = Max(1e-4 * hi, DBL_MIN);
			else
				return 0.0;		/* the quantile is below DBL_MIN (as with df -> 0) */
		}

		/*
		 * Newton converges quadratically, so once a step is below 1e-12
		 * relative the new iterate is exact up to the rounding noise of the
		 * cdf; waiting for smaller steps could bounce on that noise.
		 */
		if (fabs(xnew - x) <= 1e-12 * x)
			return xnew;
		x = xnew;
		if (isfinite(hi) && hi - lo <= 4.0 * DBL_EPSILON * hi)
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
 * The fuzz of the Poisson quantile: the search accepts k when P(X <= k)
 * reaches p less a tolerance for rounding, so that a p computed as the cdf
 * at k (by us or by R) gives k back.
 *
 * R 4.2's qpois accepts P(X <= k) >= p (1 - 8 eps) (measured: on 48,000
 * probes p = F(k)(1 + m eps), m = -3..80, R agreed with that rule every
 * time, and not with 4 or 16 eps).  Its ppois is itself off the exact value
 * by up to ~34 eps relative (measured against 40-digit mpmath), as ours is
 * by a few eps, so a p that R computed as ppois(k) can sit up to ~40 eps
 * above our cdf at k.  We therefore allow 64 eps of the smaller tail,
 * min(p, 1 - p), but never less than R's 8 eps of p: near p = 1 the cdf is
 * 1 - Q with Q tiny and both programs agree to an ulp, and there R's rule is
 * reproduced exactly (qpois(1 - 1e-12, 25) = 68 because P(X <= 67) lies
 * 16 eps below p, while qpois(1 - 1e-12, 1e5) = 102232 with P(X <= 102232)
 * 7 eps below).
 */
static double
poisson_fuzzed_target(double p)
{
	double		tol = 64.0 * DBL_EPSILON * Min(p, 1.0 - p);

	tol = Max(tol, 8.0 * DBL_EPSILON * p);
	return p - tol;
}

/*
 * Poisson quantile: the smallest integer k with P(X <= k) >= p (up to the
 * fuzz described at poisson_fuzzed_target).  The search starts at the
 * Cornish-Fisher expansion k ~ lambda + sqrt(lambda) (z + (z^2 - 1) /
 * (6 sqrt(lambda))), brackets the answer by doubling steps and finishes by
 * bisection on the integers, so it needs O(log) cdf evaluations.  p = 0
 * gives 0, p = 1 gives +Inf.
 */
double
ekpi_poisson_quantile(double p, double lambda)
{
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

	target = poisson_fuzzed_target(p);

	sigma = sqrt(lambda);
	z = ekpi_norm_quantile(p);
	y = floor(lambda + sigma * (z + (z * z - 1.0) / (6.0 * sigma)) + 0.5);
	if (y < 0.0)
		y = 0.0;

	/*
	 * Bracket: lo = largest known k that does not reach p (-1 if none), hi =
	 * smallest known k that does.
	 */
	if (ekpi_poisson_cdf(y, lambda) >= target)
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
			if (ekpi_poisson_cdf(lo, lambda) < target)
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
			if (ekpi_poisson_cdf(hi, lambda) >= target)
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
		if (ekpi_poisson_cdf(mid, lambda) >= target)
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}
