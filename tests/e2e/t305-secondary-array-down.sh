#!/bin/sh
# The secondary array fails (docs/array-remote-copy.md §3.6, §6.6 item 8): to site-a it is
# the same as all links down; no role changes; restart and a delta resync
# once it is back.
. "$(dirname "$0")/lib.sh"
start_rcsim

rc_group g
rc io write site-a g_v --offset 0 --length 1M --pattern 1
rc cli site-a startrcopygroup g
advance_until_synced g

assert_eq "$(rc array down site-b)" "site-b powered off"
rc clock advance 30s >/dev/null
assert_eq "$(rc --json status | jget remote_copy.0.targets.0.status)" "failed"
assert_eq "$(group_state site-a g)" "Primary/Stopped"
assert_contains "$(gget site-a g pairs.0.resync_snapshot)" "rcpy."
expect_status 1 rc cli site-b showrcopy 2>/dev/null
rc io write site-a g_v --offset 8M --length 16K --pattern 2

rc array up site-b >/dev/null
rc clock advance 30s >/dev/null
assert_eq "$(group_state site-a g)" "Primary/Stopped" "no auto_recover"
assert_eq "$(group_state site-b g.r101)" "Secondary/Stopped" "roles unchanged"
rc cli site-a startrcopygroup g
advance_until_synced g
assert_eq "$(gget site-a g pairs.0.blocks_sent)" 1 "delta resync"
same_data site-a:g_v site-b:g_v

# a reboot of the secondary is the same, and auto_recover restarts
rc cli site-a setrcopygroup pol auto_recover g
assert_eq "$(rc array reboot site-b)" "site-b rebooted"
rc clock advance 30s >/dev/null
advance_until_synced g 120
assert_eq "$(group_state site-a g)" "Primary/Started"
assert_eq "$(group_state site-b g.r101)" "Secondary/Started"
same_data site-a:g_v site-b:g_v
