#!/usr/bin/env bash
# Install the Debian packages employment_kpi needs (only those missing; the
# list, EKPI_PACKAGES, is in common.sh: the test suites, sqlsmith and
# python3-psycopg2 of the fuzz harness among them).
source "$(dirname "$0")/common.sh"
install_deps
