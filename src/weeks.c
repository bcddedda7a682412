/*-------------------------------------------------------------------------
 * weeks.c
 *	  The week calendar of the model: iso_monday(d), the Monday of d's ISO
 *	  week (the key of every week-level fact), and week_series(lo, hi), the
 *	  dates lo, lo + 7, ... up to hi, which expands spells, assignments and
 *	  offers into citizen-weeks.
 *
 *	  Why not generate_series: the scorecard calls it once per spell with
 *	  bounds taken from the row, so the planner cannot use the constant-
 *	  argument row estimate of generate_series and falls back to 1000 rows
 *	  a call, two orders of magnitude too many; the resulting plans sort
 *	  hundreds of millions of imaginary rows (merge joins, spilled hashes).
 *	  This function is declared with ROWS 13, about a quarter of a year,
 *	  which is close to the typical clipped spell.
 *-------------------------------------------------------------------------
 */
#include "compat.h"

#include "fmgr.h"
#include "funcapi.h"
#include "utils/date.h"

PG_FUNCTION_INFO_V1(ekpi_iso_monday);
PG_FUNCTION_INFO_V1(ekpi_week_series);

/*
 * iso_monday(d date) RETURNS date: the Monday of d's ISO week.  Infinite
 * dates pass unchanged, so open bounds stay open.  In C rather than SQL:
 * the callers apply it to millions of rows, and one call is cheaper than
 * date_trunc on a timestamp or four operators.
 */
Datum
ekpi_iso_monday(PG_FUNCTION_ARGS)
{
	DateADT		d = PG_GETARG_DATEADT(0);

	if (DATE_NOT_FINITE(d))
		PG_RETURN_DATEADT(d);
	/*
	 * DateADT counts days from 2000-01-01, a Saturday, so day 2 is a Monday.
	 * The earliest valid date (4714-11-24 BC, Julian day 0) is a Monday, so
	 * the result is always a valid date.
	 */
	PG_RETURN_DATEADT(d - (((d - 2) % 7) + 7) % 7);
}

typedef struct WeekSeriesState
{
	DateADT		next;
	DateADT		hi;
} WeekSeriesState;

/* week_series(lo date, hi date) RETURNS SETOF date, value per call */
Datum
ekpi_week_series(PG_FUNCTION_ARGS)
{
	FuncCallContext *funcctx;
	WeekSeriesState *st;

	if (SRF_IS_FIRSTCALL())
	{
		DateADT		lo = PG_GETARG_DATEADT(0);
		DateADT		hi = PG_GETARG_DATEADT(1);
		MemoryContext oldcontext;

		if (DATE_NOT_FINITE(lo) || DATE_NOT_FINITE(hi))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("week_series bounds must be finite dates")));

		funcctx = SRF_FIRSTCALL_INIT();
		oldcontext = MemoryContextSwitchTo(funcctx->multi_call_memory_ctx);
		st = (WeekSeriesState *) palloc(sizeof(WeekSeriesState));
		st->next = lo;
		st->hi = hi;
		funcctx->user_fctx = st;
		MemoryContextSwitchTo(oldcontext);
	}

	funcctx = SRF_PERCALL_SETUP();
	st = (WeekSeriesState *) funcctx->user_fctx;
	if (st->next <= st->hi)
	{
		DateADT		d = st->next;

		/* finite dates are far from the int32 limits, so +7 cannot overflow */
		st->next += 7;
		SRF_RETURN_NEXT(funcctx, DateADTGetDatum(d));
	}
	SRF_RETURN_DONE(funcctx);
}
