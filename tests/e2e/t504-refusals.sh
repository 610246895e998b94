#!/bin/sh
# Every refusal of docs/array-remote-copy.md §6.6 item 16 through rcsim cli: exit status 1,
# one "Error:" line, and the groups on both arrays unchanged.
. "$(dirname "$0")/lib.sh"
start_rcsim

rc_group n1                      # started and synced
rc_group n2                      # never started
rc cli site-a creatercopygroup empty site-b:sync
rc cli site-a startrcopygroup n1
advance_until_synced n1

state() {
    rc --json groups site-a
    rc --json groups site-b
    rc --json status | jget remote_copy
}

refused() {
    _arr=$1
    shift
    _before=$(state)
    _st=0
    "$RCSIM" --server "$RCSIM_URL" cli "$_arr" "$@" >"$E2E_TMP/out" 2>"$E2E_TMP/err.x" ||
        _st=$?
    grep -v '^+ ' "$E2E_TMP/err.x" >"$E2E_TMP/err" || true   # sh -x traces
    [ $_st -eq 1 ] || fail "$*: status $_st: $(cat "$E2E_TMP/out" "$E2E_TMP/err")"
    [ "$(wc -l <"$E2E_TMP/err")" -eq 1 ] || fail "$*: not one error line: $(cat "$E2E_TMP/err")"
    grep -q '^Error: ' "$E2E_TMP/err" || fail "$*: no Error: line: $(cat "$E2E_TMP/err")"
    assert_eq "$(state)" "$_before" "$* changed the state"
}

refused site-b startrcopygroup n1.r101                       # start on the secondary
refused site-a startrcopygroup n1                            # already started (215)
refused site-a startrcopygroup empty                         # empty group
refused site-a setrcopygroup failover -f n1                  # failover on the primary
refused site-b setrcopygroup failover -f n1.r101             # failover, started group
refused site-b setrcopygroup recover -f n1.r101              # recover, not stopped (284)
refused site-b setrcopygroup restore -f n2.r101              # restore, not reversed (29)
refused site-a removercopygroup -f n1                        # remove a started group
rc cli site-a createvv -tpvv -snp_cpg FC_r5 FC_r1 extra 1g
refused site-a admitrcopyvv -createvv extra n1 site-b:extra  # admit into a started group
refused site-a setrcopygroup period 5m site-b n1             # period on a sync group
refused site-a creatercopygroup abcdefghijklmnopqrstuvw site-b:sync   # 23 characters
refused site-a creatercopygroup n1 site-b:sync               # duplicate
refused site-a creatercopygroup x site-c:sync                # unknown target
assert_contains "$(cat "$E2E_TMP/err")" "Could not find target site-c ."
refused site-a admitrcopytarget site-b sync n1               # a second sync target
refused site-a admitrcopylink site-b 0:3:1:10.1.1.21         # the same link again
refused site-a showrcopy groups nosuch                       # unknown group
assert_contains "$(cat "$E2E_TMP/err")" "nosuch"

# a second mode on one target, at start (236)
RC_MODE=periodic rc_group p1
rc cli site-a setrcopygroup period 5m site-b p1
refused site-a startrcopygroup p1
