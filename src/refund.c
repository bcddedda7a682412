/*-------------------------------------------------------------------------
 * refund.c
 *	  The refund-week state machine of the Danish refund staircase
 *	  (refusionstrappen, LBK nr. 221 af 12/02/2021 §§ 5-6).
 *
 *	  The state refunds a share of each benefit payment that falls with the
 *	  citizen's number of weeks with benefits.  The count starts over once
 *	  the citizen, after the first benefit week of the current count, has had
 *	  S whole calendar weeks of self-support in total within the last W weeks
 *	  (S = config.refund_reset_selfsupport_weeks = 52, W =
 *	  config.refund_reset_window_weeks = 156).
 *
 *	  Input is one citizen's benefit weeks: a strictly ascending date[] of ISO
 *	  week Mondays (a week is a benefit week when the citizen is on support
 *	  at least one day of it; every other week is a self-support week).  The
 *	  state machine walks the weeks once, so callers run it per citizen (in
 *	  SQL: array_agg per citizen_id, which pushes down to the citizen shards
 *	  of a distributed table).
 *
 *	  SQL entry points:
 *	    refund_spell_weeks(starts date[], ends date[], as_of date,
 *	                       selfsupport_weeks int, window_weeks int)
 *	        -> TABLE(week date, refund_week int)
 *	        expands one citizen's spells (in any order, overlaps allowed)
 *	        into its benefit weeks up to the week holding as_of and numbers
 *	        them; this is what the set-based SQL uses, one call per citizen;
 *	    refund_week_numbers(weeks date[], selfsupport_weeks int,
 *	                        window_weeks int) -> int[]
 *	        the refund-week number of every input week (same length);
 *	    refund_week_count(weeks date[], as_of date, selfsupport_weeks int,
 *	                      window_weeks int) -> int
 *	        the count as of the ISO week holding as_of: benefit weeks since
 *	        the last reset up to and including that week (0 after a reset).
 *
 *	  Why the reset needs only one check per gap: between two benefit weeks
 *	  the number of self-support weeks inside the sliding window never falls
 *	  (each step adds a self-support week and drops at most one), so the
 *	  condition holds somewhere in a gap iff it holds at the gap's last week.
 *	  With a pointer to the first benefit week inside the window the whole
 *	  walk is O(n).
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/tuplestore.h"

#include "compat.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"

PG_FUNCTION_INFO_V1(ekpi_refund_week_numbers);
PG_FUNCTION_INFO_V1(ekpi_refund_week_count);
PG_FUNCTION_INFO_V1(ekpi_refund_spell_weeks);

/* Bound on one citizen's expanded benefit weeks (20,000 years of spells). */
#define EKPI_MAX_SPELL_WEEKS 1000000

/* 2000-01-03, the first Monday of the PostgreSQL date epoch, is day 2. */
#define EKPI_MONDAY_OFFSET 2

/* Parameters of the reset rule, validated. */
typedef struct RefundRule
{
	int32		selfsupport_weeks;	/* S */
	int32		window_weeks;		/* W */
} RefundRule;

/* Reads and checks the rule's two integer arguments. */
static RefundRule
get_rule(FunctionCallInfo fcinfo, int sarg, int warg)
{
	RefundRule	r;

	if (PG_ARGISNULL(sarg) || PG_ARGISNULL(warg))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("selfsupport_weeks and window_weeks must not be NULL")));
	r.selfsupport_weeks = PG_GETARG_INT32(sarg);
	r.window_weeks = PG_GETARG_INT32(warg);
	if (r.selfsupport_weeks < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("selfsupport_weeks must be at least 1, got %d",
						r.selfsupport_weeks)));
	if (r.window_weeks < r.selfsupport_weeks)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("window_weeks (%d) must be at least selfsupport_weeks (%d)",
						r.window_weeks, r.selfsupport_weeks)));
	return r;
}

/* Week number of a Monday date, raising on non-finite dates and other days. */
static int32
monday_week(DateADT d, const char *what)
{
	int32		rel;

	if (DATE_NOT_FINITE(d))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a finite date", what)));
	/* dates are bounded far inside int32, so this cannot overflow */
	rel = (int32) d - EKPI_MONDAY_OFFSET;
	if (rel % 7 != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be ISO week Mondays, got %s", what,
						DatumGetCString(DirectFunctionCall1(date_out,
															DateADTGetDatum(d))))));
	/* floor division: dates before 2000 give negative week numbers */
	return rel >= 0 ? rel / 7 : -((-rel) / 7);
}

/* Week number of the ISO week holding any finite date. */
static int32
week_of(DateADT d)
{
	int32		rel;

	if (DATE_NOT_FINITE(d))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("as_of must be a finite date")));
	rel = (int32) d - EKPI_MONDAY_OFFSET;
	return rel >= 0 ? rel / 7 : -((-rel + 6) / 7);
}

/*
 * Deconstructs the weeks array into week numbers, checking that it is
 * one-dimensional, NULL-free and strictly ascending Mondays.  Returns the
 * number of weeks; *out is palloc'd in the current (per-call) context.
 */
static int
get_weeks(ArrayType *arr, int32 **out)
{
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	int32	   *w;

	if (ARR_ELEMTYPE(arr) != DATEOID)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("weeks must be an array of date")));
	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("weeks must be a one-dimensional array, got %d dimensions",
						ARR_NDIM(arr))));
	deconstruct_array(arr, DATEOID, sizeof(DateADT), true, TYPALIGN_INT,
					  &elems, &nulls, &n);
	w = palloc(sizeof(int32) * Max(n, 1));
	for (int i = 0; i < n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("weeks must not contain NULL (element %d)", i + 1)));
		w[i] = monday_week(DatumGetDateADT(elems[i]), "weeks");
		if (i > 0 && w[i] <= w[i - 1])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("weeks must be strictly ascending (element %d)", i + 1)));
	}
	pfree(elems);
	pfree(nulls);
	*out = w;
	return n;
}

/*
 * The state machine.  Walks weeks w[0..n-1]; when nums is not NULL, stores
 * each week's refund-week number.  When as_of_week is given (has_as_of), the
 * walk stops at that week and the count as of it is returned (benefit weeks
 * after it are ignored, a reset in the gap up to it is applied).
 *
 * State: count (benefit weeks since the last reset), first (week number of
 * the first benefit week of the current count) and lo (index of the first
 * benefit week that may still lie in the look-back window).
 */
static int32
run_machine(const int32 *w, int n, RefundRule r, int32 *nums,
			bool has_as_of, int32 as_of_week)
{
	int32		count = 0;
	int32		first = 0;
	int			lo = 0;

	for (int i = 0; i <= n; i++)
	{
		/* the week closing the gap before w[i] (or as_of after the last) */
		bool		at_end = (i == n) || (has_as_of && w[i] > as_of_week);
		int32		t;

		CHECK_FOR_INTERRUPTS();

		if (at_end && !has_as_of)
			break;
		t = at_end ? as_of_week : w[i] - 1;	/* last self-support week checked */

		if (count > 0 && t > w[i - 1])
		{
			/* window of self-support weeks counted: [ws, t] */
			int32		ws = Max(first + 1, t - r.window_weeks + 1);
			int32		benefit_in_window;

			while (lo < i && w[lo] < ws)
				lo++;
			benefit_in_window = i - lo;
			if ((t - ws + 1) - benefit_in_window >= r.selfsupport_weeks)
				count = 0;		/* reset: the next benefit week is week 1 */
		}
		if (at_end)
			break;
		if (count == 0)
		{
			first = w[i];
			lo = i;
		}
		count++;
		if (nums)
			nums[i] = count;
	}
	return count;
}

/* refund_week_numbers(weeks date[], selfsupport_weeks int, window_weeks int) */
Datum
ekpi_refund_week_numbers(PG_FUNCTION_ARGS)
{
	RefundRule	r;
	int32	   *w;
	int32	   *nums;
	Datum	   *out;
	int			n;
	ArrayType  *result;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("weeks must not be NULL")));
	r = get_rule(fcinfo, 1, 2);
	n = get_weeks(PG_GETARG_ARRAYTYPE_P(0), &w);
	nums = palloc(sizeof(int32) * Max(n, 1));
	run_machine(w, n, r, nums, false, 0);

	out = palloc(sizeof(Datum) * Max(n, 1));
	for (int i = 0; i < n; i++)
		out[i] = Int32GetDatum(nums[i]);
	result = construct_array(out, n, INT4OID, sizeof(int32), true, TYPALIGN_INT);
	pfree(w);
	pfree(nums);
	pfree(out);
	PG_RETURN_ARRAYTYPE_P(result);
}

/* refund_week_count(weeks date[], as_of date, selfsupport_weeks int, window_weeks int) */
Datum
ekpi_refund_week_count(PG_FUNCTION_ARGS)
{
	RefundRule	r;
	int32	   *w;
	int			n;
	int32		as_of_week;
	int32		count;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("weeks and as_of must not be NULL")));
	r = get_rule(fcinfo, 2, 3);
	as_of_week = week_of(PG_GETARG_DATEADT(1));
	n = get_weeks(PG_GETARG_ARRAYTYPE_P(0), &w);
	count = run_machine(w, n, r, NULL, true, as_of_week);
	pfree(w);
	PG_RETURN_INT32(count);
}

static int
cmp_int32(const void *a, const void *b)
{
	int32		x = *(const int32 *) a;
	int32		y = *(const int32 *) b;

	return (x > y) - (x < y);
}

/*
 * refund_spell_weeks(starts date[], ends date[], as_of date,
 *                    selfsupport_weeks int, window_weeks int)
 *   -> TABLE(week date, refund_week int)
 *
 * One citizen's spells: starts[i]..ends[i] inclusive, ends[i] NULL = ongoing.
 * Spells starting after as_of are ignored and ends are cut at as_of (the
 * facts as known at as_of).  Every ISO week with at least one day on support
 * is a benefit week; overlapping spells and several spells in one week give
 * one benefit week.  Rows come in week order.
 */
Datum
ekpi_refund_spell_weeks(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ArrayType  *sarr;
	ArrayType  *earr;
	Datum	   *sd;
	Datum	   *ed;
	bool	   *sn;
	bool	   *en;
	int			ns;
	int			ne;
	DateADT		as_of;
	RefundRule	r;
	int32	   *w;
	int32	   *nums;
	int64		total = 0;
	int			n = 0;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("starts, ends and as_of must not be NULL")));
	r = get_rule(fcinfo, 3, 4);
	as_of = PG_GETARG_DATEADT(2);
	(void) week_of(as_of);		/* rejects a non-finite as_of */
	sarr = PG_GETARG_ARRAYTYPE_P(0);
	earr = PG_GETARG_ARRAYTYPE_P(1);
	if (ARR_ELEMTYPE(sarr) != DATEOID || ARR_ELEMTYPE(earr) != DATEOID)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("starts and ends must be arrays of date")));
	if (ARR_NDIM(sarr) > 1 || ARR_NDIM(earr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("starts and ends must be one-dimensional arrays")));
	deconstruct_array(sarr, DATEOID, sizeof(DateADT), true, TYPALIGN_INT, &sd, &sn, &ns);
	deconstruct_array(earr, DATEOID, sizeof(DateADT), true, TYPALIGN_INT, &ed, &en, &ne);
	if (ns != ne)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("starts and ends must have the same length, got %d and %d", ns, ne)));

	/* validate and count the weeks first, so one allocation suffices */
	for (int i = 0; i < ns; i++)
	{
		DateADT		s0;
		DateADT		e0;

		CHECK_FOR_INTERRUPTS();

		if (sn[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("starts must not contain NULL (element %d)", i + 1)));
		s0 = DatumGetDateADT(sd[i]);
		if (DATE_NOT_FINITE(s0) || (!en[i] && DATE_NOT_FINITE(DatumGetDateADT(ed[i]))))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("spell dates must be finite (element %d)", i + 1)));
		if (!en[i] && DatumGetDateADT(ed[i]) < s0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("spell ends before it starts (element %d)", i + 1)));
		if (s0 > as_of)
			continue;
		e0 = (en[i] || DatumGetDateADT(ed[i]) > as_of) ? as_of : DatumGetDateADT(ed[i]);
		total += (int64) week_of(e0) - week_of(s0) + 1;
		if (total > EKPI_MAX_SPELL_WEEKS)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("spells cover more than %d weeks", EKPI_MAX_SPELL_WEEKS)));
	}

	w = palloc(sizeof(int32) * Max(total, 1));
	for (int i = 0; i < ns; i++)
	{
		DateADT		s0 = DatumGetDateADT(sd[i]);
		DateADT		e0;
		int32		last;

		CHECK_FOR_INTERRUPTS();

		if (s0 > as_of)
			continue;
		e0 = (en[i] || DatumGetDateADT(ed[i]) > as_of) ? as_of : DatumGetDateADT(ed[i]);
		last = week_of(e0);
		for (int32 k = week_of(s0); k <= last; k++)
			w[n++] = k;
	}
	/* sort and drop duplicate weeks (overlaps, two spells in one week) */
	if (n > 1)
	{
		int			m = 1;

		qsort(w, n, sizeof(int32), cmp_int32);
		for (int i = 1; i < n; i++)
			if (w[i] != w[m - 1])
				w[m++] = w[i];
		n = m;
	}
	nums = palloc(sizeof(int32) * Max(n, 1));
	run_machine(w, n, r, nums, false, 0);

	InitMaterializedSRF(fcinfo, 0);
	for (int i = 0; i < n; i++)
	{
		Datum		values[2];
		bool		nulls[2] = {false, false};

		CHECK_FOR_INTERRUPTS();

		values[0] = DateADTGetDatum((DateADT) (w[i] * 7 + EKPI_MONDAY_OFFSET));
		values[1] = Int32GetDatum(nums[i]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	pfree(w);
	pfree(nums);
	return (Datum) 0;
}
