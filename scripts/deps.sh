#!/usr/bin/env bash
# Install the Debian packages employment_kpi needs (only those missing).
source "$(dirname "$0")/common.sh"
install_deps
