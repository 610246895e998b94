#!/bin/sh
# tests/e2e/run.sh - runs end-to-end tests: each tNNN-*.sh given (default:
# all of them), one line "ok", "skip" or "FAIL" per test, each test's log in
# build/e2e/<test>.log, and a closing line "N passed, M failed". Exits
# non-zero when any test failed. RCSIM names the binary; RCSIM_URL makes
# every test reuse a running rcsim.
here=$(cd "$(dirname "$0")" && pwd)
logdir=${E2E_LOGDIR:-build/e2e}
mkdir -p "$logdir"
: "${RCSIM:=$(pwd)/build/rcsim}"
export RCSIM
[ $# -gt 0 ] || set -- "$here"/t[0-9][0-9][0-9]-*.sh
passed=0 failed=0
for t in "$@"; do
    name=$(basename "$t" .sh)
    log="$logdir/$name.log"
    st=0
    sh -x "$t" >"$log" 2>&1 || st=$?
    case $st in
    0) echo "ok   $name"; passed=$((passed + 1)) ;;
    77) echo "skip $name ($(tail -n 1 "$log"))" ;;
    *) echo "FAIL $name (status $st, log $log)"; { grep '^FAIL' "$log"; tail -n 12 "$log"; } | sed 's/^/    /'
       failed=$((failed + 1)) ;;
    esac
done
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
