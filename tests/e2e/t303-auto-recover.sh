#!/bin/sh
# All links down with auto_recover (docs/array-remote-copy.md §1.6, §6.6 item 4): the group
# stops, and restarts by itself when the links come back.
. "$(dirname "$0")/lib.sh"
start_rcsim

rc_group g
rc cli site-a setrcopygroup pol auto_recover g
assert_contains "$(gget site-b g.r101 policies)" "auto_recover" "the policy is mirrored"
rc io write site-a g_v --offset 0 --length 1M --pattern 1
rc cli site-a startrcopygroup g
advance_until_synced g

rc link down site-a site-b >/dev/null
rc clock advance 30s >/dev/null
assert_eq "$(group_state site-a g)" "Primary/Stopped"
assert_eq "$(group_state site-b g.r101)" "Secondary/Stopped"
rc io write site-a g_v --offset 4M --length 48K --pattern 2

rc link up site-a site-b >/dev/null
rc clock advance 1s >/dev/null
advance_until_synced g 120
assert_eq "$(group_state site-a g)" "Primary/Started" "restarted alone"
assert_eq "$(group_state site-b g.r101)" "Secondary/Started"
assert_eq "$(gget site-a g pairs.0.blocks_sent)" 3 "a delta of the 3 changed blocks"
same_data site-a:g_v site-b:g_v
rc cli site-a showvv | grep -q rcpy && fail "rcpy snapshot left on site-a"
exit 0
