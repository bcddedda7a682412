/*-------------------------------------------------------------------------
 * compat.h
 *	  All PG_VERSION_NUM shims of employment_kpi in one place.
 *-------------------------------------------------------------------------
 */
#ifndef EKPI_COMPAT_H
#define EKPI_COMPAT_H

#include "postgres.h"

#if PG_VERSION_NUM < 130000
#error "employment_kpi needs PostgreSQL 13 or later"
#endif

/* InitMaterializedSRF arrived in 15 (as SetSingleFuncCall in 15.0). */
#if PG_VERSION_NUM >= 150000
#include "funcapi.h"
#if PG_VERSION_NUM < 150001
#define InitMaterializedSRF(fcinfo, flags) SetSingleFuncCall(fcinfo, flags)
#endif
#define EKPI_HAVE_MATERIALIZED_SRF 1
#endif

#endif							/* EKPI_COMPAT_H */
