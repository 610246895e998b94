#!/bin/sh
# A cut shorter than the target timeout (docs/array-remote-copy.md §3.2, docs/behaviour.md
# §Remote copy): writes that reached the primary while the peer could not be
# reached are held (in flight) and sent when the links return, so a pair
# never shows Synced without them. Then a mixed workload with link flaps:
# whenever every pair shows Synced with nothing in flight, both sides hold
# equal data, seen through the control API and WSAPI.
. "$(dirname "$0")/lib.sh"
start_rcsim

rc_group g g_v1 g_v2 g_v3
for v in g_v1 g_v2 g_v3; do rc io write site-a $v --offset 0 --length 1M --pattern 1 >/dev/null; done
rc cli site-a startrcopygroup g
advance_until_synced g
same_data site-a:g_v1 site-b:g_v1
same_data site-a:g_v2 site-b:g_v2

rc link down site-a site-b >/dev/null
rc io write site-a g_v1 --offset 0 --length 64K --pattern 7 >/dev/null
assert_eq "$(pair_status site-a g 0)" "Synced" "a cut shorter than the timeout: still Synced"
assert_eq "$(gget site-a g pairs.0.in_flight_blocks)" 4 "the 64 KiB write is held"
assert_eq "$(gget site-b g.r101 pairs.0.in_flight_blocks)" 4 "the secondary shows it too"
assert_contains "$(rc groups site-a g)" "in flight 4 block(s)"
assert_ne "$(rc io digest site-a g_v1)" "$(rc io digest site-b g_v1)" "not there yet"
rc link up site-a site-b >/dev/null
rc clock advance 60s >/dev/null
assert_eq "$(group_state site-a g)" "Primary/Started"
assert_eq "$(pair_status site-a g 0)" "Synced"
assert_eq "$(gget site-a g pairs.0.in_flight_blocks)" 0 "the held write was sent"
for v in g_v1 g_v2 g_v3; do same_data site-a:$v site-b:$v; done

# WSAPI says the same: every volume Synced (3) on both arrays
for a in site-a:g site-b:g.r101; do
    wsapi "${a%%:*}" GET "/remotecopygroups/${a#*:}" | $PY -c '
import json, sys
g = json.load(sys.stdin)
st = [v["remoteVolumes"][0]["syncStatus"] for v in g["volumes"]]
assert st == [3, 3, 3], st' || fail "WSAPI syncStatus on $a"
done

# 15 s of mixed writes with a link flap every 2 s (none long enough to time
# out); each time every pair is Synced with nothing in flight, data is equal
seed=11
t=0
while [ $t -lt 30 ]; do
    for v in g_v1 g_v2 g_v3; do
        seed=$((seed + 1))
        rc io write site-a $v --offset $(( (seed * 7919 % 256) * 16384 )) --length 24K \
            --pattern $seed >/dev/null
    done
    [ $((t % 4)) -eq 0 ] && rc link down site-a site-b >/dev/null
    [ $((t % 4)) -eq 2 ] && rc link up site-a site-b >/dev/null
    rc clock advance 500ms >/dev/null
    if [ "$(rc --json groups site-a g | $PY -c '
import json, sys
g = json.load(sys.stdin)
print("quiet" if g["status"] == "Started" and all(p["status"] == "Synced" and
      p["in_flight_blocks"] == 0 for p in g["pairs"]) else "busy")')" = quiet ]; then
        for v in g_v1 g_v2 g_v3; do same_data site-a:$v site-b:$v; done
    fi
    t=$((t + 1))
done
rc link up site-a site-b >/dev/null
rc clock advance 10s >/dev/null
assert_eq "$(group_state site-a g)" "Primary/Started" "no flap was long enough to stop the group"
for i in 0 1 2; do
    assert_eq "$(pair_status site-a g $i)" "Synced"
    assert_eq "$(gget site-a g pairs.$i.in_flight_blocks)" 0
done
for v in g_v1 g_v2 g_v3; do same_data site-a:$v site-b:$v; done

# async streaming holds and sends the same way
rc cli site-a stoprcopygroup -f g >/dev/null
rc cli site-a setrcopygroup mode async site-b g >/dev/null
rc cli site-a startrcopygroup g >/dev/null
advance_until_synced g
rc link down site-a site-b >/dev/null
rc io write site-a g_v2 --offset 8M --length 32K --pattern 99 >/dev/null
assert_eq "$(gget site-a g pairs.1.in_flight_blocks)" 2
rc link up site-a site-b >/dev/null
rc clock advance 5s >/dev/null
assert_eq "$(gget site-a g pairs.1.in_flight_blocks)" 0
for v in g_v1 g_v2 g_v3; do same_data site-a:$v site-b:$v; done
exit 0
