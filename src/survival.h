/*-------------------------------------------------------------------------
 * survival.h
 *	  The "survival" type: a summary of right-censored durations as sorted
 *	  distinct times with their event and censoring counts.
 *
 *	  In-memory (and on-disk) layout: a varlena header, a format version
 *	  byte, then "nsorted" rows sorted by strictly increasing time followed
 *	  by "nbuf" unsorted rows (an append buffer used only while aggregating;
 *	  it may hold duplicate times).  Any further room up to VARSIZE is spare
 *	  capacity, again used only by aggregate transition states.  A value in
 *	  canonical form has nbuf = 0, no spare capacity, no all-zero rows, and
 *	  is what every final function, input function and accessor hands out.
 *
 *	  The portable forms (text and binary send/receive) never expose the
 *	  struct: they are written field by field (survival.c).
 *-------------------------------------------------------------------------
 */
#ifndef EKPI_SURVIVAL_H
#define EKPI_SURVIVAL_H

#include "postgres.h"
#include "fmgr.h"
#include "common/int.h"
#include "utils/memutils.h"

#include "summary.h"

#define SURVIVAL_VERSION 1

/* One distinct time with its counts (int64 so large tables never wrap). */
typedef struct SurvivalRow
{
	float8		time;
	int64		nevent;
	int64		ncensor;
} SurvivalRow;

typedef struct Survival
{
	SummaryHeader hdr;			/* version SURVIVAL_VERSION; rows by time */
	SurvivalRow rows[FLEXIBLE_ARRAY_MEMBER];
} Survival;

#define SURVIVAL_HDRSZ		offsetof(Survival, rows)
#define SURVIVAL_SIZE(n)	(SURVIVAL_HDRSZ + (Size) (n) * sizeof(SurvivalRow))
#define SURVIVAL_CAPACITY(s) \
	((int32) ((VARSIZE(s) - SURVIVAL_HDRSZ) / sizeof(SurvivalRow)))
/* Most rows one value may hold: keeps sizes far below MaxAllocSize. */
#define SURVIVAL_MAX_ROWS	((int32) ((MaxAllocSize - SURVIVAL_HDRSZ) / sizeof(SurvivalRow) / 2))

#define DatumGetSurvivalP(X)	((Survival *) PG_DETOAST_DATUM(X))
#define PG_GETARG_SURVIVAL_P(n) DatumGetSurvivalP(PG_GETARG_DATUM(n))
#define PG_RETURN_SURVIVAL_P(x) PG_RETURN_POINTER(x)

/* survival.c */
extern Survival *survival_alloc(int32 capacity);
extern pg_attribute_noreturn() void survival_header_error(const Survival *s);
extern Survival *survival_canonical(const Survival *s);
extern Survival *survival_get_canonical(Datum d);
extern int64 survival_total(const Survival *s);
extern pg_attribute_noreturn() void survival_count_overflow(void);
extern int32 survival_sort_dedup(SurvivalRow *rows, int32 n);
extern int32 survival_merge_rows(const SurvivalRow *a, int32 na,
								 const SurvivalRow *b, int32 nb,
								 SurvivalRow *out);

/* survival_agg.c */
extern Survival *survival_state_add(Survival *s, const Survival *input,
									float8 time, int64 nevent, int64 ncensor);

/* Cheap structural check of a value a function received (summary.h). */
static inline void
survival_check_header(const Survival *s)
{
	Size		size = VARSIZE(s);

	if (unlikely(size < SURVIVAL_HDRSZ ||
				 (size - SURVIVAL_HDRSZ) % sizeof(SurvivalRow) != 0 ||
				 !summary_header_ok(&s->hdr, SURVIVAL_VERSION, SURVIVAL_CAPACITY(s))))
		survival_header_error(s);
}

/* a + b for counts, raising numeric_value_out_of_range on int64 overflow. */
static inline int64
survival_add_count(int64 a, int64 b)
{
	int64		r;

	if (unlikely(pg_add_s64_overflow(a, b, &r)))
		survival_count_overflow();
	return r;
}

#endif							/* EKPI_SURVIVAL_H */
