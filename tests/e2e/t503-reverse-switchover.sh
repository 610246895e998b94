#!/bin/sh
# Planned moves with the links up: switchover flips Primary and Secondary
# with no Stopped phase; reverse (stop on the primary, reverse on the
# secondary, start) swaps them back (docs/array-remote-copy.md §2.4, §6.3).
. "$(dirname "$0")/lib.sh"
start_rcsim

rc_group g
rc io write site-a g_v --offset 0 --length 1M --pattern 1
rc cli site-a startrcopygroup g
advance_until_synced g

rc cli site-a setrcopygroup switchover -f g >/dev/null
assert_eq "$(group_state site-a g)" "Secondary/Started"
assert_eq "$(group_state site-b g.r101)" "Primary/Started"
rc clock advance 1s >/dev/null
advance_until_synced g
rc io write site-b g_v --offset 1M --length 16K --pattern 2
same_data site-b:g_v site-a:g_v
expect_fail rc io write site-a g_v --offset 0 --length 16K --pattern 3 2>/dev/null

# back: stop on the current primary, reverse on the current secondary
rc cli site-b stoprcopygroup -f g.r101
assert_eq "$(group_state site-a g)" "Secondary/Stopped"
rc cli site-a setrcopygroup reverse -f g >/dev/null
assert_eq "$(group_state site-a g)" "Primary/Stopped"
assert_eq "$(group_state site-b g.r101)" "Secondary/Stopped"
rc cli site-a startrcopygroup g
advance_until_synced g
assert_eq "$(group_state site-b g.r101)" "Secondary/Started"
rc io write site-a g_v --offset 2M --length 16K --pattern 4
same_data site-a:g_v site-b:g_v
