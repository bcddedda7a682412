/*-------------------------------------------------------------------------
 * compat.h
 *	  All PG_VERSION_NUM shims of employment_kpi in one place.
 *-------------------------------------------------------------------------
 */
#ifndef EKPI_COMPAT_H
#define EKPI_COMPAT_H

#include "postgres.h"

/*
 * PostgreSQL 15 or later: the set-returning functions use the materialize
 * mode helper of 15 (and the SQL uses its features).  Only 15 is built and
 * tested (Debian 12 ships 15); nothing here is known to break on 16 or 17,
 * but that is not claimed until it is tested.
 */
#if PG_VERSION_NUM < 150000
#error "employment_kpi needs PostgreSQL 15 or later"
#endif

/* InitMaterializedSRF was called SetSingleFuncCall in 15.0. */
#include "funcapi.h"
#if PG_VERSION_NUM < 150001
#define InitMaterializedSRF(fcinfo, flags) SetSingleFuncCall(fcinfo, flags)
#endif

#endif							/* EKPI_COMPAT_H */
