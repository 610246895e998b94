#!/bin/sh
# The primary array fails (docs/array-remote-copy.md §3.7, §6.6 item 9): failover on
# site-b; site-a comes back in Failsafe (-createvv kept the WWNs); recover
# then restore bring the natural roles back with site-b's data.
. "$(dirname "$0")/lib.sh"
start_rcsim

rc_group g
rc io write site-a g_v --offset 0 --length 1M --pattern 1
rc cli site-a startrcopygroup g
advance_until_synced g

rc array down site-a >/dev/null
rc clock advance 30s >/dev/null
assert_eq "$(group_state site-b g.r101)" "Secondary/Stopped"
assert_eq "$(rc --json status | jget remote_copy.1.targets.0.status)" "failed"
expect_status 1 rc cli site-a showrcopy 2>/dev/null

rc cli site-b setrcopygroup failover -f g.r101 >/dev/null
assert_eq "$(group_state site-b g.r101)" "Primary-Rev/Stopped"
rc io write site-b g_v --offset 4M --length 32K --pattern 2
d_b=$(rc io digest site-b g_v)

rc array up site-a >/dev/null
rc clock advance 30s >/dev/null
assert_eq "$(group_state site-a g)" "Primary/Failsafe" "same WWNs: failsafe"
assert_contains "$(rc status)" "group g Primary/Failsafe"

rc cli site-b setrcopygroup recover -f g.r101 >/dev/null
assert_eq "$(group_state site-a g)" "Secondary-Rev/Started"
advance_until_synced g
assert_eq "$(rc io digest site-a g_v)" "$d_b"

rc cli site-b setrcopygroup restore -f g.r101 >/dev/null
rc clock advance 1s >/dev/null
advance_until_synced g
assert_eq "$(group_state site-a g)" "Primary/Started"
assert_eq "$(group_state site-b g.r101)" "Secondary/Started"
rc io write site-a g_v --offset 0 --length 16K --pattern 3
same_data site-a:g_v site-b:g_v
