#!/bin/sh
# A powered-off primary replicates nothing (docs/array-remote-copy.md §3.2, §3.3, §3.7):
# neither the rest of a resync nor a periodic cycle reaches the secondary
# once the primary is off, whatever the primary's own rows still say.
. "$(dirname "$0")/lib.sh"
start_rcsim

# a sync resync cut by the primary's power
rc_group g g_v1 g_v2
rc link set site-a site-b --bandwidth 1 >/dev/null
rc io write site-a g_v1 --offset 0 --length 8M --pattern 1 >/dev/null
rc io write site-a g_v2 --offset 0 --length 8M --pattern 2 >/dev/null
rc cli site-a startrcopygroup g
rc clock advance 1s >/dev/null
assert_eq "$(pair_status site-a g 0)" "Syncing"
rc array down site-a >/dev/null
mark_point cut site-b g_v1 g_v2
rc clock advance 2s >/dev/null
assert_eq "$(group_point site-b g.r101 cut)" cut "no block after the power went"
rc clock advance 30s >/dev/null
assert_eq "$(group_state site-b g.r101)" "Secondary/Stopped"
rc clock advance 10m >/dev/null
assert_eq "$(group_point site-b g.r101 cut)" cut "still nothing ten minutes later"
assert_eq "$(wsapi site-b GET /remotecopygroups/g.r101 | jget targets.0.state)" 5 "WSAPI: stopped"

rc array up site-a >/dev/null
rc clock advance 1s >/dev/null
assert_eq "$(group_state site-a g)" "Primary/Stopped" "back from a power loss: stopped"
rc link set site-a site-b --bandwidth 1000 >/dev/null
rc cli site-a startrcopygroup g
advance_until_synced g
same_data site-a:g_v1 site-b:g_v1
same_data site-a:g_v2 site-b:g_v2

# a periodic group runs no cycle while its primary is off
rc reset >/dev/null
rm -f "$E2E_TMP"/wsapi.key.*
RC_MODE=periodic rc_group p p_v1 p_v2
rc cli site-a setrcopygroup period 5m site-b p
rc io write site-a p_v1 --offset 0 --length 1M --pattern 3 >/dev/null
rc io write site-a p_v2 --offset 0 --length 1M --pattern 4 >/dev/null
rc cli site-a startrcopygroup p
advance_until_synced p
last=$(gget site-b p.r101 pairs.0.last_sync)
rc io write site-a p_v1 --offset 4M --length 64K --pattern 5 >/dev/null
rc io write site-a p_v2 --offset 4M --length 64K --pattern 6 >/dev/null
mark_point before site-b p_v1 p_v2
rc array down site-a >/dev/null
rc clock advance 6m >/dev/null
assert_eq "$(group_point site-b p.r101 before)" before "no cycle shipped data"
assert_eq "$(gget site-b p.r101 pairs.0.last_sync)" "$last" "LastSyncTime did not move"
assert_eq "$(gget site-b p.r101 last_sync)" "$last"
rc array up site-a >/dev/null
rc clock advance 1s >/dev/null
rc cli site-a startrcopygroup p
advance_until_synced p
same_data site-a:p_v1 site-b:p_v1
same_data site-a:p_v2 site-b:p_v2
exit 0
