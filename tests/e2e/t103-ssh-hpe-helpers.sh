#!/bin/sh
# t103: python-3parclient's SSH helper methods (docs/array-interfaces.md
# §3.6): findHost (createhost), findHostSet (showhostset -host), setQOSRule
# (setqos), getPatches/getPatch (showpatch), getPortNumber (showwsapi), each
# parsed by the client's rule and checked over WSAPI; then the same objects
# through the CLI: volume sets, hosts and QoS rules, and their refusals.
. "$(dirname "$0")/lib.sh"
requires /usr/bin/python3
/usr/bin/python3 -c 'import requests, paramiko' 2>/dev/null || { echo "skip: requires python3-requests and python3-paramiko"; exit 77; }
requires_own_server
start_rcsim

/usr/bin/python3 "$(dirname "$0")/helpers/hpe_ssh_methods.py" "$PORT_OFFSET" ||
    fail "the client's SSH helper methods"

# volume sets from the CLI: create, add, list, filter, remove members, remove
rc cli site-a createvv -tpvv FC_r1 sv1 1g
rc cli site-a createvv -tpvv FC_r1 sv2 1g
rc cli site-a createvvset -comment "two volumes" CLISET sv1
rc cli site-a createvvset -add CLISET sv2
out=$(rc cli site-a showvvset -vv sv2 -d CLISET)
assert_contains "$out" "two volumes"
assert_contains "$out" "sv2"
out=$(rc cli site-a showvvset -csvtable CLISET)
assert_contains "$out" "Id,Name,Members"
expect_fail rc cli site-a createvvset CLISET sv1
expect_fail rc cli site-a createvvset -add CLISET nosuchvv
expect_fail rc cli site-a removevvset -f CLISET nosuchvv
rc cli site-a removevvset -f CLISET sv2
out=$(rc cli site-a showvvset CLISET)
case $out in *sv2*) fail "sv2 still in the set: $out" ;; esac
# the set's QoS rule goes with it
rc cli site-a setqos -io 100-200 -bw 1m-2m -pri high -lt 5 vvset:CLISET
rc cli site-a setqos -off vvset:CLISET
rc cli site-a removevvset -f CLISET
expect_fail rc cli site-a setqos -clear vvset:CLISET
out=$(rc cli site-a showvvset CLISET)
assert_contains "$out" "No vv set listed"

# setqos refusals: bad values and targets are usage errors, nothing changes
expect_fail rc cli site-a setqos -io lots sys:all_others
expect_fail rc cli site-a setqos -bw 5x sys:all_others
expect_fail rc cli site-a setqos -io 300-100 sys:all_others
expect_fail rc cli site-a setqos -io 300 host:h1
expect_fail rc cli site-a setqos -pri urgent sys:all_others
rc cli site-a setqos -io 500 sys:all_others

# hosts from the CLI: a path has one owner, a host in a set stays
rc cli site-a createhost -persona 11 clihost 10000000C9000001 10000000C9000002
out=$(rc cli site-a showhost clihost)
assert_contains "$out" "WindowsServer"
assert_contains "$out" "10000000C9000002"
st=0; out=$(rc cli site-a createhost other 10000000C9000002 2>&1) || st=$?
assert_eq "$st" 1
assert_contains "$out" "already used by host clihost"
expect_fail rc cli site-a createhost -persona 99 other2 10000000C9000003
expect_fail rc cli site-a createhost bad:name 10000000C9000003
expect_fail rc cli site-a removehost hpehost1
rc cli site-a removehost clihost
out=$(rc cli site-a showhost)
case $out in *clihost*) fail "clihost still listed: $out" ;; esac

# browse users read sets, hosts and the WSAPI service but change nothing
out=$(rc cli --user browse site-a showhostset)
assert_contains "$out" "HPEHS1"
rc cli --user browse site-a showwsapi >/dev/null
expect_fail rc cli --user browse site-a createvvset BSET sv1
expect_fail rc cli --user browse site-a setqos -io 1 sys:all_others
expect_fail rc cli --user browse site-a createhost bhost
out=$(rc cli site-a showvvset)
case $out in *BSET*) fail "a browse user made a set: $out" ;; esac

# a scheduled snapshot is taken at its own simulated time, runs as its
# owner, records a failed run, and the schedule survives a restart
rc cli site-a createsched "createsv -ro sv1-snap sv1" "@hourly" SNAPS
rc cli --user browse site-a showsched SNAPS >/dev/null
expect_fail rc cli --user browse site-a removesched -f SNAPS
rc clock advance 2h >/dev/null
out=$(rc cli site-a showvv sv1-snap)
assert_contains "$out" "sv1-snap"
out=$(rc cli site-a showsched -d SNAPS)
assert_contains "$out" "already exists"     # the second run found the name taken
restart_rcsim
out=$(rc cli site-a showsched SNAPS)
assert_contains "$out" "active"
rc cli site-a removesched -f SNAPS
out=$(rc cli site-a showsched)
assert_contains "$out" "No scheduled tasks listed"

# rcsim cli asks again on an answer that is not y, n or q, as the array does
# (questions go to stderr when stdout is not a terminal)
rc cli site-a createsched "showsys" "@daily" ASKME
out=$(printf 'maybe\ny\n' | "$RCSIM" --server "$RCSIM_URL" cli site-a removesched ASKME 2>&1)
assert_contains "$out" 'Unrecognized input "maybe"'
out=$(rc cli site-a showsched ASKME)
assert_contains "$out" "No scheduled tasks listed"
