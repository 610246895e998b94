#!/bin/sh
# All links down, no auto_recover (docs/array-remote-copy.md §3.2, §3.5, §6.6 item 3): after
# the timers the links are Down, the targets failed, the group Stopped on
# both sides with its volumes, a resync snapshot on site-a only, and host
# writes on site-a still work. Links back: the group stays Stopped until
# startrcopygroup, which resyncs and drops the snapshots.
. "$(dirname "$0")/lib.sh"
start_rcsim

rc_group g
rc io write site-a g_v --offset 0 --length 1M --pattern 1
rc cli site-a startrcopygroup g
advance_until_synced g
same_data site-a:g_v site-b:g_v

rc link down site-a site-b >/dev/null
rc clock advance 30s >/dev/null
st=$(rc --json status)
for i in 0 1; do
    for l in 0 1; do
        assert_eq "$(echo "$st" | jget remote_copy.$i.links.$l.status)" "Down" "link $l of array $i"
    done
    assert_eq "$(echo "$st" | jget remote_copy.$i.targets.0.status)" "failed" "target of array $i"
done
assert_eq "$(group_state site-a g)" "Primary/Stopped"
assert_eq "$(group_state site-b g.r101)" "Secondary/Stopped"
assert_eq "$(pair_status site-a g)" "Stopped"
assert_eq "$(pair_status site-b g.r101)" "Stopped"
assert_ne "$(gget site-a g pairs.0.last_sync)" "NA" "the stop time is the last sync time"
snap=$(gget site-a g pairs.0.resync_snapshot)
assert_contains "$snap" "rcpy." "resync snapshot on site-a"
rc cli site-a showvv | grep -q "$snap" || fail "showvv on site-a does not list $snap"
rc cli site-b showvv | grep -q rcpy && fail "site-b has a remote-copy snapshot"

# host writes on the primary carry on
rc io write site-a g_v --offset 2M --length 32K --pattern 2
d=$(rc io digest site-a g_v)
assert_ne "$d" "$(rc io digest site-b g_v)" "the secondary did not get the write"

rc link up site-a site-b >/dev/null
rc clock advance 60s >/dev/null
assert_eq "$(group_state site-a g)" "Primary/Stopped" "no auto_recover: stays stopped"
assert_eq "$(rc --json status | jget remote_copy.0.targets.0.status)" "ready"

rc cli site-a startrcopygroup g
advance_until_synced g
assert_eq "$(group_state site-b g.r101)" "Secondary/Started"
same_data site-a:g_v site-b:g_v
assert_eq "$(gget site-a g pairs.0.resync_snapshot)" "" "the resync snapshot is gone"
rc cli site-a showvv | grep -q rcpy && fail "rcpy snapshot left on site-a"
rc cli site-b showvv | grep -q rcpy && fail "snapshot left on site-b"
exit 0
