#!/bin/sh
# A restart on the same database keeps targets, links (with their faults),
# groups, roles, policies and pairs exactly as they were.
. "$(dirname "$0")/lib.sh"
requires_own_server
start_rcsim

rc_group g
rc cli site-a setrcopygroup pol auto_recover g
rc_group p
rc io write site-a g_v --offset 0 --length 1M --pattern 1
rc cli site-a startrcopygroup g
rc cli site-a startrcopygroup p
advance_until_synced g
advance_until_synced p
# one group failed over, so that roles differ from the natural ones
rc cli site-a stoprcopygroup -f p
rc cli site-b setrcopygroup failover -f p.r101 >/dev/null
rc link set site-a site-b --port 1:3:1 --latency 25 --loss 3 >/dev/null

state() {
    for a in site-a site-b; do
        rc --json groups "$a"
    done
    rc --json status | jget remote_copy
    rc cli site-a showrcopy
    rc cli site-b showrcopy
}
before=$(state)
d=$(rc io digest site-b g_v)

restart_rcsim
assert_eq "$(state)" "$before" "remote copy after a restart"
assert_eq "$(group_state site-b p.r101)" "Primary-Rev/Stopped"
assert_eq "$(rc io digest site-b g_v)" "$d"

# and replication carries on
rc io write site-a g_v --offset 2M --length 16K --pattern 2
same_data site-a:g_v site-b:g_v
