#!/bin/sh
# A periodic group (docs/array-remote-copy.md §4, §6.6 item 2): writes stay on site-a until
# the period ends; syncrcopy forces a cycle.
. "$(dirname "$0")/lib.sh"
start_rcsim

RC_MODE=periodic rc_group p
rc cli site-a setrcopygroup period 5m site-b p
assert_eq "$(gget site-a p period_ms)" 300000
rc io write site-a p_v --offset 0 --length 1M --pattern 1
rc cli site-a startrcopygroup p
advance_until_synced p
same_data site-a:p_v site-b:p_v
assert_eq "$(group_state site-a p)" "Primary/Started"
assert_contains "$(rc groups site-a p)" "Periodic period 300s"

rc io write site-a p_v --offset 2M --length 16K --pattern 2
rc clock advance 10s >/dev/null
assert_ne "$(rc io digest site-a p_v)" "$(rc io digest site-b p_v)" "not shipped before the period"
rc clock advance 5m >/dev/null
advance_until_synced p
same_data site-a:p_v site-b:p_v

# syncrcopy forces a cycle now (without -w: the manual clock moves below)
rc io write site-a p_v --offset 3M --length 16K --pattern 3
rc cli site-a syncrcopy p </dev/null
rc clock advance 1s >/dev/null
advance_until_synced p
same_data site-a:p_v site-b:p_v
assert_ne "$(gget site-a p last_sync)" "NA" "Last-Sync is set"

# syncrcopy -w returns once the clock has moved the cycle to its end
rc io write site-a p_v --offset 5M --length 16K --pattern 4
rc cli site-a syncrcopy -w p >"$E2E_TMP/syncw.out" 2>&1 &
w=$!
rc clock advance 2s >/dev/null
i=0
while kill -0 $w 2>/dev/null; do
    i=$((i + 1))
    [ $i -lt 100 ] || { kill $w; fail "syncrcopy -w did not return"; }
    rc clock advance 1s >/dev/null
done
wait $w || fail "syncrcopy -w failed: $(cat "$E2E_TMP/syncw.out")"
assert_contains "$(cat "$E2E_TMP/syncw.out")" "Completed synchronization for group p"
same_data site-a:p_v site-b:p_v
