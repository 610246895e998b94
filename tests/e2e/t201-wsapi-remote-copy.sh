#!/bin/sh
# t201: python-3parclient's remote-copy calls over WSAPI against the two
# simulated arrays (docs/array-interfaces.md §3, §4.3): every test_22_*
# sequence between the suite's setUp and tearDown (S logs in first, CPGs on
# both arrays, SSH dismissrcopyvv -removevv, nothing left for the next test),
# then a DR cycle with host data proved by digests: periodic group with
# volume auto-creation, start, sync, stop, failover (action 7) on site-b,
# recover (9), restore (10), delete with keepSnap, and the refusals.
. "$(dirname "$0")/lib.sh"
requires /usr/bin/python3
/usr/bin/python3 -c 'import requests, paramiko' 2>/dev/null || { echo "skip: requires python3-requests and python3-paramiko"; exit 77; }
requires_own_server
start_rcsim

/usr/bin/python3 "$(dirname "$0")/helpers/wsapi_rc.py" "$RCSIM_URL" "$PORT_OFFSET" ||
    fail "the client's remote-copy sequence"

# the CLI sees what WSAPI made and removed: nothing is left on either array
out=$(rc cli site-a showrcopy groups)
assert_contains "$out" "Group Information"
case $out in *RCG1_UNIT_TEST*) fail "a group left on site-a: $out" ;; esac
out=$(rc cli site-b showrcopy groups)
case $out in *RCG1_UNIT_TEST*) fail "a group left on site-b: $out" ;; esac
