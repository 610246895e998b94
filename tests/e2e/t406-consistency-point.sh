#!/bin/sh
# One consistency point per group (docs/array-remote-copy.md §3.3, §3.5, §4, §2.4 failover;
# docs/behaviour.md §Remote copy): a cut transfer never leaves the volumes
# of a secondary group at different points in time, and LastSyncTime moves
# only when the whole group has reached its new point.
. "$(dirname "$0")/lib.sh"
start_rcsim

# ---- periodic: a cycle cut after one volume arrived --------------------------
RC_MODE=periodic rc_group p p_v1 p_v2
rc io write site-a p_v1 --offset 0 --length 1M --pattern 1 >/dev/null
rc io write site-a p_v2 --offset 0 --length 1M --pattern 2 >/dev/null
rc cli site-a startrcopygroup p
advance_until_synced p
mark_point old site-b p_v1 p_v2
last=$(gget site-a p pairs.0.last_sync)
assert_ne "$last" "NA"
rc clock advance 1m >/dev/null
rc io write site-a p_v1 --offset 0 --length 16K --pattern 3 >/dev/null
rc io write site-a p_v2 --offset 0 --length 8M --pattern 4 >/dev/null
mark_point new site-a p_v1 p_v2
rc link set site-a site-b --bandwidth 1 >/dev/null
rc cli site-a syncrcopy p </dev/null
rc clock advance 1s >/dev/null
assert_eq "$(pair_status site-a p 0)" "Synced" "p_v1 arrived"
assert_eq "$(pair_status site-a p 1)" "Syncing" "p_v2 under way"
assert_eq "$(gget site-a p pairs.0.last_sync)" "$last" "LastSyncTime waits for the whole group"
assert_eq "$(gget site-b p.r101 pairs.0.last_sync)" "$last"
assert_eq "$(gget site-a p last_sync)" "$last"
rc link down site-a site-b >/dev/null
rc clock advance 5m >/dev/null
assert_eq "$(group_state site-a p)/$(group_state site-b p.r101)" "Primary/Stopped/Secondary/Stopped"
for a in site-a:p site-b:p.r101; do
    assert_eq "$(pair_status ${a%%:*} ${a#*:} 0) $(pair_status ${a%%:*} ${a#*:} 1)" "Stale Stale" \
        "every volume of the cut cycle is Stale on $a"
done
assert_eq "$(group_point site-b p.r101 old new)" old "the secondary rolled back as a group"
assert_eq "$(gget site-b p.r101 pairs.0.last_sync)" "$last" "LastSyncTime is the last completed cycle"
assert_eq "$(gget site-b p.r101 pairs.1.last_sync)" "$last"
rc link up site-a site-b >/dev/null
rc link set site-a site-b --bandwidth 1000 >/dev/null
rc clock advance 1s >/dev/null
rc cli site-a startrcopygroup p
advance_until_synced p
assert_eq "$(group_point site-b p.r101 old new)" new
assert_ne "$(gget site-b p.r101 pairs.0.last_sync)" "$last" "a completed cycle moves it"
assert_eq "$(gget site-b p.r101 pairs.0.last_sync)" "$(gget site-b p.r101 pairs.1.last_sync)"

# ---- sync: a resync cut after one volume arrived, then failover --------------
# g_v2 is synced while still empty: it is protected before a resync too
rc reset >/dev/null
rm -rf "$E2E_TMP/points" "$E2E_TMP"/wsapi.key.*
rc_group g g_v1 g_v2
rc io write site-a g_v1 --offset 0 --length 1M --pattern 1 >/dev/null
rc cli site-a startrcopygroup g
advance_until_synced g
rc link down site-a site-b >/dev/null
rc clock advance 30s >/dev/null
rc io write site-a g_v1 --offset 0 --length 16K --pattern 3 >/dev/null
rc io write site-a g_v2 --offset 0 --length 8M --pattern 4 >/dev/null
mark_point old site-b g_v1 g_v2
mark_point new site-a g_v1 g_v2
rc link up site-a site-b >/dev/null
rc link set site-a site-b --bandwidth 1 >/dev/null
rc cli site-a startrcopygroup g
rc clock advance 1s >/dev/null
assert_eq "$(pair_status site-a g 0) $(pair_status site-a g 1)" "Synced Syncing"
rc link down site-a site-b >/dev/null
rc clock advance 30s >/dev/null
assert_eq "$(group_state site-b g.r101)" "Secondary/Stopped"
# the failover (WSAPI action 7) promotes the protection snapshots of every
# volume: one point in time for the group, the one before the resync
wsapi site-b POST /remotecopygroups/g.r101 '{"action": 7}' >/dev/null || fail "failover: $WSAPI_STATUS"
assert_eq "$(group_state site-b g.r101)" "Primary-Rev/Stopped"
assert_eq "$(group_point site-b g.r101 old new)" old "the failed-over group is at one point"

# back home: recover and restore bring site-b's point to site-a
rc io write site-b g_v2 --offset 1M --length 32K --pattern 5 >/dev/null
rc link up site-a site-b >/dev/null
rc link set site-a site-b --bandwidth 1000 >/dev/null
rc clock advance 1s >/dev/null
rc cli site-b setrcopygroup recover -f g.r101 >/dev/null
advance_until_synced g
same_data site-a:g_v1 site-b:g_v1
same_data site-a:g_v2 site-b:g_v2
rc cli site-b setrcopygroup restore -f g.r101 >/dev/null
rc clock advance 1s >/dev/null
advance_until_synced g
assert_eq "$(group_state site-a g)" "Primary/Started"
same_data site-a:g_v1 site-b:g_v1
same_data site-a:g_v2 site-b:g_v2
exit 0
