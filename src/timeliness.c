/*-------------------------------------------------------------------------
 * timeliness.c
 *	  contact_windows(): the contact-rule windows (rettidighed) of one
 *	  support period, walked as a small state machine in C.
 *
 *	  A contact rule says: within weeks [window_from_week, window_to_week)
 *	  of a benefit, counted from the first day of the benefit, a citizen of
 *	  the rule's target group must have had at least min_conversations held
 *	  conversations of the rule's kinds (conversation_kinds; NULL = every
 *	  kind).  The law restarts the count when the benefit changes, so the
 *	  count is anchored at the start of the current benefit, not of the
 *	  support period:
 *
 *	    a benefit (ydelsesforløb) is a maximal run of consecutive spells of
 *	    the period with the same group; its start (benefit_start) is the
 *	    start of the run's first spell.  A spell of another group than the
 *	    spell before it starts a new benefit; a spell continuing the same
 *	    group after a gap within the period does not (the period's chaining
 *	    already decided that the gap was short).
 *
 *	  The window of a rule in a benefit of the rule's group ends on
 *	      last_day = benefit_start + 7 * window_to_week - 1
 *	  and it counts only when, on last_day, the citizen is on a spell of
 *	  that same benefit and the rule is in force (effective_from <=
 *	  last_day <= effective_to).  A window that has not ended yet, or that
 *	  ends outside [from_day, to_day], gives no row: the caller asks for the
 *	  windows ending in its report weeks.
 *
 *	  Why C: the SQL formulation joined every spell with every rule of its
 *	  group and ran a correlated count of held conversations per window.
 *	  Here the caller hands over one support period at a time as arrays
 *	  (all its spells, the citizen's held conversation dates and kinds) and
 *	  this file does:
 *
 *	    0. sort the spells by start and the held conversations by date,
 *	       unless they come sorted (array_agg without ORDER BY: in SQL an
 *	       ordered aggregate costs a sort per period, more than this whole
 *	       function);
 *	    1. the benefits: one pass over the sorted spells;
 *	    2. candidates: for each benefit and each rule of its group,
 *	       last_day; keep those in [from_day, to_day], with the rule in
 *	       force and a spell of the benefit holding last_day;
 *	    3. sort the candidates by last_day (then rule position);
 *	    4. count each window's held conversations by two binary searches
 *	       in the held dates of the rule's kinds (the dates of each
 *	       distinct kind list are filtered once per call, when first
 *	       needed).
 *
 *	  The rules come as an array of the composite type contact_window_rule
 *	  (the same for every period of a query), so they are parsed and
 *	  checked once per call site and cached in fn_extra, keyed by the bytes
 *	  of the array: a different array rebuilds the cache.
 *
 *	  Input is validated (see docs/timeliness.md): NULLs where a value is
 *	  needed raise null_value_not_allowed (22004); multi-dimensional arrays,
 *	  spell arrays of different lengths and held arrays of different lengths
 *	  array_subscript_error (2202E); non-finite dates, overlapping spells,
 *	  spells before the period or ending before they start, an open spell
 *	  that is not the last, a first spell that does not start on
 *	  period_start, and impossible rules invalid_parameter_value (22023); a
 *	  changed rule type datatype_mismatch (42804).
 *
 *	  Group codes and conversation kinds are compared bytewise (the model's
 *	  keys; the same as the text equality of a deterministic collation).
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "compat.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datum.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/tuplestore.h"
#include "utils/typcache.h"

PG_FUNCTION_INFO_V1(ekpi_contact_windows);

/* attributes of employment_kpi.contact_window_rule, in order */
#define CWR_NATTS 9
#define CWR_EFFECTIVE_TO 3
#define CWR_COVERAGE 7
#define CWR_KINDS 8
static const Oid cwr_types[CWR_NATTS] = {
	TEXTOID,					/* rule_id */
	TEXTOID,					/* group_code */
	DATEOID,					/* effective_from */
	DATEOID,					/* effective_to (NULL = open) */
	INT4OID,					/* window_from_week */
	INT4OID,					/* window_to_week */
	INT4OID,					/* min_conversations */
	NUMERICOID,					/* coverage_pct (NULL = per-citizen rule) */
	TEXTARRAYOID				/* conversation_kinds (NULL = every kind) */
};
static const char *const cwr_names[CWR_NATTS] = {
	"rule_id", "group_code", "effective_from", "effective_to",
	"window_from_week", "window_to_week", "min_conversations", "coverage_pct",
	"conversation_kinds"
};

/* the output columns */
#define CW_NCOLS 9

/* One parsed and checked rule; pointers into the cache's context. */
typedef struct TlRule
{
	text	   *rule_id;
	text	   *group_code;
	DateADT		eff_from;
	DateADT		eff_to;			/* DATEVAL_NOEND when open */
	int32		from_week;
	int32		to_week;
	int32		min_conv;
	bool		has_coverage;
	Datum		coverage;		/* numeric, when has_coverage */
	int			nkinds;			/* -1: every kind counts (NULL) */
	text	  **kinds;
	int			kindset;		/* -1 (every kind) or the index of its kind list */
} TlRule;

/* The parsed rules of one call site (fn_extra). */
typedef struct TlRuleCache
{
	MemoryContext cxt;			/* holds raw and rules; reset on rebuild */
	bool		valid;
	Size		rawlen;
	char	   *raw;			/* copy of the rules array it was built from */
	int			nrules;
	TlRule	   *rules;
	int			nkindsets;		/* distinct non-NULL kind lists */
	int		   *kindset_rule;	/* a rule holding each list */
} TlRuleCache;

/* A window that counts (step 2). */
typedef struct TlCandidate
{
	DateADT		last_day;
	DateADT		first_day;
	DateADT		benefit_start;
	int			rule;			/* index into the rule cache */
} TlCandidate;

/* One spell of the period, from the three parallel arrays. */
typedef struct TlSpell
{
	DateADT		start;
	DateADT		end;			/* DATEVAL_NOEND when open (NULL) */
	bool		open;
	int			pos;			/* 1-based position in the arrays */
	text	   *group;
} TlSpell;

/* One held conversation. */
typedef struct TlHeld
{
	DateADT		day;
	text	   *kind;
} TlHeld;

/* The held dates of one kind list, filtered when first needed. */
typedef struct TlDates
{
	bool		built;
	int			n;
	DateADT    *d;
} TlDates;

/* A one-dimensional (or empty) array's elements, with the SQLSTATEs above. */
static void
get_array(ArrayType *a, const char *what, int16 typlen, bool typbyval,
		  char typalign, Datum **elems, bool **nulls, int *n)
{
	if (ARR_NDIM(a) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s must be a one-dimensional array, got %d dimensions",
						what, ARR_NDIM(a))));
	deconstruct_array(a, ARR_ELEMTYPE(a), typlen, typbyval, typalign,
					  elems, nulls, n);
}

/* Element i (0-based; 1-based in the message) of the array "what" must not be NULL. */
static inline void
element_not_null(const bool *nulls, int i, const char *what)
{
	if (nulls[i])
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s[%d] must not be NULL", what, i + 1)));
}

static inline void
check_finite(DateADT d, const char *what, int i)
{
	if (DATE_NOT_FINITE(d))
	{
		if (i > 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s[%d] must be a finite date", what, i)));
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a finite date", what)));
	}
}

static inline bool
text_equal(const text *a, const text *b)
{
	Size		la = VARSIZE_ANY_EXHDR(a);

	return la == VARSIZE_ANY_EXHDR(b) &&
		memcmp(VARDATA_ANY(a), VARDATA_ANY(b), la) == 0;
}

static inline void
rule_null(int i, int att)
{
	ereport(ERROR,
			(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
			 errmsg("rules[%d].%s must not be NULL", i, cwr_names[att])));
}

/* The same kind list, element by element (order matters: cheap and exact). */
static bool
same_kinds(const TlRule *a, const TlRule *b)
{
	int			i;

	if (a->nkinds != b->nkinds)
		return false;
	for (i = 0; i < a->nkinds; i++)
		if (!text_equal(a->kinds[i], b->kinds[i]))
			return false;
	return true;
}

/* The conversation_kinds of rule i (1-based in messages) into r. */
static void
parse_kinds(TlRule *r, int i, Datum value)
{
	ArrayType  *ka = DatumGetArrayTypeP(value);
	Datum	   *kel;
	bool	   *knull;
	int			nk,
				j;

	if (ARR_NDIM(ka) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("rules[%d].conversation_kinds must be a one-dimensional array, got %d dimensions",
						i, ARR_NDIM(ka))));
	deconstruct_array(ka, TEXTOID, -1, false, TYPALIGN_INT, &kel, &knull, &nk);
	if (nk == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("rules[%d].conversation_kinds must not be empty", i),
				 errhint("NULL means that every kind of conversation counts.")));
	r->kinds = palloc(nk * sizeof(text *));
	for (j = 0; j < nk; j++)
	{
		if (knull[j])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("rules[%d].conversation_kinds[%d] must not be NULL", i, j + 1)));
		r->kinds[j] = DatumGetTextPCopy(kel[j]);
	}
	r->nkinds = nk;
}

/*
 * Parses and checks the rules array into the cache (in cache->cxt).  The
 * cache is marked valid only at the end, so an error leaves no half-built
 * cache behind.
 */
static void
build_rule_cache(TlRuleCache *cache, ArrayType *ra)
{
	MemoryContext old;
	Datum	   *elems;
	bool	   *enulls;
	int			n,
				i;
	Oid			elemtype = ARR_ELEMTYPE(ra);
	int16		typlen;
	bool		typbyval;
	char		typalign;
	TupleDesc	tupdesc;
	int			att[CWR_NATTS];
	int			k;

	cache->valid = false;
	MemoryContextReset(cache->cxt);
	old = MemoryContextSwitchTo(cache->cxt);

	/* the layout of the composite type, checked against what we read */
	tupdesc = lookup_rowtype_tupdesc(elemtype, -1);
	k = 0;
	for (i = 0; i < tupdesc->natts && k <= CWR_NATTS; i++)
	{
		Form_pg_attribute a = TupleDescAttr(tupdesc, i);

		if (a->attisdropped)
			continue;
		if (k == CWR_NATTS || a->atttypid != cwr_types[k])
		{
			k = -1;
			break;
		}
		att[k++] = i;
	}
	if (k != CWR_NATTS)
	{
		ReleaseTupleDesc(tupdesc);
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("rules must be of type employment_kpi.contact_window_rule with its original attributes"),
				 errdetail("Expected (rule_id text, group_code text, effective_from date, effective_to date, window_from_week int, window_to_week int, min_conversations int, coverage_pct numeric, conversation_kinds text[]).")));
	}

	get_typlenbyvalalign(elemtype, &typlen, &typbyval, &typalign);
	get_array(ra, "rules", typlen, typbyval, typalign, &elems, &enulls, &n);
	cache->rules = palloc0(Max(n, 1) * sizeof(TlRule));
	cache->kindset_rule = palloc(Max(n, 1) * sizeof(int));
	cache->nkindsets = 0;
	for (i = 0; i < n; i++)
	{
		HeapTupleHeader th;
		HeapTupleData tup;
		Datum	   *vals;
		bool	   *isnull;
		TlRule	   *r = &cache->rules[i];
		int			j;

		CHECK_FOR_INTERRUPTS();

		element_not_null(enulls, i, "rules");
		th = DatumGetHeapTupleHeader(elems[i]);
		tup.t_len = HeapTupleHeaderGetDatumLength(th);
		ItemPointerSetInvalid(&tup.t_self);
		tup.t_tableOid = InvalidOid;
		tup.t_data = th;
		vals = palloc(tupdesc->natts * sizeof(Datum));
		isnull = palloc(tupdesc->natts * sizeof(bool));
		heap_deform_tuple(&tup, tupdesc, vals, isnull);

		/* all but effective_to, coverage_pct and conversation_kinds are required */
		for (j = 0; j < CWR_NATTS; j++)
			if (isnull[att[j]] && j != CWR_EFFECTIVE_TO && j != CWR_COVERAGE && j != CWR_KINDS)
				rule_null(i + 1, j);

		r->rule_id = DatumGetTextPCopy(vals[att[0]]);
		r->group_code = DatumGetTextPCopy(vals[att[1]]);
		r->eff_from = DatumGetDateADT(vals[att[2]]);
		r->eff_to = isnull[att[CWR_EFFECTIVE_TO]] ? DATEVAL_NOEND : DatumGetDateADT(vals[att[CWR_EFFECTIVE_TO]]);
		r->from_week = DatumGetInt32(vals[att[4]]);
		r->to_week = DatumGetInt32(vals[att[5]]);
		r->min_conv = DatumGetInt32(vals[att[6]]);
		r->has_coverage = !isnull[att[CWR_COVERAGE]];

		/* infinite effective dates are fine: they only bound a comparison */
		if (r->eff_to < r->eff_from)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("rules[%d]: effective_to is before effective_from", i + 1)));
		if (r->from_week < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("rules[%d]: window_from_week must not be negative, got %d",
							i + 1, r->from_week)));
		if (r->to_week <= r->from_week)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("rules[%d]: window_to_week (%d) must be greater than window_from_week (%d)",
							i + 1, r->to_week, r->from_week)));
		if (r->min_conv < 1)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("rules[%d]: min_conversations must be at least 1, got %d",
							i + 1, r->min_conv)));
		if (r->has_coverage)
		{
			float8		c = DatumGetFloat8(DirectFunctionCall1(numeric_float8,
															   vals[att[CWR_COVERAGE]]));

			/* NaN fails both comparisons */
			if (!(c > 0.0 && c <= 100.0))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("rules[%d]: coverage_pct must be above 0 and at most 100", i + 1)));
			r->coverage = datumCopy(vals[att[CWR_COVERAGE]], false, -1);
		}

		/*
		 * The kind list; rules with the same list share one filtered copy of
		 * the held dates per call (the seeded rules have two lists: every
		 * kind, and job conversations only).
		 */
		r->nkinds = -1;
		r->kinds = NULL;
		r->kindset = -1;
		if (!isnull[att[CWR_KINDS]])
		{
			parse_kinds(r, i + 1, vals[att[CWR_KINDS]]);
			for (j = 0; j < cache->nkindsets; j++)
				if (same_kinds(r, &cache->rules[cache->kindset_rule[j]]))
					break;
			if (j == cache->nkindsets)
				cache->kindset_rule[cache->nkindsets++] = i;
			r->kindset = j;
		}
		pfree(vals);
		pfree(isnull);
	}
	ReleaseTupleDesc(tupdesc);
	cache->nrules = n;
	cache->rawlen = VARSIZE(ra);
	cache->raw = palloc(cache->rawlen);
	memcpy(cache->raw, ra, cache->rawlen);
	MemoryContextSwitchTo(old);
	cache->valid = true;
}

/* The rule cache of this call site, rebuilt when the rules array changes. */
static TlRuleCache *
get_rule_cache(FunctionCallInfo fcinfo, ArrayType *ra)
{
	TlRuleCache *cache = (TlRuleCache *) fcinfo->flinfo->fn_extra;

	if (cache == NULL)
	{
		cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(TlRuleCache));
		cache->cxt = AllocSetContextCreate(fcinfo->flinfo->fn_mcxt,
										   "contact_windows rules",
										   ALLOCSET_SMALL_SIZES);
		fcinfo->flinfo->fn_extra = cache;
	}
	if (!cache->valid || cache->rawlen != VARSIZE(ra) ||
		memcmp(cache->raw, ra, cache->rawlen) != 0)
		build_rule_cache(cache, ra);
	return cache;
}

static int
cmp_candidate(const void *a, const void *b)
{
	const TlCandidate *x = (const TlCandidate *) a;
	const TlCandidate *y = (const TlCandidate *) b;

	if (x->last_day != y->last_day)
		return x->last_day < y->last_day ? -1 : 1;
	if (x->rule != y->rule)
		return x->rule < y->rule ? -1 : 1;
	/* one rule ends on one day in at most one benefit; kept total anyway */
	return (x->benefit_start > y->benefit_start) - (x->benefit_start < y->benefit_start);
}

/* number of d[0 .. n) strictly before day (d ascending) */
static int
count_before(const DateADT *d, int n, DateADT day)
{
	int			lo = 0,
				hi = n;

	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (d[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int
cmp_held(const void *a, const void *b)
{
	const TlHeld *x = (const TlHeld *) a;
	const TlHeld *y = (const TlHeld *) b;

	return (x->day > y->day) - (x->day < y->day);
}

static int
cmp_spell(const void *a, const void *b)
{
	const TlSpell *x = (const TlSpell *) a;
	const TlSpell *y = (const TlSpell *) b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->pos > y->pos) - (x->pos < y->pos);
}

static inline void
arg_not_null(FunctionCallInfo fcinfo, int argno, const char *what)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be NULL", what)));
}

/*
 * The held dates a rule counts: all of them, or those of its kind list,
 * filtered from the sorted held conversations (so sorted too) on first use.
 */
static const TlDates *
rule_dates(const TlRuleCache *cache, const TlRule *r, TlDates *all, TlDates *sets,
		   const TlHeld *held, int nheld)
{
	TlDates    *s;
	const TlRule *rep;
	int			i,
				j;

	if (r->kindset < 0)
		return all;
	s = &sets[r->kindset];
	if (s->built)
		return s;
	rep = &cache->rules[cache->kindset_rule[r->kindset]];
	s->d = palloc(Max(nheld, 1) * sizeof(DateADT));
	s->n = 0;
	for (i = 0; i < nheld; i++)
		for (j = 0; j < rep->nkinds; j++)
			if (text_equal(held[i].kind, rep->kinds[j]))
			{
				s->d[s->n++] = held[i].day;
				break;
			}
	s->built = true;
	return s;
}

/*
 * contact_windows(period_start date, spell_starts date[], spell_ends date[],
 *                 spell_groups text[], held_dates date[], held_kinds text[],
 *                 rules contact_window_rule[], from_day date, to_day date)
 * RETURNS TABLE (rule_id text, group_code text, benefit_start date,
 *                first_day date, last_day date, held int, required int,
 *                met boolean, coverage_pct numeric)
 *
 * Not STRICT: held_dates and held_kinds NULL mean no held conversations
 * (what array_agg gives a citizen without any); every other NULL argument
 * is an error.
 */
Datum
ekpi_contact_windows(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	DateADT		period_start,
				from_day,
				to_day;
	Datum	   *starts,
			   *ends,
			   *groups,
			   *heldd = NULL,
			   *heldk = NULL;
	bool	   *starts_n,
			   *ends_n,
			   *groups_n,
			   *heldd_n = NULL,
			   *heldk_n = NULL;
	int			nspell,
				nends,
				ngroups,
				nheld = 0,
				nkinds = 0;
	TlSpell    *spells;
	TlHeld	   *held = NULL;
	TlDates		all;
	TlDates    *sets;
	bool		sorted;
	TlRuleCache *cache;
	TlCandidate *cand;
	int			ncand = 0,
				maxcand;
	int			i,
				b,
				e;

	arg_not_null(fcinfo, 0, "period_start");
	arg_not_null(fcinfo, 1, "spell_starts");
	arg_not_null(fcinfo, 2, "spell_ends");
	arg_not_null(fcinfo, 3, "spell_groups");
	arg_not_null(fcinfo, 6, "rules");
	arg_not_null(fcinfo, 7, "from_day");
	arg_not_null(fcinfo, 8, "to_day");

	period_start = PG_GETARG_DATEADT(0);
	from_day = PG_GETARG_DATEADT(7);
	to_day = PG_GETARG_DATEADT(8);
	check_finite(period_start, "period_start", 0);
	check_finite(from_day, "from_day", 0);
	check_finite(to_day, "to_day", 0);

	/*
	 * Spells: three arrays of one length, in any order (sorted here), then
	 * checked: the first starts on period_start (every spell of the period
	 * is needed: a benefit's count starts at its first spell), none before
	 * it, not overlapping, only the last open.
	 */
	get_array(PG_GETARG_ARRAYTYPE_P(1), "spell_starts", sizeof(DateADT), true,
			  TYPALIGN_INT, &starts, &starts_n, &nspell);
	get_array(PG_GETARG_ARRAYTYPE_P(2), "spell_ends", sizeof(DateADT), true,
			  TYPALIGN_INT, &ends, &ends_n, &nends);
	get_array(PG_GETARG_ARRAYTYPE_P(3), "spell_groups", -1, false,
			  TYPALIGN_INT, &groups, &groups_n, &ngroups);
	if (nends != nspell || ngroups != nspell)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("spell_starts, spell_ends and spell_groups must have the same length, got %d, %d and %d",
						nspell, nends, ngroups)));
	spells = palloc(Max(nspell, 1) * sizeof(TlSpell));
	sorted = true;
	for (i = 0; i < nspell; i++)
	{
		TlSpell    *sp = &spells[i];

		CHECK_FOR_INTERRUPTS();

		element_not_null(starts_n, i, "spell_starts");
		element_not_null(groups_n, i, "spell_groups");
		sp->start = DatumGetDateADT(starts[i]);
		check_finite(sp->start, "spell_starts", i + 1);
		sp->open = ends_n[i];
		sp->end = sp->open ? DATEVAL_NOEND : DatumGetDateADT(ends[i]);
		if (!sp->open)
			check_finite(sp->end, "spell_ends", i + 1);
		sp->pos = i + 1;
		sp->group = DatumGetTextPP(groups[i]);
		if (sp->start < period_start)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("spell %d starts before period_start", i + 1)));
		if (sp->end < sp->start)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("spell %d ends before it starts", i + 1)));
		if (i > 0 && sp->start < spells[i - 1].start)
			sorted = false;
	}
	if (!sorted)
		qsort(spells, nspell, sizeof(TlSpell), cmp_spell);
	if (nspell > 0 && spells[0].start != period_start)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the first spell must start on period_start"),
				 errdetail("Pass every spell of the support period: the count of a benefit starts at its first spell.")));
	for (i = 1; i < nspell; i++)
		if (spells[i - 1].open || spells[i - 1].end >= spells[i].start)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("spells %d and %d overlap", spells[i - 1].pos, spells[i].pos),
					 errdetail("The spells of a period must not overlap; only the last may be open (NULL end).")));

	/*
	 * Held conversations: dates and kinds, two arrays of one length in any
	 * order (sorted here by date; ties allowed).  NULL = none.
	 */
	if (!PG_ARGISNULL(4))
		get_array(PG_GETARG_ARRAYTYPE_P(4), "held_dates", sizeof(DateADT), true,
				  TYPALIGN_INT, &heldd, &heldd_n, &nheld);
	if (!PG_ARGISNULL(5))
		get_array(PG_GETARG_ARRAYTYPE_P(5), "held_kinds", -1, false,
				  TYPALIGN_INT, &heldk, &heldk_n, &nkinds);
	if (nkinds != nheld)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("held_dates and held_kinds must have the same length, got %d and %d",
						nheld, nkinds),
				 errhint("NULL counts as no conversations.")));
	held = palloc(Max(nheld, 1) * sizeof(TlHeld));
	sorted = true;
	for (i = 0; i < nheld; i++)
	{
		CHECK_FOR_INTERRUPTS();
		element_not_null(heldd_n, i, "held_dates");
		element_not_null(heldk_n, i, "held_kinds");
		held[i].day = DatumGetDateADT(heldd[i]);
		check_finite(held[i].day, "held_dates", i + 1);
		held[i].kind = DatumGetTextPP(heldk[i]);
		if (i > 0 && held[i].day < held[i - 1].day)
			sorted = false;
	}
	if (!sorted)
		qsort(held, nheld, sizeof(TlHeld), cmp_held);
	all.built = true;
	all.n = nheld;
	all.d = palloc(Max(nheld, 1) * sizeof(DateADT));
	for (i = 0; i < nheld; i++)
		all.d[i] = held[i].day;

	cache = get_rule_cache(fcinfo, PG_GETARG_ARRAYTYPE_P(6));

	InitMaterializedSRF(fcinfo, 0);
	if (nspell == 0 || cache->nrules == 0 || from_day > to_day)
		return (Datum) 0;
	sets = palloc0(Max(cache->nkindsets, 1) * sizeof(TlDates));

	/*
	 * 1.-2. The benefits, each the run of spells [b, e) with one group, and
	 * the windows that count: for each rule of the benefit's group, the
	 * window ends in [from_day, to_day], the rule is in force that day and a
	 * spell of the benefit holds it (not a gap, not a later benefit).
	 */
	maxcand = 16;
	cand = palloc(maxcand * sizeof(TlCandidate));
	for (b = 0; b < nspell; b = e)
	{
		DateADT		bstart = spells[b].start;

		CHECK_FOR_INTERRUPTS();

		for (e = b + 1; e < nspell && text_equal(spells[e].group, spells[b].group); e++)
			;
		for (i = 0; i < cache->nrules; i++)
		{
			const TlRule *r = &cache->rules[i];
			/* in int64: window_to_week may be huge */
			int64		last = (int64) bstart + (int64) 7 * r->to_week - 1;
			int			s;

			if (last < from_day || last > to_day)
				continue;
			if (last < r->eff_from || last > r->eff_to)
				continue;
			if (!text_equal(spells[b].group, r->group_code))
				continue;
			for (s = b; s < e; s++)
				if (spells[s].start <= last && last <= spells[s].end)
					break;
			if (s == e)
				continue;		/* in a gap, or the benefit ended before */
			if (ncand == maxcand)
			{
				maxcand *= 2;
				cand = repalloc(cand, maxcand * sizeof(TlCandidate));
			}
			cand[ncand].last_day = (DateADT) last;
			/* from_week < to_week, so first_day < last_day fits too */
			cand[ncand].first_day = (DateADT) ((int64) bstart + (int64) 7 * r->from_week);
			cand[ncand].benefit_start = bstart;
			cand[ncand].rule = i;
			ncand++;
		}
	}

	/* 3. in order of their last day */
	if (ncand > 1)
		qsort(cand, ncand, sizeof(TlCandidate), cmp_candidate);

	/* 4. the held conversations of the rule's kinds in each window */
	for (i = 0; i < ncand; i++)
	{
		const TlCandidate *c = &cand[i];
		const TlRule *r = &cache->rules[c->rule];
		const TlDates *d = rule_dates(cache, r, &all, sets, held, nheld);
		Datum		values[CW_NCOLS];
		bool		nulls[CW_NCOLS] = {false};
		int			count;

		CHECK_FOR_INTERRUPTS();

		/* dates < last_day + 1 minus dates < first_day */
		count = count_before(d->d, d->n, c->last_day + 1) - count_before(d->d, d->n, c->first_day);

		values[0] = PointerGetDatum(r->rule_id);
		values[1] = PointerGetDatum(r->group_code);
		values[2] = DateADTGetDatum(c->benefit_start);
		values[3] = DateADTGetDatum(c->first_day);
		values[4] = DateADTGetDatum(c->last_day);
		values[5] = Int32GetDatum(count);
		values[6] = Int32GetDatum(r->min_conv);
		values[7] = BoolGetDatum(count >= r->min_conv);
		if (r->has_coverage)
			values[8] = r->coverage;
		else
		{
			values[8] = (Datum) 0;
			nulls[8] = true;
		}
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
