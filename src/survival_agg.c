/*-------------------------------------------------------------------------
 * survival_agg.c
 *	  Transition, combine and final functions of the aggregates
 *	  survival_agg(duration, event) and rollup(survival).
 *
 *	  The transition state is the survival type itself (not "internal") so
 *	  that parallel workers, partition-wise aggregation and Citus can ship
 *	  partial states.  Inside an aggregate the state is updated in place:
 *	  a time already in the sorted part is found by binary search and its
 *	  counts incremented; a new time goes to an unsorted append buffer that
 *	  is sorted and merged into the sorted part when it holds as many rows
 *	  as the sorted part (at least 64), so insertion costs amortised
 *	  O(log n) both for few distinct times and for many.
 *
 *	  When the state must grow we never repalloc() it: the executor owns the
 *	  old block.  Instead we build a bigger block in the per-call memory
 *	  context and return it; nodeAgg then copies the returned datum into the
 *	  aggregate context and frees the old state (see ExecAggTransReparent).
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "miscadmin.h"

#include "survival.h"

PG_FUNCTION_INFO_V1(survival_agg_transfn);
PG_FUNCTION_INFO_V1(survival_agg_transfn_int4);
PG_FUNCTION_INFO_V1(survival_combine);
PG_FUNCTION_INFO_V1(survival_finalize);

/* Largest append buffer for a given number of sorted rows. */
static inline int32
buffer_limit(int32 nsorted)
{
	return Max(64, nsorted);
}

/*
 * Sort and merge the buffer of s into its sorted part, making sure room for a
 * full buffer follows.  Returns s, or a new bigger value allocated in
 * CurrentMemoryContext (then s is freed unless it is "owned", the block the
 * caller or the executor owns).
 */
static Survival *
state_flush(Survival *s, const Survival *owned)
{
	int32		ns = s->hdr.nsorted;
	int32		nb = survival_sort_dedup(s->rows + ns, s->hdr.nbuf);
	SurvivalRow *tmp = palloc(Max(ns + nb, 1) * sizeof(SurvivalRow));
	int32		m = survival_merge_rows(s->rows, ns, s->rows + ns, nb, tmp);
	int64		need = (int64) m + buffer_limit(m);

	if (need > SURVIVAL_MAX_ROWS)
		need = SURVIVAL_MAX_ROWS;
	if (need <= m)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("survival summary would exceed %d distinct times",
						SURVIVAL_MAX_ROWS)));
	if (need > SURVIVAL_CAPACITY(s))
	{
		Survival   *r = survival_alloc((int32) need);

		if (s != owned)
			pfree(s);
		s = r;
	}
	memcpy(s->rows, tmp, m * sizeof(SurvivalRow));
	s->hdr.nsorted = m;
	s->hdr.nbuf = 0;
	pfree(tmp);
	return s;
}

/*
 * Add counts for one time to a (writable) state; returns the state, which
 * is a different pointer when it had to grow.
 */
Survival *
survival_state_add(Survival *s, const Survival *owned,
				   float8 time, int64 nevent, int64 ncensor)
{
	for (;;)
	{
		SurvivalRow *rows = s->rows;
		int32		ns = s->hdr.nsorted;
		int32		lo = ns;

		if (ns > 0)
		{
			float8		t0 = rows[0].time,
						t1 = rows[ns - 1].time;
			int32		base,
						len;

			/*
			 * Guess the position by interpolation first: exact for dense
			 * integer times (weeks, days), close for evenly spread ones.
			 */
			if (time >= t0 && time <= t1)
			{
				int32		g;

				if (t1 - t0 == (float8) (ns - 1))
					g = (int32) (time - t0);	/* dense unit steps: no division */
				else
					g = (t1 > t0) ?
						(int32) ((time - t0) / (t1 - t0) * (ns - 1) + 0.5) : 0;

				if (g >= 0 && g < ns && rows[g].time == time)
				{
					lo = g;
					goto found;
				}
			}
			/* branch-free lower bound: first row with time >= the new one */
			base = 0;
			len = ns;
			while (len > 1)
			{
				int32		half = len >> 1;

				base = (rows[base + half - 1].time < time) ? base + half : base;
				len -= half;
			}
			lo = base + (rows[base].time < time);
		}
		if (lo < ns && rows[lo].time == time)
		{
	found:
			rows[lo].nevent = survival_add_count(rows[lo].nevent, nevent);
			rows[lo].ncensor = survival_add_count(rows[lo].ncensor, ncensor);
			return s;
		}
		if (s->hdr.nbuf < buffer_limit(ns) &&
			ns + s->hdr.nbuf < SURVIVAL_CAPACITY(s))
		{
			SurvivalRow *r = &rows[ns + s->hdr.nbuf];

			r->time = time;
			r->nevent = nevent;
			r->ncensor = ncensor;
			s->hdr.nbuf++;
			return s;
		}
		/* buffer full: merge it, then retry (finds the time or has room) */
		s = state_flush(s, owned);
	}
}

/* A private writable copy of s in CurrentMemoryContext. */
static Survival *
survival_copy(const Survival *s)
{
	Survival   *r = palloc(VARSIZE(s));

	memcpy(r, s, VARSIZE(s));
	return r;
}

/* The state to update: in place inside an aggregate, else a copy. */
static Survival *
writable_state(FunctionCallInfo fcinfo)
{
	Survival   *s = PG_GETARG_SURVIVAL_P(0);

	survival_check_header(s);
	if (!AggCheckCallContext(fcinfo, NULL))
		s = survival_copy(s);
	return s;
}

static inline void
check_duration(float8 d)
{
	if (isnan(d) || isinf(d))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("duration must be finite, got %g", d)));
	if (d < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("duration must not be negative, got %g", d)));
}

/*
 * survival_agg_transfn(state survival, duration float8, event boolean)
 * STRICT: rows with a NULL duration or event never reach it.
 */
Datum
survival_agg_transfn(PG_FUNCTION_ARGS)
{
	float8		d = PG_GETARG_FLOAT8(1);
	bool		event = PG_GETARG_BOOL(2);
	Survival   *s;

	check_duration(d);
	if (d == 0)
		d = 0.0;				/* fold -0 into +0 */
	s = writable_state(fcinfo);
	PG_RETURN_SURVIVAL_P(survival_state_add(s, s, d, event ? 1 : 0, event ? 0 : 1));
}

/* survival_agg_transfn(state survival, duration int4, event boolean) */
Datum
survival_agg_transfn_int4(PG_FUNCTION_ARGS)
{
	int32		d = PG_GETARG_INT32(1);
	bool		event = PG_GETARG_BOOL(2);
	Survival   *s;

	if (d < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("duration must not be negative, got %d", d)));
	s = writable_state(fcinfo);
	PG_RETURN_SURVIVAL_P(survival_state_add(s, s, (float8) d,
											event ? 1 : 0, event ? 0 : 1));
}

/*
 * survival_combine(a survival, b survival): a plus b.  The combine function
 * of both aggregates and the transition function of rollup().  b may be a
 * partial state from a parallel worker (unsorted buffer, spare room), so
 * its rows are re-validated cheaply as they are added.
 */
Datum
survival_combine(PG_FUNCTION_ARGS)
{
	Survival   *s = writable_state(fcinfo);
	Survival   *owned = s;
	Survival   *b = PG_GETARG_SURVIVAL_P(1);
	int32		i,
				n;

	survival_check_header(b);
	n = b->hdr.nsorted + b->hdr.nbuf;
	for (i = 0; i < n; i++)
	{
		const SurvivalRow *r = &b->rows[i];

		CHECK_FOR_INTERRUPTS();

		if (isnan(r->time) || isinf(r->time) || r->time < 0 ||
			r->nevent < 0 || r->ncensor < 0 ||
			(r->nevent == 0 && r->ncensor == 0))
			ereport(ERROR,
					(errcode(ERRCODE_DATA_CORRUPTED),
					 errmsg("corrupted survival summary"),
					 errdetail("invalid row %d", i + 1)));
		s = survival_state_add(s, owned, r->time, r->nevent, r->ncensor);
	}
	PG_RETURN_SURVIVAL_P(s);
}

/*
 * survival_finalize(state survival): the canonical compact copy of a state.
 * Never modifies the state (the final function may run more than once).
 */
Datum
survival_finalize(PG_FUNCTION_ARGS)
{
	Survival   *s = PG_GETARG_SURVIVAL_P(0);
	Survival   *r = survival_canonical(s);

	if (r == s)
		r = survival_copy(s);
	PG_RETURN_SURVIVAL_P(r);
}
