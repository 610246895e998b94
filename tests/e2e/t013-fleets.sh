#!/bin/sh
# Fleets of any size from a fixture (docs/fixtures.md): the built-in
# three-site-sld and hub-and-spoke fixtures, and an eight-array chain made
# from `rcsim fixture`; every array, target and link in `rcsim status`, and
# data replicated over each target proven by digests. A cut between two
# arrays leaves the others' links alone.
. "$(dirname "$0")/lib.sh"
requires_own_server

# every pair of arrays named: a group on $1 toward $2 (sync) with one 1 GiB
# volume, started and synced, data equal
replicate() {
    _g=g$3
    rc cli "$1" creatercopygroup -usr_cpg FC_r1 "$2:FC_r1" "$_g" "$2:${4:-sync}" >/dev/null
    rc cli "$1" createvv -tpvv FC_r1 "${_g}_v" 1g >/dev/null
    rc cli "$1" admitrcopyvv -createvv "${_g}_v" "$_g" "$2:${_g}_v" >/dev/null
    rc io write "$1" "${_g}_v" --offset 0 --length 256K --pattern "$3" >/dev/null
    rc cli "$1" startrcopygroup "$_g" >/dev/null
}

synced_on() {
    rc --json groups "$1" "$2" | $PY -c '
import json, sys
g = json.load(sys.stdin)
print("ok" if g["status"] == "Started" and all(p["status"] == "Synced" for p in g["pairs"]) else "no")'
}

until_synced_on() {
    _i=0
    while [ "$(synced_on "$1" "$2")" != ok ]; do
        _i=$((_i + 1))
        [ $_i -le 120 ] || fail "group $2 on $1 never synced: $(rc groups "$1" "$2")"
        rc clock advance 1s >/dev/null
    done
}

# ---- three-site-sld -----------------------------------------------------------
start_rcsim --free-ports --fixture three-site-sld
st=$(rc --json status)
assert_eq "$(echo "$st" | $PY -c '
import json, sys
s = json.load(sys.stdin)
print(" ".join("%s:%d:%d" % (r["array"], len(r["targets"]), len(r["links"])) for r in s["remote_copy"]))')" \
    "site-a:2:4 site-b:2:4 site-c:2:4" "three arrays, each with two targets of two links"
replicate site-a site-b 1
replicate site-a site-c 2 periodic
until_synced_on site-a g1
until_synced_on site-a g2
same_data site-a:g1_v site-b:g1_v
same_data site-a:g2_v site-c:g2_v
# a cut to the far site leaves the near one replicating
rc link down site-a site-c >/dev/null
rc clock advance 5m >/dev/null
assert_eq "$(group_state site-a g2)" "Primary/Stopped" "the far site's group stopped"
assert_eq "$(group_state site-a g1)" "Primary/Started" "the near site's group did not"
rc io write site-a g1_v --offset 1M --length 32K --pattern 9 >/dev/null
same_data site-a:g1_v site-b:g1_v
st=$(rc --json status)
assert_eq "$(echo "$st" | jget remote_copy.0.targets.1.status)" "failed"
assert_eq "$(echo "$st" | jget remote_copy.0.targets.0.status)" "ready"
stop_rcsim

# ---- hub and spoke: four arrays replicating to one ---------------------------------
rm -f "$RCSIM_DB"*
start_rcsim --free-ports --fixture hub-and-spoke
for i in 1 2 3 4; do replicate "spoke-$i" hub "$i"; done
for i in 1 2 3 4; do
    until_synced_on "spoke-$i" "g$i"
    same_data "spoke-$i:g${i}_v" "hub:g${i}_v"
done
assert_eq "$(rc cli hub showrcopy groups | grep -c 'Secondary')" 4 "the hub holds four secondaries"
stop_rcsim

# ---- eight arrays in a chain, made from the built-in fixture ------------------------
rm -f "$RCSIM_DB"*
rc fixture | $PY -c '
import copy, json, sys
f = json.load(sys.stdin)
proto = f["arrays"][0]
arrays, targets = [], []
for i in range(8):
    a = copy.deepcopy(proto)
    a["name"], a["id"] = "a%d" % i, 200 + i
    a["serial"], a["wwn"] = "4UW00002%02d" % i, "2FF70002AC0002%02X" % i
    a["wsapi"]["address"] = a["ssh"]["address"] = "127.0.0.1"
    for p in a["ports"]:
        if "wwn" in p:
            p["wwn"] = p["wwn"][:-2] + "%02X" % (0x80 + i)
        if "iqn" in p:
            p["iqn"] = p["iqn"][:-2] + "%02x" % (0x80 + i)
        if "ip" in p:
            p["ip"] = "10.%d.%d.%s" % (2 if p["mode"] == "rcip" else 3, i, p["ip"].split(".")[-1])
    arrays.append(a)
def link(src, dst):
    return {"array": "a%d" % src, "name": "a%d" % dst, "peer": "a%d" % dst, "type": "IP",
            "links": [{"local": "0:3:1", "address": "10.2.%d.11" % dst},
                      {"local": "1:3:1", "address": "10.2.%d.12" % dst}]}
for i in range(7):
    targets += [link(i, i + 1), link(i + 1, i)]
json.dump({"name": "chain-8", "arrays": arrays, "targets": targets}, sys.stdout)' >"$E2E_TMP/chain.json"
start_rcsim --free-ports --fixture "$E2E_TMP/chain.json"
assert_eq "$(rc --json status | jget arrays | $PY -c 'import json,sys; print(len(json.load(sys.stdin)))')" 8
for i in 0 1 2 3 4 5 6; do replicate "a$i" "a$((i + 1))" "$((i + 10))"; done
for i in 0 1 2 3 4 5 6; do
    until_synced_on "a$i" "g$((i + 10))"
    same_data "a$i:g$((i + 10))_v" "a$((i + 1)):g$((i + 10))_v"
done
# a cut between a3 and a4 stops only the group that crosses it
rc link down a3 a4 >/dev/null
rc clock advance 30s >/dev/null
assert_eq "$(group_state a3 g13)" "Primary/Stopped"
assert_eq "$(group_state a2 g12)/$(group_state a4 g14)" "Primary/Started/Primary/Started"
exit 0
