#!/bin/sh
# A read error during the initial sync (docs/array-remote-copy.md §3.8, §6.6 item 15): the
# volume goes NotSynced, the group stays Started, syncrcopy fixes it.
. "$(dirname "$0")/lib.sh"
start_rcsim

rc_group g
rc io write site-a g_v --offset 0 --length 1M --pattern 1
rc fault site-a g_v --read-errors 1 >/dev/null
rc cli site-a startrcopygroup g
rc clock advance 10s >/dev/null
assert_eq "$(pair_status site-a g)" "NotSynced"
assert_eq "$(group_state site-a g)" "Primary/Started" "replication is not stopped"
assert_eq "$(group_state site-b g.r101)" "Secondary/Started"

rc cli site-a syncrcopy g </dev/null
advance_until_synced g
same_data site-a:g_v site-b:g_v
