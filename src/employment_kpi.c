/*-------------------------------------------------------------------------
 * employment_kpi.c
 *	  Module entry point of the employment_kpi extension. The statistics
 *	  live in one file per concept next to this one.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"
#include "fmgr.h"

PG_MODULE_MAGIC;
