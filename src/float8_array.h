/*-------------------------------------------------------------------------
 * float8_array.h
 *	  Plain float8[] values as aggregate transition states (fsum,
 *	  funnel_tau2), which makes those aggregates combinable, parallel safe
 *	  and distributable, with a text form that round-trips exactly: a new
 *	  zeroed one-dimensional array, and the data of one without NULLs.
 *-------------------------------------------------------------------------
 */
#ifndef EKPI_FLOAT8_ARRAY_H
#define EKPI_FLOAT8_ARRAY_H

#include "postgres.h"

#include "catalog/pg_type.h"
#include "utils/array.h"

/*
 * The data of a one-dimensional array without NULLs (ARR_DATA_PTR itself
 * trips -Wsign-compare in the PostgreSQL 15 headers).
 */
static inline double *
float8_array_data(ArrayType *a)
{
	return (double *) ((char *) a + ARR_OVERHEAD_NONULLS(1));
}

/* A one-dimensional float8 array of len zeros, in CurrentMemoryContext. */
static inline ArrayType *
float8_array_new(int len)
{
	Size		nbytes = ARR_OVERHEAD_NONULLS(1) + sizeof(double) * len;
	ArrayType  *a = (ArrayType *) palloc0(nbytes);

	SET_VARSIZE(a, nbytes);
	a->ndim = 1;
	a->dataoffset = 0;
	a->elemtype = FLOAT8OID;
	ARR_DIMS(a)[0] = len;
	ARR_LBOUND(a)[0] = 1;
	return a;
}

#endif							/* EKPI_FLOAT8_ARRAY_H */
