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
# with two targets, setrcopygroup and syncrcopy must be told which leg
out=$(rc cli site-a setrcopygroup pol auto_recover g 2>&1) && fail "a policy without -t: $out"
assert_contains "$out" "Group g has more than one target: specify one with -t"
out=$(rc cli site-a syncrcopy g 2>&1) && fail "a sync without -t: $out"
assert_contains "$out" "more than one target"
rc cli site-a setrcopygroup pol -t site-b no_auto_recover g >/dev/null
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

# a volume admitted later names a secondary on each target
rc cli site-a stoprcopygroup -f g >/dev/null
rc cli site-a createvv -tpvv FC_r1 w 1g >/dev/null
rc cli site-c createvv -tpvv FC_r1 w 1g >/dev/null
out=$(rc cli site-a admitrcopyvv -createvv w g site-b:w 2>&1) && fail "one target named: $out"
assert_contains "$out" "must specify a mapping for w"
out=$(rc cli site-a admitrcopyvv w g site-b:w site-c:w 2>&1) && fail "site-b has no w: $out"
rc cli site-b createvv -tpvv FC_r1 w 1g >/dev/null
rc cli site-a admitrcopyvv w g site-b:w site-c:w >/dev/null
rc io write site-a w --offset 0 --length 128K --pattern 6 >/dev/null
rc cli site-a startrcopygroup g >/dev/null
until_legs_synced
assert_eq "$(rc io digest site-b w)" "$(rc io digest site-a w)" "w on the near site"
assert_eq "$(rc io digest site-c w)" "$(rc io digest site-a w)" "w on the far site"

# each secondary shows the third leg, toward the other secondary, as Backup
assert_eq "$(leg site-b g.r101 site-a)" "Secondary/Started/Sync" "the near secondary"
assert_eq "$(leg site-b g.r101 site-c)" "Secondary/Backup/Periodic" "the near site's standby leg"
assert_eq "$(leg site-c g.r101 site-b)" "Secondary/Backup/Periodic" "the far site's standby leg"
sr=$(rc cli site-b showrcopy groups g.r101)
assert_eq "$(echo "$sr" | grep -c 'Backup')" 1 "showrcopy on site-b: $sr"

# a host write reaches the near site at once, the far one at the next cycle
rc io write site-a v --offset 1M --length 64K --pattern 2 >/dev/null
a=$(digest site-a)
assert_eq "$(digest site-b)" "$a" "the sync leg writes through"
assert_ne "$(digest site-c)" "$a" "the periodic leg waits for its cycle"
rc clock advance 5m >/dev/null
until_legs_synced
assert_eq "$(digest site-c)" "$a" "the periodic cycle"

# ---- the near site's links go: the sync leg stops, the far leg goes on -----------
rc link down site-a site-b >/dev/null
rc clock advance 1m >/dev/null
assert_eq "$(leg site-a g site-b)" "Primary/Stopped/Sync" "the near leg stopped"
assert_eq "$(leg site-a g site-c)" "Primary/Started/Periodic" "the far leg runs"
rc io write site-a v --offset 2M --length 64K --pattern 3 >/dev/null
rc clock advance 5m >/dev/null
a=$(digest site-a)
assert_eq "$(digest site-c)" "$a" "the far copy follows without the near site"
assert_ne "$(digest site-b)" "$a" "the near copy is behind"
b=$(digest site-b)

# ---- site-a is lost: the far site fails over and takes the writes ----------------
rc array down site-a >/dev/null
rc clock advance 5m >/dev/null
rc cli site-c setrcopygroup failover -f g.r101 >/dev/null
assert_eq "$(group_state site-c g.r101)" "Primary-Rev/Stopped" "failover at the far site"
rc io write site-c v --offset 3M --length 64K --pattern 4 >/dev/null
c=$(digest site-c)
assert_ne "$c" "$a" "the far site wrote after the failover"
assert_eq "$(digest site-b)" "$b" "the near copy untouched"

# ---- site-a comes back: recover from the far site, then restore ------------------
rc array up site-a >/dev/null
rc clock advance 1m >/dev/null
assert_eq "$(leg site-a g site-c)" "Secondary-Rev/Stopped/Periodic" "site-a learns of the failover"
rc cli site-c setrcopygroup recover -f g.r101 >/dev/null
i=0
while [ "$(digest site-a)" != "$c" ]; do
    i=$((i + 1))
    [ $i -le 300 ] || fail "recover never brought site-a the far site's data"
    rc clock advance 1s >/dev/null
done
rc cli site-c setrcopygroup restore -f g.r101 >/dev/null
rc clock advance 10s >/dev/null
assert_eq "$(leg site-a g site-c)" "Primary/Started/Periodic" "restored"
assert_eq "$(group_state site-c g.r101)" "Secondary/Started" "the far site secondary again"
assert_eq "$(digest site-a)" "$c" "site-a holds the far site's writes"
assert_eq "$(digest site-c)" "$c" "the far copy"

# ---- the near links return: its leg resyncs the delta -----------------------------
rc link up site-a site-b >/dev/null
rc clock advance 1m >/dev/null
rc cli site-a startrcopygroup -t site-b g >/dev/null
until_legs_synced
assert_eq "$(leg site-a g site-b)" "Primary/Started/Sync" "the near leg runs again"
a=$(digest site-a)
assert_eq "$a" "$c" "site-a"
assert_eq "$(digest site-b)" "$a" "the near copy caught up"
assert_eq "$(digest site-c)" "$a" "the far copy"
rc io write site-a v --offset 4M --length 64K --pattern 5 >/dev/null
assert_eq "$(digest site-b)" "$(digest site-a)" "writes go through to the near site again"

# ---- dismissing a volume takes it out of every leg ------------------------------
rc cli site-a stoprcopygroup -f g >/dev/null
rc cli site-a dismissrcopyvv -f w g >/dev/null
n=$(rc --json groups site-a g | $PY -c '
import json, sys
g = json.load(sys.stdin)
print(sum(p["local_vv"] == "w" for l in [g] + g["legs"] for p in l["pairs"]))')
assert_eq "$n" 0 "w left both legs"
rc cli site-a startrcopygroup g >/dev/null
until_legs_synced

# ---- dismissing the far target leaves a one-target group -------------------------
out=$(rc cli site-a dismissrcopytarget -f site-c g 2>&1) && fail "dismissed while started: $out"
rc cli site-a stoprcopygroup -f -t site-c g >/dev/null
rc cli site-a dismissrcopytarget -f site-c g >/dev/null
assert_eq "$(rc --json groups site-a g | jget legs | $PY -c 'import json,sys; print(len(json.load(sys.stdin)))')" 0 "one leg left"
out=$(rc cli site-c showrcopy groups 2>&1)
case $out in *g.r101*) fail "the far site's group stayed: $out" ;; esac
out=$(rc cli site-a dismissrcopytarget -f site-b g 2>&1) && fail "the only target dismissed: $out"

echo ok
