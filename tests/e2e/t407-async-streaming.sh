#!/bin/sh
# Async streaming for real (docs/array-remote-copy.md §1.5, §1.7, §3.4;
# docs/behaviour.md): host writes go continuously with a visible lag,
# coordinated snapshots are taken on both sides every snap_freq (when the
# queue has drained), a cut rolls the secondary back to the last of them,
# and the control API reports the recovery point and the achieved RPO.
. "$(dirname "$0")/lib.sh"
start_rcsim

RC_MODE=async rc_group a a_v1 a_v2
rc cli site-a setrcopygroup snap_freq 5m site-b a
rc io write site-a a_v1 --offset 0 --length 1M --pattern 1 >/dev/null
rc io write site-a a_v2 --offset 0 --length 1M --pattern 2 >/dev/null
rc cli site-a startrcopygroup a
advance_until_synced a
same_data site-a:a_v1 site-b:a_v1
p0=$(gget site-a a recovery_point_ms)
assert_ne "$p0" 0 "the first coordinated point: the initial sync"
assert_eq "$(gget site-b a.r101 recovery_point_ms)" "$p0" "both sides agree on it"
rc cli site-b showvv | grep -q 'rcpy\.' || fail "no coordinated snapshot on site-b"

# slow links: the writes queue, the lag shows, then drains
rc link set site-a site-b --bandwidth 1 >/dev/null
rc io write site-a a_v1 --offset 4M --length 4M --pattern 3 >/dev/null
assert_eq "$(gget site-a a lag_bytes)" 4194304 "4 MiB behind"
rc clock advance 1s >/dev/null
lag=$(gget site-a a lag_ms)
[ "$lag" -ge 1000 ] || fail "the lag in time: $lag ms"
assert_eq "$(gget site-b a.r101 lag_ms)" "$lag" "site-b shows the source's lag"
rc clock advance 5s >/dev/null
assert_eq "$(gget site-a a lag_bytes)" 0 "drained"
assert_eq "$(gget site-a a lag_ms)" 0
same_data site-a:a_v1 site-b:a_v1

# every snap_freq a new coordinated point, on both sides
rc clock advance 5m >/dev/null
p1=$(gget site-a a recovery_point_ms)
[ "$p1" -gt "$p0" ] || fail "no new coordinated point after snap_freq ($p0 -> $p1)"
mark_point p1 site-a a_v1 a_v2
assert_eq "$(gget site-a a pairs.0.last_sync)" "$(gget site-b a.r101 pairs.1.last_sync)"

# a cut while writes are in flight: the secondary goes back to that point
rc io write site-a a_v2 --offset 8M --length 4M --pattern 4 >/dev/null
rc io write site-a a_v1 --offset 16M --length 4M --pattern 5 >/dev/null
rc clock advance 2s >/dev/null
rc link down site-a site-b >/dev/null
cut=$(rc --json clock | jget now_ms)
rc clock advance 4m >/dev/null
assert_eq "$(group_state site-b a.r101)" "Secondary/Stopped"
assert_eq "$(pair_status site-b a.r101 0) $(pair_status site-b a.r101 1)" "Stale Stale"
assert_eq "$(group_point site-b a.r101 p1)" p1 "rolled back to the last coordinated point"
assert_eq "$(gget site-b a.r101 recovery_point_ms)" "$p1"
rpo=$(gget site-b a.r101 rpo_ms)
now=$(rc --json clock | jget now_ms)
assert_eq "$rpo" "$((now - p1))" "the RPO is the age of the recovery point"
[ $((cut - p1)) -gt 0 ] || fail "the writes since the point are what a failover would lose"

# back: the delta from the point, then a new point at the end of the resync
rc link up site-a site-b >/dev/null
rc link set site-a site-b --bandwidth 1000 >/dev/null
rc clock advance 1s >/dev/null
rc cli site-a startrcopygroup a
advance_until_synced a
same_data site-a:a_v1 site-b:a_v1
same_data site-a:a_v2 site-b:a_v2
[ "$(gget site-a a recovery_point_ms)" -gt "$p1" ] || fail "no point after the resync"

# a manual stop with nothing in flight stops at a point: nothing is lost
rc io write site-a a_v2 --offset 30M --length 64K --pattern 6 >/dev/null
rc clock advance 1s >/dev/null
rc cli site-a stoprcopygroup -f a >/dev/null
assert_eq "$(pair_status site-b a.r101 1)" "Stopped"
same_data site-a:a_v2 site-b:a_v2
exit 0
