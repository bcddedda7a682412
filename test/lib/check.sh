# The check of the shell test suites (sourced, not run):
#   check DESCRIPTION COMMAND...
# runs the command and prints one numbered TAP line for it ("ok N - ..." or
# "not ok N - ..."); the command's output goes to checkN.log in $CHECK_DIR
# (default $OUT) and is shown as # lines when it failed, and then the check
# returns 1 (a script under set -e stops at its first failed check).  The
# caller sets n=0 first.
check() {
  local what=$1 dir=${CHECK_DIR:-$OUT}
  shift
  n=$((n + 1))
  if "$@" >"$dir/check$n.log" 2>&1; then echo "ok $n - $what"
  else echo "not ok $n - $what"; sed 's/^/# /' "$dir/check$n.log" | head -40; return 1; fi
}
