/*-------------------------------------------------------------------------
 * summary.h
 *	  The header the extension's summary types (survival, effect) begin
 *	  with, and its structural check.
 *
 *	  A summary value holds items of its type: first "nsorted" items sorted
 *	  by strictly increasing key, then "nbuf" unsorted items (an append
 *	  buffer used only while aggregating).  The header is the same in
 *	  memory and on disk.
 *-------------------------------------------------------------------------
 */
#ifndef EKPI_SUMMARY_H
#define EKPI_SUMMARY_H

#include "postgres.h"

typedef struct SummaryHeader
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* the type's format version */
	uint8		flags;			/* reserved, always 0 */
	uint16		reserved;		/* always 0 */
	int32		nsorted;		/* items sorted by strictly increasing key */
	int32		nbuf;			/* unsorted items following them */
} SummaryHeader;

/*
 * Whether the header of a value a function received is consistent: the
 * type's format version, no flags, and nsorted + nbuf items within the
 * capacity (in items) that the value's size allows.  SQL can call the
 * support functions directly with any value of the type, so never trust the
 * counters before indexing with them.
 */
static inline bool
summary_header_ok(const SummaryHeader *h, uint8 version, int64 capacity)
{
	return h->version == version && h->flags == 0 && h->reserved == 0 &&
		h->nsorted >= 0 && h->nbuf >= 0 &&
		(int64) h->nsorted + h->nbuf <= capacity;
}

#endif							/* EKPI_SUMMARY_H */
