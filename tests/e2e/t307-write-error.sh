#!/bin/sh
# A write error on the secondary (docs/array-remote-copy.md §3.8, §6.6 item 14): the host
# write completes, the group stops with a resync snapshot, and auto_recover
# does not restart it; startrcopygroup does.
. "$(dirname "$0")/lib.sh"
start_rcsim

rc_group g
rc cli site-a setrcopygroup pol auto_recover g
rc io write site-a g_v --offset 0 --length 1M --pattern 1
rc cli site-a startrcopygroup g
advance_until_synced g

assert_contains "$(rc fault site-b g_v --write-errors 1)" "the next 1 writes fail"
rc io write site-a g_v --offset 2M --length 16K --pattern 2
rc clock advance 1s >/dev/null
assert_eq "$(group_state site-a g)" "Primary/Stopped"
assert_eq "$(group_state site-b g.r101)" "Secondary/Stopped"
assert_contains "$(gget site-a g pairs.0.resync_snapshot)" "rcpy."
rc clock advance 5m >/dev/null
assert_eq "$(group_state site-a g)" "Primary/Stopped" "auto_recover does not restart it"
# links flapping do not restart it either
rc link down site-a site-b >/dev/null
rc clock advance 30s >/dev/null
rc link up site-a site-b >/dev/null
rc clock advance 30s >/dev/null
assert_eq "$(group_state site-a g)" "Primary/Stopped" "still stopped after a link flap"

rc cli site-a startrcopygroup g
advance_until_synced g
same_data site-a:g_v site-b:g_v

# faults for ever, then cleared
rc fault site-b g_v --write-errors -1 >/dev/null
rc io write site-a g_v --offset 3M --length 16K --pattern 3
rc clock advance 1s >/dev/null
assert_eq "$(group_state site-a g)" "Primary/Stopped"
assert_contains "$(rc fault site-b g_v --write-errors 0)" "write errors cleared"
rc cli site-a startrcopygroup g
advance_until_synced g
same_data site-a:g_v site-b:g_v
expect_status 2 rc fault site-b g_v 2>/dev/null
expect_status 2 rc fault site-b g_v --write-errors -2 2>/dev/null
expect_status 1 rc fault site-b nosuch --write-errors 1 2>/dev/null
