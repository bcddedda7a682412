# employment_kpi — PGXS build
#
#   make            build the extension
#   make install    install it into the PostgreSQL that pg_config points at
#   make test       install packages, build, install, run the suites against
#                   a throwaway cluster; prints "N passed, N failed"
#   make demo       the same set-up, then a demo cluster with a synthetic
#                   municipality and the weekly report (make demo-stop ends it)
#   make load       BI readers under load (test/load), figures for docs/reliability.md
#   make fuzz       hostile calls, malformed input, sqlsmith and forced-parallel
#                   aggregates against a throwaway demo-like cluster (long;
#                   budgets in test/fuzz/run.sh)
#   make test-citus the extension on a Citus cluster against one node (test/citus;
#                   skipped, saying so, where Citus is not installed)

EXTENSION  = employment_kpi
EXTVERSION = $(shell sed -n "s/^default_version *= *'\(.*\)'/\1/p" $(EXTENSION).control)

MODULE_big = employment_kpi
# One concept per C file under src/.
OBJS = $(patsubst %.c,%.o,$(sort $(wildcard src/*.c)))

# The install script's sources in install order, layer by layer: a layer
# uses only the layers before it, and its files are src/sql/<layer>/<name>.sql
# in the order listed.  Files named *storage create what an upgrade must keep
# (schemas, types, tables and their seeds); every other file holds
# definitions (functions, aggregates, views, triggers, registry rows)
# written so that they can run again over an older version.
SQL_LAYERS    = core model kpi access bi report synthetic final
SQL_core      = storage declare distributions fsum survival effect funnel
SQL_model     = cpr storage reform_storage facts_storage dream_storage describe rules placement seed groups support_periods import_values import import_api dream
SQL_kpi       = storage effect_storage describe refund budget output timeliness scorecard effect_weeks effects
SQL_access    = checks scorecard timeliness grants
SQL_bi        = storage quality_storage benchmark_storage scaleout_storage describe tracking refresh group_week scorecard budget effects registry quality benchmark
SQL_report    = storage describe report sections team html worklist
SQL_synthetic = storage describe synthetic
SQL_final     = distribute privileges
SQL_SOURCES = $(foreach l,$(SQL_LAYERS),$(patsubst %,src/sql/$(l)/%.sql,$(SQL_$(l))))
SQL_STORAGE = $(filter %storage.sql,$(SQL_SOURCES))

# Upgrades.  The install script of every released version is kept as it
# shipped (compressed: it is a release artifact, never edited).  The upgrade
# from the previous release runs src/upgrade/<from>--<to>.sql, which brings
# the storage up to date and drops what is gone or changed its signature,
# and then the definition files above.  When a version is released, its
# assembled upgrade script is frozen next to its install script.
RELEASED   = 0.1.0
# Storage files new since the last release hold only new tables and their
# seeds (a seed row of a target group the database no longer has is left
# out, so an updated database holds what a fresh install restored from it
# would): the upgrade runs them whole, after its own storage part.
NEW_STORAGE = src/sql/model/reform_storage.sql src/sql/model/dream_storage.sql src/sql/kpi/effect_storage.sql src/sql/bi/quality_storage.sql src/sql/bi/benchmark_storage.sql src/sql/bi/scaleout_storage.sql
DATA_built = $(EXTENSION)--$(EXTVERSION).sql \
	$(foreach v,$(RELEASED),$(EXTENSION)--$(v).sql $(EXTENSION)--$(v)--$(EXTVERSION).sql)

REGRESS      = $(basename $(notdir $(sort $(wildcard sql/*.sql))))
REGRESS_OPTS = --inputdir=. --load-extension=btree_gist --load-extension=$(EXTENSION)

PG_CONFIG ?= pg_config
PG_CPPFLAGS = -I$(srcdir)/src
# Warnings beyond what PGXS sets; WERROR=1 (used by make test) makes them fatal.
PG_CFLAGS  = -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers $(if $(WERROR),-Werror)

EXTRA_CLEAN = results regression.diffs regression.out tmp_check log

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

$(EXTENSION)--$(EXTVERSION).sql: $(SQL_SOURCES) $(EXTENSION).control Makefile
	{ printf -- '-- %s %s install script, assembled by the Makefile from src/sql.\n\n' $(EXTENSION) $(EXTVERSION); \
	  printf '\\echo Use "CREATE EXTENSION %s" to load this file. \\quit\n' $(EXTENSION); \
	  for f in $(SQL_SOURCES); do printf '\n-- %s\n' "$$f"; cat "$$f"; done; } > $@

$(EXTENSION)--%.sql: src/upgrade/$(EXTENSION)--%.sql.gz
	gzip -dc $< > $@

$(EXTENSION)--%--$(EXTVERSION).sql: src/upgrade/%--$(EXTVERSION).sql $(SQL_SOURCES) $(EXTENSION).control Makefile
	{ printf -- '-- %s upgrade %s to %s, assembled by the Makefile.\n\n' $(EXTENSION) $* $(EXTVERSION); \
	  printf '\\echo Use "ALTER EXTENSION %s UPDATE TO %s" to load this file. \\quit\n' $(EXTENSION) "'$(EXTVERSION)'"; \
	  printf '\n-- %s\n' $<; cat $<; \
	  for f in $(NEW_STORAGE); do printf '\n-- %s\n' "$$f"; cat "$$f"; done; \
	  for f in $(filter-out $(SQL_STORAGE),$(SQL_SOURCES)); do printf '\n-- %s\n' "$$f"; cat "$$f"; done; } > $@

.PHONY: test demo demo-stop deps validate bench load-data load fuzz test-citus

deps:
	@scripts/deps.sh

test:
	@scripts/test.sh

demo:
	@scripts/demo.sh

demo-stop:
	@scripts/demo.sh stop

# Load a folder of CSV files (docs/import.md): make load-data DIR=data/templates DB=mydb STYLE=da
# (STYLE, or NUMBER_STYLE and DATE_STYLE, as scripts/load.sh's options).
load-data:
	@test -n "$(DIR)" || { echo 'make load-data DIR=<folder of CSV files> [DB=<database>] [STYLE=da|en]' >&2; exit 2; }
	@scripts/load.sh $(if $(STYLE),--style $(STYLE)) $(if $(NUMBER_STYLE),--number-style $(NUMBER_STYLE)) \
	  $(if $(DATE_STYLE),--date-style $(DATE_STYLE)) "$(DIR)" $(DB)

# BI readers under load: 16 readers over the kpi_* views alone, during imports
# and refreshes, and against a blocking refresh (~5 min; timing-based, so not
# part of make test, which runs it briefly for its assertions only).
load:
	@test/load/load.sh
fuzz:
	@test/fuzz/run.sh

# employment_kpi on a Citus coordinator with two workers, compared with one
# node (test/citus; ~5 min). Needs Citus built for this PostgreSQL (not in
# Debian; docs/scale-out.md); without it, says so and passes as skipped.
test-citus:
	@test/citus/run.sh

# Intervention-effect estimator against the synthetic truth, seeds 1-10 (~10 min).
validate:
	@test/validate/effects_validate.sh

# National size on one node (docs/benchmarks.md): SIZES="100000 300000 1000000"
# citizens x 156 weeks by default, over an hour; make bench-national SIZES="5000 10000".
.PHONY: bench-national
bench-national:
	@SIZES="$(or $(SIZES),100000 300000 1000000)" test/bench/national_bench.sh
