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
    # bash when there is one: lib.sh then names the failing line
    ${E2E_SHELL:-$(command -v bash || echo sh)} -x "$t" >"$log" 2>&1 || st=$?
    case $st in
    0) echo "ok   $name"; passed=$((passed + 1)) ;;
    77) echo "skip $name ($(tail -n 1 "$log"))" ;;
    *) echo "FAIL $name (status $st, log $log)"
       # what failed, at which line of the test (the command that gave the
       # value), expected against actual (lib.sh's fail), then the server's
       # last lines
       { awk '/^FAIL: /{on=1} on && /^[+]/{exit} on' "$log" | head -n 12
         echo "--- server log (last lines)"
         sed -n '/^--- server log/,$p' "$log" | sed 1d | grep -v '^[+]' |
             sed '/: signal 15: shutting down/,$d' | tail -n 8
       } | sed 's/^/    /'
       failed=$((failed + 1)) ;;
    esac
done
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
