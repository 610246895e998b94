#!/bin/sh
# The planned DR test of record (docs/array-remote-copy.md §6.5): stop on site-a, failover
# on site-b (Primary-Rev), write there, recover (site-a Secondary-Rev, data
# flows back), restore (natural roles, Started, Synced).
. "$(dirname "$0")/lib.sh"
start_rcsim

rc_group g
rc io write site-a g_v --offset 0 --length 1M --pattern 1
rc cli site-a startrcopygroup g
advance_until_synced g
assert_eq "$(group_state site-a g)" "Primary/Started"
assert_eq "$(group_state site-b g.r101)" "Secondary/Started"

rc cli site-a stoprcopygroup -f g
assert_eq "$(group_state site-a g)" "Primary/Stopped"
assert_eq "$(group_state site-b g.r101)" "Secondary/Stopped"

out=$(rc cli site-b setrcopygroup failover -f g.r101)
assert_contains "$out" "failover started with tasks:"
assert_eq "$(group_state site-b g.r101)" "Primary-Rev/Stopped"
task=${out##*tasks: }
assert_eq "$(rc --json cli site-b showtask -d "$task" | jget status)" 0
rc io write site-b g_v --offset 2M --length 64K --pattern 2
d_b=$(rc io digest site-b g_v)

rc cli site-b setrcopygroup recover -f g.r101 >/dev/null
assert_eq "$(group_state site-a g)" "Secondary-Rev/Started"
assert_eq "$(group_state site-b g.r101)" "Primary-Rev/Started"
advance_until_synced g
assert_eq "$(rc io digest site-a g_v)" "$d_b" "site-b's data flowed back to site-a"
same_data site-b:g_v site-a:g_v
expect_fail rc io write site-a g_v --offset 0 --length 16K --pattern 3 2>/dev/null

rc cli site-b setrcopygroup restore -f g.r101 >/dev/null
rc clock advance 1s >/dev/null
advance_until_synced g
assert_eq "$(group_state site-a g)" "Primary/Started"
assert_eq "$(group_state site-b g.r101)" "Secondary/Started"
rc io write site-a g_v --offset 3M --length 16K --pattern 4
same_data site-a:g_v site-b:g_v
