/*-------------------------------------------------------------------------
 * effect.c
 *	  The "effect" type: a stratified matched comparison (dynamic matching,
 *	  Sianesi 2004) kept as per-stratum counts, its aggregates
 *	  matched_effect_agg(stratum, treated, outcome [, n]) and rollup(effect),
 *	  and the accessors (ATT, standard error, the hybrid score interval, the
 *	  intervals of the two rates, counts).
 *
 *	  A value holds, per stratum key (any text), four bigint counts: treated
 *	  observations, treated with the outcome, comparison observations,
 *	  comparison with the outcome.  Everything else (ATT, SE, unmatched) is
 *	  derived at read time, so values from disjoint or overlapping slices
 *	  combine exactly: rollup of per-month effects equals the effect of the
 *	  whole period.
 *
 *	  In-memory (and on-disk) layout: varlena header, format version byte,
 *	  then "capacity" fixed-size stratum slots (the first "nsorted" sorted by
 *	  key bytes, strictly increasing, then "nbuf" unsorted slots used only
 *	  while aggregating), then a pool of key bytes ("pool_size" bytes, the
 *	  first "pool_used" in use).  The canonical form (what final functions,
 *	  input functions and accessors hand out) has nbuf = 0, no spare slots,
 *	  a compact pool in slot order, and no all-zero slot.
 *
 *	  Text form (version 1):  v1:{"key":n1:y1:n0:y0,...}  (key in double
 *	  quotes, '"' and '\' escaped by a backslash; the empty value v1:{}).
 *	  Binary form (version 1): byte version, int32 count, then per stratum
 *	  int32 key length, the key bytes (server encoding), int64 n1, y1, n0, y0.
 *
 *	  The transition state is the type itself (not internal) so that
 *	  parallel workers, partition-wise aggregation and Citus can ship partial
 *	  states.  A state is updated in place when there is room; when it must
 *	  grow a bigger block is built in the per-call context and returned
 *	  (never repalloc a state the executor owns).
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <ctype.h>
#include <math.h>

#include "common/int.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "distributions.h"
#include "summary.h"
#define TYPEIO_TYPE_NAME "effect"
#define TYPEIO_ITEM "stratum"
#define TYPEIO_ITEMS "strata"
#include "typeio.h"

#define EFFECT_VERSION 1

/* Counts of one stratum; the key lives in the pool at [off, off + len). */
typedef struct EffectSlot
{
	int64		n1;				/* treated observations */
	int64		y1;				/* treated with the outcome */
	int64		n0;				/* comparison observations */
	int64		y0;				/* comparison with the outcome */
	uint32		off;
	uint32		len;
} EffectSlot;

typedef struct Effect
{
	SummaryHeader hdr;			/* version EFFECT_VERSION; slots by key */
	int32		capacity;		/* slots allocated */
	uint32		pool_used;		/* key bytes in use */
	uint32		pool_size;		/* key bytes allocated */
	EffectSlot	slots[FLEXIBLE_ARRAY_MEMBER];
} Effect;

#define EFFECT_HDRSZ		offsetof(Effect, slots)
#define EFFECT_SIZE(cap, pool) (EFFECT_HDRSZ + (Size) (cap) * sizeof(EffectSlot) + (Size) (pool))
#define EFFECT_POOL(e)		((char *) ((e)->slots + (e)->capacity))
/* Limits keeping every size far below MaxAllocSize. */
#define EFFECT_MAX_SLOTS	((int32) (MaxAllocSize / 4 / sizeof(EffectSlot)))
#define EFFECT_MAX_POOL		((uint32) (MaxAllocSize / 4))
/* Largest unsorted buffer (searched linearly) before a merge. */
#define EFFECT_BUFFER		32

#define DatumGetEffectP(X)	((Effect *) PG_DETOAST_DATUM(X))
#define PG_GETARG_EFFECT_P(n) DatumGetEffectP(PG_GETARG_DATUM(n))
#define PG_RETURN_EFFECT_P(x) PG_RETURN_POINTER(x)

PG_FUNCTION_INFO_V1(effect_in);
PG_FUNCTION_INFO_V1(effect_out);
PG_FUNCTION_INFO_V1(effect_recv);
PG_FUNCTION_INFO_V1(effect_send);
PG_FUNCTION_INFO_V1(effect_from_bytea);
PG_FUNCTION_INFO_V1(effect_agg_transfn);
PG_FUNCTION_INFO_V1(effect_agg_transfn_n);
PG_FUNCTION_INFO_V1(effect_combine);
PG_FUNCTION_INFO_V1(effect_finalize);
PG_FUNCTION_INFO_V1(effect_att);
PG_FUNCTION_INFO_V1(effect_se);
PG_FUNCTION_INFO_V1(effect_ci_low);
PG_FUNCTION_INFO_V1(effect_ci_high);
PG_FUNCTION_INFO_V1(effect_treated);
PG_FUNCTION_INFO_V1(effect_controls);
PG_FUNCTION_INFO_V1(effect_unmatched);
PG_FUNCTION_INFO_V1(effect_treated_rate);
PG_FUNCTION_INFO_V1(effect_control_rate);
PG_FUNCTION_INFO_V1(effect_control_n_eff);
PG_FUNCTION_INFO_V1(effect_treated_rate_low);
PG_FUNCTION_INFO_V1(effect_treated_rate_high);
PG_FUNCTION_INFO_V1(effect_control_rate_low);
PG_FUNCTION_INFO_V1(effect_control_rate_high);
PG_FUNCTION_INFO_V1(effect_strata);

/* ---- allocation and validation ----------------------------------------- */

static Effect *
effect_alloc(int32 capacity, uint32 pool)
{
	Effect	   *e;

	if (capacity < 0 || capacity > EFFECT_MAX_SLOTS || pool > EFFECT_MAX_POOL)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("effect would exceed %d strata or %u bytes of stratum keys",
						EFFECT_MAX_SLOTS, EFFECT_MAX_POOL)));
	e = (Effect *) palloc0(EFFECT_SIZE(capacity, pool));
	SET_VARSIZE(e, EFFECT_SIZE(capacity, pool));
	e->hdr.version = EFFECT_VERSION;
	e->capacity = capacity;
	e->pool_size = pool;
	return e;
}

static pg_attribute_noreturn() void
corrupted(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATA_CORRUPTED),
			 errmsg("corrupted effect value"),
			 errdetail("%s", detail)));
}

/*
 * Structural check of any value a function receives (SQL may call the
 * support functions with arbitrary values of the type): header fields,
 * sizes, and every slot's key range and counts.  O(n).
 */
static void
effect_check_header(const Effect *e)
{
	Size		size = VARSIZE(e);

	if (size < EFFECT_HDRSZ)
		corrupted("size is below the header size");
	if (e->capacity < 0 || e->capacity > EFFECT_MAX_SLOTS ||
		e->pool_size > EFFECT_MAX_POOL ||
		size != EFFECT_SIZE(e->capacity, e->pool_size) ||
		e->pool_used > e->pool_size ||
		!summary_header_ok(&e->hdr, EFFECT_VERSION, e->capacity))
		corrupted("unknown format version, flags or inconsistent header");
}

static void
effect_check(const Effect *e)
{
	int32		i,
				n;

	effect_check_header(e);
	n = e->hdr.nsorted + e->hdr.nbuf;
	for (i = 0; i < n; i++)
	{
		const EffectSlot *s = &e->slots[i];

		CHECK_FOR_INTERRUPTS();

		if ((uint64) s->off + s->len > e->pool_used)
			corrupted("stratum key outside the key pool");
		if (s->n1 < 0 || s->y1 < 0 || s->n0 < 0 || s->y0 < 0 ||
			s->y1 > s->n1 || s->y0 > s->n0)
			corrupted("invalid counts");
	}
}

static inline int
key_cmp(const char *a, uint32 la, const char *b, uint32 lb)
{
	int			c = memcmp(a, b, Min(la, lb));

	if (c != 0)
		return c;
	return (la > lb) - (la < lb);
}

static inline int64
add_count(int64 a, int64 b)
{
	int64		r;

	if (unlikely(pg_add_s64_overflow(a, b, &r)))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("effect count out of range for bigint")));
	return r;
}

/* ---- canonical form ------------------------------------------------------ */

typedef struct SlotRef
{
	const Effect *e;
	const EffectSlot *s;
} SlotRef;

static int
slotref_cmp(const void *a, const void *b)
{
	const SlotRef *x = a,
			   *y = b;

	return key_cmp(EFFECT_POOL(x->e) + x->s->off, x->s->len,
				   EFFECT_POOL(y->e) + y->s->off, y->s->len);
}

/*
 * The canonical form of the union of the slots of "a" and "b" (b may be
 * NULL): slots with equal keys added, sorted, compact, without all-zero
 * slots.  A new value in CurrentMemoryContext; the inputs are not modified.
 */
static Effect *
effect_merge(const Effect *a, const Effect *b)
{
	int32		na = a->hdr.nsorted + a->hdr.nbuf,
				nb = b ? b->hdr.nsorted + b->hdr.nbuf : 0;
	int64		n = (int64) na + nb;
	SlotRef    *refs = palloc(Max(n, 1) * sizeof(SlotRef));
	int32		i,
				m = 0,
				k;
	uint64		pool = 0;
	Effect	   *r;

	for (i = 0; i < na; i++)
		refs[m++] = (SlotRef) {a, &a->slots[i]};
	for (i = 0; i < nb; i++)
		refs[m++] = (SlotRef) {b, &b->slots[i]};
	qsort(refs, m, sizeof(SlotRef), slotref_cmp);

	/* count distinct keys and the pool they need */
	k = 0;
	for (i = 0; i < m; i++)
		if (i == 0 || slotref_cmp(&refs[i - 1], &refs[i]) != 0)
		{
			k++;
			pool += refs[i].s->len;
		}
	if (pool > EFFECT_MAX_POOL)
		pool = (uint64) EFFECT_MAX_POOL + 1;	/* effect_alloc reports it */
	r = effect_alloc(k, (uint32) pool);

	k = -1;
	for (i = 0; i < m; i++)
	{
		const EffectSlot *s = refs[i].s;
		EffectSlot *d;

		CHECK_FOR_INTERRUPTS();

		if (i == 0 || slotref_cmp(&refs[i - 1], &refs[i]) != 0)
		{
			d = &r->slots[++k];
			d->off = r->pool_used;
			d->len = s->len;
			memcpy(EFFECT_POOL(r) + d->off, EFFECT_POOL(refs[i].e) + s->off, s->len);
			r->pool_used += s->len;
		}
		d = &r->slots[k];
		d->n1 = add_count(d->n1, s->n1);
		d->y1 = add_count(d->y1, s->y1);
		d->n0 = add_count(d->n0, s->n0);
		d->y0 = add_count(d->y0, s->y0);
	}
	r->hdr.nsorted = k + 1;
	pfree(refs);

	/* drop all-zero slots (possible only from zero-weight input); keep pool */
	for (i = 0, m = 0; i < r->hdr.nsorted; i++)
		if (r->slots[i].n1 != 0 || r->slots[i].n0 != 0)
			r->slots[m++] = r->slots[i];
	if (m != r->hdr.nsorted)
	{
		Effect	   *c;

		r->hdr.nsorted = m;
		c = effect_merge(r, NULL);	/* recompacts; no zero slots remain */
		pfree(r);
		r = c;
	}
	return r;
}

static inline bool
effect_is_canonical(const Effect *e)
{
	int32		i;

	if (e->hdr.nbuf != 0 || e->capacity != e->hdr.nsorted || e->pool_used != e->pool_size)
		return false;
	for (i = 0; i < e->hdr.nsorted; i++)
	{
		const EffectSlot *s = &e->slots[i];

		CHECK_FOR_INTERRUPTS();

		if ((s->n1 == 0 && s->n0 == 0) ||
			s->off != (i == 0 ? 0 : e->slots[i - 1].off + e->slots[i - 1].len) ||
			(i > 0 && key_cmp(EFFECT_POOL(e) + e->slots[i - 1].off, e->slots[i - 1].len,
							  EFFECT_POOL(e) + s->off, s->len) >= 0))
			return false;
	}
	return e->hdr.nsorted == 0 ||
		e->slots[e->hdr.nsorted - 1].off + e->slots[e->hdr.nsorted - 1].len == e->pool_used;
}

/* Checked canonical form of a datum (the value itself when already canonical). */
static Effect *
effect_get_canonical(Datum d)
{
	Effect	   *e = DatumGetEffectP(d);

	effect_check(e);
	if (effect_is_canonical(e))
		return e;
	return effect_merge(e, NULL);
}

/* ---- derived statistics -------------------------------------------------- */

typedef struct EffectSummary
{
	int64		treated;		/* matched treated observations */
	int64		treated_y;		/* ... with the outcome */
	int64		controls;		/* comparison observations in matched strata */
	int64		unmatched;		/* treated observations in strata without comparison */
	double		treated_rate;
	double		control_rate;	/* treated-weighted comparison rate */
	double		att;
	double		se;
	double		control_n_eff;	/* effective comparison sample size */
} EffectSummary;

/*
 * ATT = sum_s w_s (p1_s - p0_s), w_s = n1_s / N1 over strata with both
 * treated and comparison observations; equal to treated_rate - control_rate
 * with treated_rate = Y1 / N1 (all matched treated) and control_rate =
 * sum_s w_s p0_s.
 *
 * Variance of the comparison rate: V0 = sum_s w_s^2 r_s (1 - r_s) / n0_s with
 * r_s = (y0 + 1/2) / (n0 + 1), a slightly smoothed rate, so strata with 0 or
 * all outcomes do not claim zero variance.  Its effective sample size (Kish;
 * Korn & Graubard 1998) is n_eff = rbar (1 - rbar) / V0, rbar = sum_s w_s r_s:
 * the number of independent observations a plain proportion would need for
 * that variance; n0 in a single stratum.  It is capped at the comparison
 * observations: between-stratum differences of the rates would otherwise
 * count as extra precision.
 *
 * The standard error adds the treated side sum_s w_s^2 q_s (1 - q_s) / n1_s.
 * It does not use the plug-in p1_s: with one treated citizen in a stratum
 * (common with weekly strata) it is 0 or 1 and its variance 0.  It uses the
 * model value q_s = r_s + ATT (clipped to [0, 1]): the stratum's comparison
 * rate shifted by the common effect.  Where q_s clips (a cell whose
 * participants all or never exit) that term vanishes, which is why the
 * interval (effect_limits) is not ATT -/+ z SE.
 */
static void
effect_summarise(const Effect *e, EffectSummary *out)
{
	int32		i;
	double		cr = 0.0,
				var_t = 0.0,
				var_c = 0.0,
				rbar = 0.0,
				n1tot;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < e->hdr.nsorted; i++)
	{
		const EffectSlot *s = &e->slots[i];

		CHECK_FOR_INTERRUPTS();

		if (s->n1 == 0)
			continue;
		if (s->n0 == 0)
		{
			out->unmatched = add_count(out->unmatched, s->n1);
			continue;
		}
		out->treated = add_count(out->treated, s->n1);
		out->treated_y = add_count(out->treated_y, s->y1);
		out->controls = add_count(out->controls, s->n0);
		cr += (double) s->n1 * ((double) s->y0 / (double) s->n0);
	}
	if (out->treated == 0)
		return;
	n1tot = (double) out->treated;
	out->treated_rate = (double) out->treated_y / n1tot;
	out->control_rate = cr / n1tot;
	out->att = out->treated_rate - out->control_rate;

	for (i = 0; i < e->hdr.nsorted; i++)
	{
		const EffectSlot *s = &e->slots[i];
		double		w,
					r,
					q;

		CHECK_FOR_INTERRUPTS();

		if (s->n1 == 0 || s->n0 == 0)
			continue;
		w = (double) s->n1 / n1tot;
		r = ((double) s->y0 + 0.5) / ((double) s->n0 + 1.0);
		q = r + out->att;
		q = q < 0.0 ? 0.0 : (q > 1.0 ? 1.0 : q);
		var_t += w * w * q * (1.0 - q) / (double) s->n1;
		var_c += w * w * r * (1.0 - r) / (double) s->n0;
		rbar += w * r;
	}
	out->se = sqrt(var_t + var_c);
	/* var_c > 0: every smoothed r lies strictly between 0 and 1 */
	out->control_n_eff = rbar * (1.0 - rbar) / var_c;
	if (out->control_n_eff > (double) out->controls)
		out->control_n_eff = (double) out->controls;
}

/* The limits of a summary at one confidence level (effect_limits). */
typedef struct EffectLimits
{
	double		treated_low,
				treated_high;	/* Wilson, Y1 of N1 */
	double		control_low,
				control_high;	/* Wilson, control_rate of n_eff */
	double		att_low,
				att_high;		/* hybrid score (MOVER) */
} EffectLimits;

/*
 * The interval of the ATT: Newcombe's hybrid score interval for a
 * difference of proportions (Newcombe 1998, method 10), in the MOVER form
 * of Zou & Donner (2008), built from the Wilson intervals of its two rates:
 * the treated rate (Y1 of N1) and the comparison rate at its effective
 * sample size.  With p1, p0 the rates and [l1, u1], [l0, u0] their limits:
 *   low  = ATT - sqrt((p1 - l1)^2 + (u0 - p0)^2)
 *   high = ATT + sqrt((u1 - p1)^2 + (p0 - l0)^2)
 * It always holds ATT and lies within [l1 - u0, u1 - l0] (the square root of
 * a sum of squares is at most their sum), so it never claims more than the
 * two rates' own intervals allow; Wilson limits never collapse to a point,
 * so neither does it.  conf is validated by the caller.
 */
static void
effect_limits(const EffectSummary *sum, double conf, EffectLimits *out)
{
	double		p1 = sum->treated_rate,
				p0 = sum->control_rate;

	ekpi_wilson_limits((double) sum->treated_y, (double) sum->treated, conf,
					   &out->treated_low, &out->treated_high);
	ekpi_wilson_limits(p0 * sum->control_n_eff, sum->control_n_eff, conf,
					   &out->control_low, &out->control_high);
	out->att_low = sum->att - sqrt((p1 - out->treated_low) * (p1 - out->treated_low) +
								   (out->control_high - p0) * (out->control_high - p0));
	out->att_high = sum->att + sqrt((out->treated_high - p1) * (out->treated_high - p1) +
									(p0 - out->control_low) * (p0 - out->control_low));
	/* a difference of two rates lies in [-1, 1]; rounding must not leave it */
	out->att_low = out->att_low < -1.0 ? -1.0 : out->att_low;
	out->att_high = out->att_high > 1.0 ? 1.0 : out->att_high;
}

/* ---- text I/O ------------------------------------------------------------ */

/*
 * Problems of a list of parsed (or received) slots, in the order given:
 * keys strictly increasing, counts consistent; NULL when fine.
 */
static char *
slots_problem(const Effect *e)
{
	int32		i;

	for (i = 0; i < e->hdr.nsorted; i++)
	{
		const EffectSlot *s = &e->slots[i];

		CHECK_FOR_INTERRUPTS();

		if (s->y1 > s->n1 || s->y0 > s->n0)
			return psprintf("stratum %d has more outcomes than observations", i + 1);
		if (s->n1 == 0 && s->n0 == 0)
			return psprintf("stratum %d has no observations", i + 1);
		if (i > 0 && key_cmp(EFFECT_POOL(e) + e->slots[i - 1].off, e->slots[i - 1].len,
							 EFFECT_POOL(e) + s->off, s->len) >= 0)
			return psprintf("strata are not in strictly increasing key order at stratum %d", i + 1);
	}
	return NULL;
}

/* Build a value from parsed slots and their key bytes (keys in order). */
static Effect *
effect_from_parts(const EffectSlot *slots, int32 n, const char *pool, uint32 pool_used)
{
	Effect	   *e = effect_alloc(n, pool_used);

	memcpy(e->slots, slots, n * sizeof(EffectSlot));
	memcpy(EFFECT_POOL(e), pool, pool_used);
	e->hdr.nsorted = n;
	e->pool_used = pool_used;
	return e;
}

/*
 * One stratum of the text form, "key":n1:y1:n0:y0 (a TextItemParser): the
 * slot, its key appended to the key pool (arg, a StringInfo).
 */
static void
parse_stratum(const char **pp, const char *input, void *item, void *arg)
{
	EffectSlot *slot = (EffectSlot *) item;
	StringInfo	pool = (StringInfo) arg;
	const char *p = *pp;
	int			start;

	if (*p++ != '"')
		text_error(input, "a stratum key must be in double quotes");
	start = pool->len;
	for (;;)
	{
		if (*p == '\0')
			text_error(input, "unterminated stratum key");
		if (*p == '"')
			break;
		if (*p == '\\')
		{
			p++;
			if (*p != '"' && *p != '\\')
				text_error(input, "only \\\" and \\\\ are valid escapes in a stratum key");
		}
		appendStringInfoChar(pool, *p++);
		if ((uint32) pool->len > EFFECT_MAX_POOL)
			text_error(input, "stratum keys too long");
	}
	p = skip_space(p + 1);
	slot->off = start;
	slot->len = pool->len - start;
	slot->n1 = parse_colon_count(&p, input, "a stratum key");
	slot->y1 = parse_colon_count(&p, input, "the treated count");
	slot->n0 = parse_colon_count(&p, input, "the treated outcome count");
	slot->y0 = parse_colon_count(&p, input, "the comparison count");
	*pp = p;
}

Datum
effect_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	int32		n;
	EffectSlot *slots;
	StringInfoData pool;
	Effect	   *e;
	char	   *problem;

	initStringInfo(&pool);
	slots = parse_v1_items(input, sizeof(EffectSlot), EFFECT_MAX_SLOTS,
						   parse_stratum, &pool, &n);
	e = effect_from_parts(slots, n, pool.data, pool.len);
	if ((problem = slots_problem(e)) != NULL)
		text_error(input, problem);
	pfree(slots);
	pfree(pool.data);
	PG_RETURN_EFFECT_P(e);
}

/*
 * One stratum of the text form (a TextItemPrinter): the key in double
 * quotes, '"' and '\' escaped by a backslash, then the four counts.
 */
static void
print_stratum(StringInfo buf, const void *arg, int32 i)
{
	const Effect *e = (const Effect *) arg;
	const EffectSlot *s = &e->slots[i];
	const char *k = EFFECT_POOL(e) + s->off;
	uint32		j;

	appendStringInfoChar(buf, '"');
	for (j = 0; j < s->len; j++)
	{
		if (k[j] == '"' || k[j] == '\\')
			appendStringInfoChar(buf, '\\');
		appendStringInfoChar(buf, k[j]);
	}
	appendStringInfo(buf, "\":" INT64_FORMAT ":" INT64_FORMAT ":" INT64_FORMAT ":" INT64_FORMAT,
					 s->n1, s->y1, s->n0, s->y0);
}

Datum
effect_out(PG_FUNCTION_ARGS)
{
	Effect	   *e = effect_get_canonical(PG_GETARG_DATUM(0));

	PG_RETURN_CSTRING(print_v1_items(e->hdr.nsorted, print_stratum, e));
}

/* ---- binary I/O ---------------------------------------------------------- */

/* Decode the binary form in buf, consuming all of it. */
static Effect *
effect_decode(StringInfo buf)
{
	/* a stratum takes at least 36 bytes: a key length and four counts */
	int32		n = recv_header(buf, EFFECT_VERSION, EFFECT_MAX_SLOTS, 36),
				i;
	EffectSlot *slots;
	StringInfoData pool;
	Effect	   *e;
	char	   *problem;

	slots = palloc(Max(n, 1) * sizeof(EffectSlot));
	initStringInfo(&pool);
	for (i = 0; i < n; i++)
	{
		int32		len;
		const char *k;

		CHECK_FOR_INTERRUPTS();

		if (buf->len - buf->cursor < 4)
			binary_error("truncated stratum");
		len = pq_getmsgint(buf, 4);
		if (len < 0 || len > buf->len - buf->cursor - 32)
			binary_error(psprintf("invalid key length %d of stratum %d", len, i + 1));
		k = pq_getmsgbytes(buf, len);
		if (memchr(k, '\0', len) != NULL || !pg_verifymbstr(k, len, true))
			binary_error(psprintf("stratum key %d is not valid text in the server encoding", i + 1));
		if ((uint64) pool.len + len > EFFECT_MAX_POOL)
			binary_error("stratum keys too long");
		slots[i].off = pool.len;
		slots[i].len = len;
		appendBinaryStringInfo(&pool, k, len);
		slots[i].n1 = pq_getmsgint64(buf);
		slots[i].y1 = pq_getmsgint64(buf);
		slots[i].n0 = pq_getmsgint64(buf);
		slots[i].y0 = pq_getmsgint64(buf);
		if (slots[i].n1 < 0 || slots[i].y1 < 0 || slots[i].n0 < 0 || slots[i].y0 < 0)
			binary_error(psprintf("negative count in stratum %d", i + 1));
	}
	if (buf->cursor != buf->len)
		binary_error("trailing bytes");
	e = effect_from_parts(slots, n, pool.data, pool.len);
	if ((problem = slots_problem(e)) != NULL)
		binary_error(problem);
	pfree(slots);
	pfree(pool.data);
	return e;
}

Datum
effect_recv(PG_FUNCTION_ARGS)
{
	PG_RETURN_EFFECT_P(effect_decode((StringInfo) PG_GETARG_POINTER(0)));
}

/* effect_from_bytea(bytea): the binary form from a bytea (cast bytea -> effect). */
Datum
effect_from_bytea(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	bytea_as_message(PG_GETARG_BYTEA_PP(0), &buf);
	PG_RETURN_EFFECT_P(effect_decode(&buf));
}

/*
 * One stratum of the binary form (a BinaryItemSender): int32 key length,
 * the key bytes, int64 n1, y1, n0, y0.
 */
static void
send_stratum(StringInfo buf, const void *arg, int32 i)
{
	const Effect *e = (const Effect *) arg;
	const EffectSlot *s = &e->slots[i];

	pq_sendint32(buf, (int32) s->len);
	pq_sendbytes(buf, EFFECT_POOL(e) + s->off, s->len);
	pq_sendint64(buf, s->n1);
	pq_sendint64(buf, s->y1);
	pq_sendint64(buf, s->n0);
	pq_sendint64(buf, s->y0);
}

Datum
effect_send(PG_FUNCTION_ARGS)
{
	Effect	   *e = effect_get_canonical(PG_GETARG_DATUM(0));

	PG_RETURN_BYTEA_P(send_items(EFFECT_VERSION, e->hdr.nsorted, send_stratum, e));
}

/* ---- aggregates ------------------------------------------------------------ */

/*
 * The state to update: in place inside an aggregate, else a private copy.
 * Inside an aggregate the state is the validated INITCOND or a value this
 * file built, so only the O(1) header is re-checked per row; a value passed
 * to the transition function directly from SQL gets the full O(n) check.
 */
static Effect *
writable_state(FunctionCallInfo fcinfo)
{
	Effect	   *e = PG_GETARG_EFFECT_P(0);

	if (!AggCheckCallContext(fcinfo, NULL))
	{
		Effect	   *c;

		effect_check(e);
		c = palloc(VARSIZE(e));
		memcpy(c, e, VARSIZE(e));
		return c;
	}
	effect_check_header(e);
	return e;
}

/*
 * Merge the buffer into the sorted part, leaving room for a full buffer and
 * for "keylen" more key bytes.  Returns a new value in CurrentMemoryContext
 * (the old one is freed unless it is "owned" by the executor or caller).
 */
static Effect *
state_flush(Effect *e, const Effect *owned, uint32 keylen)
{
	Effect	   *m = effect_merge(e, NULL);
	uint64		pool = (uint64) m->pool_used * 2 + keylen + 256;
	int64		cap = (int64) m->hdr.nsorted + EFFECT_BUFFER;
	Effect	   *r;

	if (pool > EFFECT_MAX_POOL)
		pool = Max((uint64) m->pool_used + keylen, (uint64) EFFECT_MAX_POOL);
	if (cap > EFFECT_MAX_SLOTS)
		cap = EFFECT_MAX_SLOTS;
	r = effect_alloc((int32) cap, (uint32) pool);
	memcpy(r->slots, m->slots, m->hdr.nsorted * sizeof(EffectSlot));
	memcpy(EFFECT_POOL(r), EFFECT_POOL(m), m->pool_used);
	r->hdr.nsorted = m->hdr.nsorted;
	r->pool_used = m->pool_used;
	pfree(m);
	if (e != owned)
		pfree(e);
	return r;
}

/* Add counts for one stratum key to a writable state; returns the state. */
static Effect *
state_add(Effect *e, const Effect *owned, const char *key, uint32 len,
		  int64 n1, int64 y1, int64 n0, int64 y0)
{
	for (;;)
	{
		int32		lo = 0,
					hi = e->hdr.nsorted,
					i;
		EffectSlot *s = NULL;

		while (lo < hi)
		{
			int32		mid = lo + (hi - lo) / 2;
			int			c = key_cmp(EFFECT_POOL(e) + e->slots[mid].off,
									e->slots[mid].len, key, len);

			if (c == 0)
			{
				s = &e->slots[mid];
				break;
			}
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (i = e->hdr.nsorted; s == NULL && i < e->hdr.nsorted + e->hdr.nbuf; i++)
			if (key_cmp(EFFECT_POOL(e) + e->slots[i].off, e->slots[i].len, key, len) == 0)
				s = &e->slots[i];
		if (s == NULL && e->hdr.nbuf < EFFECT_BUFFER &&
			e->hdr.nsorted + e->hdr.nbuf < e->capacity &&
			(uint64) e->pool_used + len <= e->pool_size)
		{
			s = &e->slots[e->hdr.nsorted + e->hdr.nbuf++];
			memset(s, 0, sizeof(*s));
			s->off = e->pool_used;
			s->len = len;
			memcpy(EFFECT_POOL(e) + s->off, key, len);
			e->pool_used += len;
		}
		if (s != NULL)
		{
			s->n1 = add_count(s->n1, n1);
			s->y1 = add_count(s->y1, y1);
			s->n0 = add_count(s->n0, n0);
			s->y0 = add_count(s->y0, y0);
			return e;
		}
		e = state_flush(e, owned, len);
	}
}

static Effect *
add_rows(FunctionCallInfo fcinfo, int64 n)
{
	Effect	   *e = writable_state(fcinfo);
	text	   *key = PG_GETARG_TEXT_PP(1);
	bool		treated = PG_GETARG_BOOL(2);
	bool		outcome = PG_GETARG_BOOL(3);
	uint32		len = VARSIZE_ANY_EXHDR(key);

	if (len > EFFECT_MAX_POOL / 2)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("stratum key too long")));
	if (n == 0)
		return e;
	return state_add(e, e, VARDATA_ANY(key), len,
					 treated ? n : 0, treated && outcome ? n : 0,
					 treated ? 0 : n, !treated && outcome ? n : 0);
}

/*
 * effect_agg_transfn(state, stratum text, treated bool, outcome bool).
 * STRICT: rows with a NULL stratum, treated flag or outcome (a censored,
 * not yet observable outcome) are ignored.
 */
Datum
effect_agg_transfn(PG_FUNCTION_ARGS)
{
	PG_RETURN_EFFECT_P(add_rows(fcinfo, 1));
}

/* effect_agg_transfn(state, stratum, treated, outcome, n bigint): n equal rows. */
Datum
effect_agg_transfn_n(PG_FUNCTION_ARGS)
{
	int64		n = PG_GETARG_INT64(4);

	if (n < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("row count must not be negative, got " INT64_FORMAT, n)));
	PG_RETURN_EFFECT_P(add_rows(fcinfo, n));
}

/*
 * effect_combine(a, b): a plus b (counts of equal strata added).  Combine
 * function of matched_effect_agg, transition function of rollup.
 */
Datum
effect_combine(PG_FUNCTION_ARGS)
{
	Effect	   *a = PG_GETARG_EFFECT_P(0);
	Effect	   *b = PG_GETARG_EFFECT_P(1);

	effect_check(a);
	effect_check(b);
	if (b->hdr.nsorted + b->hdr.nbuf == 0)
	{
		if (!AggCheckCallContext(fcinfo, NULL))
			PG_RETURN_EFFECT_P(effect_merge(a, NULL));
		PG_RETURN_EFFECT_P(a);
	}
	/* one merge of both (never modifies a, which the executor owns) */
	PG_RETURN_EFFECT_P(effect_merge(a, b));
}

/* effect_finalize(state): the canonical compact copy of a state. */
Datum
effect_finalize(PG_FUNCTION_ARGS)
{
	Effect	   *e = PG_GETARG_EFFECT_P(0);

	effect_check(e);
	PG_RETURN_EFFECT_P(effect_merge(e, NULL));
}

/* ---- accessors ------------------------------------------------------------- */

/*
 * Most accessors hand out one field of the summary of their argument, named
 * by its offsetof in EffectSummary: a count always; a rate, the ATT or its
 * SE only with matched treated observations (NULL otherwise).
 */
static Datum
summary_count(FunctionCallInfo fcinfo, size_t field)
{
	EffectSummary sum;

	effect_summarise(effect_get_canonical(PG_GETARG_DATUM(0)), &sum);
	PG_RETURN_INT64(*(const int64 *) ((const char *) &sum + field));
}

static Datum
summary_rate(FunctionCallInfo fcinfo, size_t field)
{
	EffectSummary sum;

	effect_summarise(effect_get_canonical(PG_GETARG_DATUM(0)), &sum);
	if (sum.treated == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(*(const double *) ((const char *) &sum + field));
}

/* effect_<field>(e): the field of the summary, by summary_<kind>. */
#define SUMMARY_ACCESSOR(field, kind) \
	Datum \
	effect_##field(PG_FUNCTION_ARGS) \
	{ \
		return summary_##kind(fcinfo, offsetof(EffectSummary, field)); \
	}

SUMMARY_ACCESSOR(att, rate)
SUMMARY_ACCESSOR(se, rate)
SUMMARY_ACCESSOR(treated_rate, rate)
SUMMARY_ACCESSOR(control_rate, rate)
SUMMARY_ACCESSOR(treated, count)
SUMMARY_ACCESSOR(controls, count)
SUMMARY_ACCESSOR(unmatched, count)
SUMMARY_ACCESSOR(control_n_eff, rate)

/*
 * The interval accessors, effect_<field>(e, conf): one limit of
 * effect_limits at level conf; NULL without matched treated observations.
 */
static Datum
limit_accessor(FunctionCallInfo fcinfo, size_t field)
{
	float8		conf = PG_GETARG_FLOAT8(1);
	EffectSummary sum;
	EffectLimits lim;

	if (isnan(conf) || !(conf > 0.0 && conf < 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("confidence level must be between 0 and 1 (exclusive), got %g", conf)));
	effect_summarise(effect_get_canonical(PG_GETARG_DATUM(0)), &sum);
	if (sum.treated == 0)
		PG_RETURN_NULL();
	effect_limits(&sum, conf, &lim);
	PG_RETURN_FLOAT8(*(const double *) ((const char *) &lim + field));
}

#define LIMIT_ACCESSOR(name, field) \
	Datum \
	effect_##name(PG_FUNCTION_ARGS) \
	{ \
		return limit_accessor(fcinfo, offsetof(EffectLimits, field)); \
	}

LIMIT_ACCESSOR(ci_low, att_low)
LIMIT_ACCESSOR(ci_high, att_high)
LIMIT_ACCESSOR(treated_rate_low, treated_low)
LIMIT_ACCESSOR(treated_rate_high, treated_high)
LIMIT_ACCESSOR(control_rate_low, control_low)
LIMIT_ACCESSOR(control_rate_high, control_high)

/* effect_strata(e): number of strata held (with treated or comparison rows). */
Datum
effect_strata(PG_FUNCTION_ARGS)
{
	Effect	   *e = effect_get_canonical(PG_GETARG_DATUM(0));

	PG_RETURN_INT32(e->hdr.nsorted);
}
