# employment_kpi — PGXS build
#
#   make            build the extension
#   make install    install it into the PostgreSQL that pg_config points at
#   make test       install packages, build, install, run pg_regress + pgTAP
#                   against a throwaway cluster; prints "N passed, N failed"
#   make demo       the same set-up, then a demo cluster with a synthetic
#                   municipality and the weekly report (make demo-stop ends it)

EXTENSION  = employment_kpi
EXTVERSION = $(shell sed -n "s/^default_version *= *'\(.*\)'/\1/p" $(EXTENSION).control)

MODULE_big = employment_kpi
# One concept per C file under src/.
OBJS = $(patsubst %.c,%.o,$(sort $(wildcard src/*.c)))

# The install script is assembled from src/sql/*.sql in name order
# (00_header first), so each concept keeps its SQL next to its peers.
SQL_SOURCES = $(sort $(wildcard src/sql/*.sql))
DATA_built  = $(EXTENSION)--$(EXTVERSION).sql

REGRESS      = $(basename $(notdir $(sort $(wildcard sql/*.sql))))
REGRESS_OPTS = --inputdir=. --load-extension=btree_gist --load-extension=$(EXTENSION)

PG_CONFIG ?= pg_config
PG_CPPFLAGS = -I$(srcdir)/src
# Warnings beyond what PGXS sets; WERROR=1 (used by make test) makes them fatal.
PG_CFLAGS  = -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers $(if $(WERROR),-Werror)

EXTRA_CLEAN = results regression.diffs regression.out tmp_check log

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

$(EXTENSION)--$(EXTVERSION).sql: $(SQL_SOURCES) $(EXTENSION).control
	cat $(SQL_SOURCES) > $@

.PHONY: test demo demo-stop deps validate bench

deps:
	@scripts/deps.sh

test:
	@scripts/test.sh

demo:
	@scripts/demo.sh

demo-stop:
	@scripts/demo.sh stop

# Intervention-effect estimator against the synthetic truth, seeds 1-10 (~10 min).
validate:
	@test/validate/effects_validate.sh
